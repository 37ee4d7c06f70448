using System.Diagnostics.CodeAnalysis;

namespace Changdu.Gateway.Api;

/// <summary>
/// A report as a client sends it. Every field is optional here so that a missing one is named in
/// the 400 answer rather than failing JSON binding as a whole.
/// </summary>
public sealed record ReportRequest(
    string? ReportId,
    string? Cadence,
    string? Period,
    int? MeetingsHeld,
    int? ProblemsIdentified,
    int? ProblemsResolved,
    string? Notes)
{
    public const int MaxReportIdLength = 64;
    public const int MaxNotesLength = 2_000;

    public bool TryToDraft([NotNullWhen(true)] out ReportDraft? draft, out Dictionary<string, string[]> errors)
    {
        errors = [];
        if (string.IsNullOrEmpty(ReportId))
        {
            errors["reportId"] = ["Required: the client's id for this report (1–64 letters, digits, '-', '_', '.' or ':')."];
        }
        else
        {
            ValidateReportId(ReportId, errors);
        }
        var cadence = ParseCadence(required: true, errors);
        var period = ParsePeriod(cadence, required: true, errors);
        var figures = ParseFigures(errors);
        ValidateNotes(errors);
        draft = errors.Count == 0 ? new ReportDraft(ReportId!, cadence!.Value, period!.Value, figures!, Notes) : null;
        return draft is not null;
    }

    public bool TryToCorrection(string reportIdInPath, [NotNullWhen(true)] out ReportCorrection? correction, out Dictionary<string, string[]> errors)
    {
        errors = [];
        ValidateReportId(reportIdInPath, errors);
        if (ReportId is not null && ReportId != reportIdInPath)
        {
            errors["reportId"] = [$"The body names report '{ReportId}' but the path names '{reportIdInPath}'."];
        }
        var cadence = ParseCadence(required: false, errors);
        var period = ParsePeriod(cadence, required: false, errors);
        var figures = ParseFigures(errors);
        ValidateNotes(errors);
        correction = errors.Count == 0 ? new ReportCorrection(cadence, period, figures!, Notes) : null;
        return correction is not null;
    }

    static void ValidateReportId(string reportId, Dictionary<string, string[]> errors)
    {
        if (reportId.Length > MaxReportIdLength || !reportId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
        {
            errors["reportId"] = ["Must be 1–64 letters, digits, '-', '_', '.' or ':'."];
        }
    }

    Cadence? ParseCadence(bool required, Dictionary<string, string[]> errors)
    {
        if (Cadence is null)
        {
            if (required)
            {
                errors["cadence"] = [$"Required: one of {string.Join(", ", Cadences.Names)}."];
            }
            return null;
        }
        if (Cadences.TryParse(Cadence, out var cadence))
        {
            return cadence;
        }
        errors["cadence"] = [$"'{Cadence}' is not a cadence: use one of {string.Join(", ", Cadences.Names)}."];
        return null;
    }

    Period? ParsePeriod(Cadence? cadence, bool required, Dictionary<string, string[]> errors)
    {
        if (Period is null)
        {
            if (required)
            {
                errors["period"] = ["Required: the period reported, e.g. 2016-W23 (weekly), 2016-05 (monthly), 2016-Q2 (quarterly), 2016-H1 (half-yearly)."];
            }
            return null;
        }
        if (!Changdu.Period.TryParse(Period, out var period) || period.Kind == PeriodKind.Year)
        {
            errors["period"] = [$"'{Period}' is not a report period: use 2016-W23, 2016-05, 2016-Q2 or 2016-H1 (years {Changdu.Period.MinYear}–{Changdu.Period.MaxYear})."];
            return null;
        }
        if (cadence is { } c && period.Kind != c.PeriodKind())
        {
            errors["period"] = [$"A {c.ToName()} report is filed for a {c.PeriodKind().ToString().ToLowerInvariant()}, not '{Period}'."];
            return null;
        }
        return period;
    }

    ReportFigures? ParseFigures(Dictionary<string, string[]> errors)
    {
        var meetings = Count(MeetingsHeld, "meetingsHeld", errors);
        var identified = Count(ProblemsIdentified, "problemsIdentified", errors);
        var resolved = Count(ProblemsResolved, "problemsResolved", errors);
        return meetings is { } m && identified is { } i && resolved is { } r ? new ReportFigures(m, i, r) : null;
    }

    static int? Count(int? value, string field, Dictionary<string, string[]> errors)
    {
        switch (value)
        {
            case null:
                errors[field] = [$"Required: a whole number from 0 to {ReportFigures.MaxCount:N0}."];
                return null;
            case < 0 or > ReportFigures.MaxCount:
                errors[field] = [$"{value} is out of range: a whole number from 0 to {ReportFigures.MaxCount:N0}."];
                return null;
            default:
                return value;
        }
    }

    void ValidateNotes(Dictionary<string, string[]> errors)
    {
        if (Notes is { Length: > MaxNotesLength })
        {
            errors["notes"] = [$"At most {MaxNotesLength:N0} characters."];
        }
    }
}

public sealed record ReportDto(
    string UnitId,
    string ReportId,
    string Cadence,
    string Period,
    int MeetingsHeld,
    int ProblemsIdentified,
    int ProblemsResolved,
    string? Notes,
    DateTimeOffset ReceivedAt,
    DateTimeOffset UpdatedAt,
    int Revision,
    bool OnTime)
{
    public static ReportDto From(Report report) => new(
        report.UnitId.Value,
        report.ReportId,
        report.Cadence.ToName(),
        report.Period.ToString(),
        report.Figures.MeetingsHeld,
        report.Figures.ProblemsIdentified,
        report.Figures.ProblemsResolved,
        report.Notes,
        report.ReceivedAt,
        report.UpdatedAt,
        report.Revision,
        report.OnTime);
}
