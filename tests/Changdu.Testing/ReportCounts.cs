using Changdu.Gateway.Api;

namespace Changdu.Testing;

/// <summary>The four figures cadence reports add to a rollup, to compare with what was submitted.</summary>
public sealed record ReportCounts(long Reports, long MeetingsHeld, long ProblemsIdentified, long ProblemsResolved)
{
    public static ReportCounts Zero { get; } = new(0, 0, 0, 0);

    public static ReportCounts operator +(ReportCounts a, ReportCounts b) =>
        new(a.Reports + b.Reports, a.MeetingsHeld + b.MeetingsHeld, a.ProblemsIdentified + b.ProblemsIdentified, a.ProblemsResolved + b.ProblemsResolved);
}

public static class ReportCountsExtensions
{
    public static ReportCounts Counts(this TotalsDto totals) => new(totals.Reports, totals.MeetingsHeld, totals.ProblemsIdentified, totals.ProblemsResolved);
}
