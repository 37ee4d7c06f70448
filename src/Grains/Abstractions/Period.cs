using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Changdu;

public enum PeriodKind
{
    Week = 1,
    Month = 2,
    Quarter = 3,
    HalfYear = 4,
    Year = 5,
}

/// <summary>
/// A calendar period: ISO week (2016-W23), month (2016-05), quarter (2016-Q2), half-year (2016-H1)
/// or year (2016). A week belongs to the month, quarter, half-year and year of its Thursday,
/// as ISO 8601 assigns weeks to years.
/// </summary>
[GenerateSerializer, Immutable, Alias("Changdu.Period")]
public readonly record struct Period
{
    public const int MinYear = 2000;
    public const int MaxYear = 2100;

    [Id(0)] public PeriodKind Kind { get; }
    [Id(1)] public int Year { get; }
    /// <summary>Week 1–53, month 1–12, quarter 1–4, half 1–2; 1 for a year.</summary>
    [Id(2)] public int Index { get; }

    Period(PeriodKind kind, int year, int index) => (Kind, Year, Index) = (kind, year, index);

    public static Period Week(int year, int week) =>
        year is >= MinYear and <= MaxYear && week >= 1 && week <= ISOWeek.GetWeeksInYear(year)
            ? new(PeriodKind.Week, year, week)
            : throw Invalid($"{year}-W{week}");

    public static Period Month(int year, int month) => Make(PeriodKind.Month, year, month, 12);
    public static Period Quarter(int year, int quarter) => Make(PeriodKind.Quarter, year, quarter, 4);
    public static Period HalfYear(int year, int half) => Make(PeriodKind.HalfYear, year, half, 2);
    public static Period OfYear(int year) => Make(PeriodKind.Year, year, 1, 1);

    /// <summary>The first day of the period; for a week, its Thursday, the day that places it in a month and year.</summary>
    public DateOnly Anchor => Kind == PeriodKind.Week
        ? DateOnly.FromDateTime(ISOWeek.ToDateTime(Year, Index, DayOfWeek.Thursday))
        : Start;

    /// <summary>First day of the period (Monday for a week).</summary>
    public DateOnly Start => Kind switch
    {
        PeriodKind.Week => DateOnly.FromDateTime(ISOWeek.ToDateTime(Year, Index, DayOfWeek.Monday)),
        PeriodKind.Month => new DateOnly(Year, Index, 1),
        PeriodKind.Quarter => new DateOnly(Year, (Index - 1) * 3 + 1, 1),
        PeriodKind.HalfYear => new DateOnly(Year, (Index - 1) * 6 + 1, 1),
        _ => new DateOnly(Year, 1, 1),
    };

    /// <summary>The day after the period's last day.</summary>
    public DateOnly End => Kind switch
    {
        PeriodKind.Week => Start.AddDays(7),
        PeriodKind.Month => Start.AddMonths(1),
        PeriodKind.Quarter => Start.AddMonths(3),
        PeriodKind.HalfYear => Start.AddMonths(6),
        _ => Start.AddYears(1),
    };

    /// <summary>Whether <paramref name="other"/> lies within this period (a period contains itself).</summary>
    public bool Contains(Period other)
    {
        if (other == this)
        {
            return true;
        }
        if (other.Kind >= Kind)
        {
            return false;
        }
        return other.Kind == PeriodKind.Week
            ? Start <= other.Anchor && other.Anchor < End
            : Start <= other.Start && other.End <= End;
    }

    /// <summary>The periods of <paramref name="kind"/> that lie within this one, in order (weeks by their Thursday).</summary>
    public IEnumerable<Period> Split(PeriodKind kind) => Between(Start, End, kind);

    /// <summary>The periods of <paramref name="kind"/> from <paramref name="start"/> up to <paramref name="end"/>, weeks by their Thursday.</summary>
    public static IEnumerable<Period> Between(DateOnly start, DateOnly end, PeriodKind kind)
    {
        if (kind == PeriodKind.Week)
        {
            var thursday = start.AddDays(((int)DayOfWeek.Thursday - (int)start.DayOfWeek + 7) % 7);
            for (; thursday < end; thursday = thursday.AddDays(7))
            {
                var day = thursday.ToDateTime(TimeOnly.MinValue);
                yield return Week(ISOWeek.GetYear(day), ISOWeek.GetWeekOfYear(day));
            }
            yield break;
        }
        var months = kind switch { PeriodKind.Month => 1, PeriodKind.Quarter => 3, PeriodKind.HalfYear => 6, _ => 12 };
        for (var first = start; first < end; first = first.AddMonths(months))
        {
            yield return Make(kind, first.Year, (first.Month - 1) / months + 1, 12 / months);
        }
    }

    public static bool TryParse([NotNullWhen(true)] string? text, out Period period)
    {
        period = default;
        if (string.IsNullOrEmpty(text) || text.Length < 4 || !TryYear(text.AsSpan(0, 4), out var year))
        {
            return false;
        }
        var rest = text.AsSpan(4);
        if (rest.IsEmpty)
        {
            period = OfYear(year);
            return true;
        }
        if (rest.Length < 3 || rest[0] != '-')
        {
            return false;
        }
        var marker = rest[1];
        var digits = char.IsAsciiDigit(marker) ? rest[1..] : rest[2..];
        if (digits.Length is < 1 or > 2 || !digits.ToArray().All(char.IsAsciiDigit)
            || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return false;
        }
        (PeriodKind kind, int max, int width) = marker switch
        {
            'W' => (PeriodKind.Week, ISOWeek.GetWeeksInYear(year), 2),
            'Q' => (PeriodKind.Quarter, 4, 1),
            'H' => (PeriodKind.HalfYear, 2, 1),
            _ when char.IsAsciiDigit(marker) => (PeriodKind.Month, 12, 2),
            _ => (default(PeriodKind), 0, 0),
        };
        if (max == 0 || digits.Length != width || index < 1 || index > max)
        {
            return false;
        }
        period = new Period(kind, year, index);
        return true;
    }

    public static Period Parse(string text) => TryParse(text, out var period) ? period : throw Invalid(text);

    public override string ToString() => Kind switch
    {
        PeriodKind.Week => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-W{Index:D2}"),
        PeriodKind.Month => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Index:D2}"),
        PeriodKind.Quarter => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-Q{Index}"),
        PeriodKind.HalfYear => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-H{Index}"),
        _ => Year.ToString("D4", CultureInfo.InvariantCulture),
    };

    static bool TryYear(ReadOnlySpan<char> text, out int year) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out year) && year is >= MinYear and <= MaxYear;

    static Period Make(PeriodKind kind, int year, int index, int max) =>
        year is >= MinYear and <= MaxYear && index >= 1 && index <= max ? new(kind, year, index) : throw Invalid($"{kind} {year}/{index}");

    static FormatException Invalid(string text) => new($"'{text}' is not a period (2016-W23, 2016-05, 2016-Q2, 2016-H1 or 2016).");
}
