using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Changdu.Gateway.Api;

/// <summary>Checks shared by the request contracts; each failure names its field in the 400 answer.</summary>
public static class Fields
{
    public const int MaxIdLength = 64;
    public const int MaxCategoryLength = 40;
    public const int MaxTextLength = 2_000;

    /// <summary>A client-chosen id: 1–64 letters, digits, '-', '_', '.' or ':'.</summary>
    public static string? Id(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxIdLength || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
        {
            errors[field] = [$"Required: 1–{MaxIdLength} letters, digits, '-', '_', '.' or ':'."];
            return null;
        }
        return value;
    }

    /// <summary>A category: lower-case letters, digits and '-', starting with a letter, e.g. "livelihood" or "party-building".</summary>
    public static string? Category(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxCategoryLength || !char.IsAsciiLetterLower(value[0])
            || !value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            errors[field] = [$"Required: 1–{MaxCategoryLength} lower-case letters, digits or '-', starting with a letter (e.g. livelihood, party-building)."];
            return null;
        }
        return value;
    }

    public static string? Text(string? value, string field, bool required, Dictionary<string, string[]> errors)
    {
        if (required && string.IsNullOrWhiteSpace(value))
        {
            errors[field] = [$"Required: up to {MaxTextLength:N0} characters."];
            return null;
        }
        if (value is { Length: > MaxTextLength })
        {
            errors[field] = [$"At most {MaxTextLength:N0} characters."];
            return null;
        }
        return value;
    }

    public static DateOnly? Date(DateOnly? value, string field, Dictionary<string, string[]> errors)
    {
        if (value is not { } date)
        {
            errors[field] = ["Required: a date, e.g. 2016-05-03."];
            return null;
        }
        if (date.Year is < Period.MinYear or > Period.MaxYear)
        {
            errors[field] = [$"{date:yyyy-MM-dd} is out of range: years {Period.MinYear}–{Period.MaxYear}."];
            return null;
        }
        return date;
    }

    /// <summary>A date that defaults to <paramref name="today"/> and may not lie after it (a paper record entered later).</summary>
    public static DateOnly? PastDate(DateOnly? value, string field, DateOnly today, Dictionary<string, string[]> errors)
    {
        if (value is null)
        {
            return today;
        }
        if (Date(value, field, errors) is not { } date)
        {
            return null;
        }
        if (date > today)
        {
            errors[field] = [$"{date:yyyy-MM-dd} is after today ({today:yyyy-MM-dd})."];
            return null;
        }
        return date;
    }

    public static int? Count(int? value, string field, int max, Dictionary<string, string[]> errors)
    {
        if (value is not { } count || count < 0 || count > max)
        {
            errors[field] = [$"Required: a whole number from 0 to {max.ToString("N0", CultureInfo.InvariantCulture)}."];
            return null;
        }
        return count;
    }

    /// <summary>The <c>year</c> of a query, or the 400 answer that names it.</summary>
    public static bool TryYear(int? value, out int year, out ValidationProblem problem)
    {
        year = value ?? 0;
        problem = null!;
        if (value is >= Period.MinYear and <= Period.MaxYear)
        {
            return true;
        }
        problem = TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { ["year"] = [$"Required: a year from {Period.MinYear} to {Period.MaxYear}."] },
            title: "The year is not valid", type: Problems.TypeOf("invalid-period"));
        return false;
    }

    /// <summary>
    /// The <c>period</c> of a query: one period or a run of them; null when it is left out and not
    /// <paramref name="required"/> (all time). Otherwise the 400 answer that names it.
    /// </summary>
    public static bool TryRange(string? text, bool required, out PeriodRange? range, out ValidationProblem problem)
    {
        range = null;
        problem = null!;
        if (text is null && !required)
        {
            return true;
        }
        if (PeriodRange.TryParse(text, out var parsed))
        {
            range = parsed;
            return true;
        }
        var allTime = required ? "" : ", or leave it out for all time";
        problem = TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { ["period"] = [$"'{text}' is not a period: use 2016-W23, 2016-05, 2016-Q2, 2016-H1, 2016 or a run like 2015-12..2016-10{allTime}."] },
            title: "The period is not valid", type: Problems.TypeOf("invalid-period"));
        return false;
    }

    /// <summary>The <c>month</c> of a query, the month of <paramref name="today"/> when left out; otherwise the 400 answer that names it.</summary>
    public static bool TryMonth(string? text, DateOnly today, out Period month, out ValidationProblem problem) =>
        TryMonth(text ?? Period.Month(today.Year, today.Month).ToString(), "month", out month, out problem);

    /// <summary>A month in a route or query, e.g. 2016-03; otherwise the 400 answer that names the field.</summary>
    public static bool TryMonth(string? text, string field, out Period month, out ValidationProblem problem)
    {
        problem = null!;
        if (Period.TryParse(text, out month) && month.Kind == PeriodKind.Month)
        {
            return true;
        }
        problem = TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [field] = [$"'{text}' is not a month: use e.g. 2016-03."] },
            title: "The month is not valid", type: Problems.TypeOf("invalid-period"));
        return false;
    }
}
