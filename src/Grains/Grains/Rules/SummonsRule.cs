namespace Changdu.Grains;

/// <summary>Which summons criteria a dispatching unit's month meets (docs/domain.md, practice 4); any one is enough.</summary>
public static class SummonsRule
{
    public static IReadOnlyList<string> Reasons(Conduct conduct, SummonsCriteria criteria)
    {
        var reasons = new List<string>();
        if (conduct.Absences >= criteria.MinAbsences)
        {
            reasons.Add(SummonsReasons.Absences);
        }
        if (conduct.Teams > 0 && (double)conduct.OpenProblems / conduct.Teams >= criteria.MinOpenProblemsPerTeam)
        {
            reasons.Add(SummonsReasons.OpenProblems);
        }
        // No rate when nothing was due: a month without expected reports is not low reporting.
        if (conduct.ReportingRate is { } rate && rate < (decimal)criteria.MinReportingRate)
        {
            reasons.Add(SummonsReasons.LowReporting);
        }
        if (conduct.NegativeFeedback >= criteria.MinNegativeFeedback)
        {
            reasons.Add(SummonsReasons.VillagerFeedback);
        }
        return reasons;
    }
}
