namespace Changdu.Grains;

/// <summary>Villagers' feedback about the unit (DOMAIN practice 4), counted in the month received.</summary>
public sealed partial class UnitGrain
{
    public async Task<FeedbackOutcome> RecordFeedbackAsync(VillagerFeedback feedback)
    {
        if (Definition is null)
        {
            return FeedbackOutcome.UnknownUnit;
        }
        if (_officeRecords.Feedback.TryGetValue(feedback.FeedbackId, out var held))
        {
            return held == feedback ? FeedbackOutcome.AlreadyStored : FeedbackOutcome.FeedbackIdTaken;
        }
        await CommitAsync([_rows.Feedback.Put(feedback.FeedbackId, feedback)], FeedbackOutcome.Recorded.ToString(), Contribution.Office);
        return FeedbackOutcome.Recorded;
    }

    public Task<IReadOnlyList<VillagerFeedback>?> ListFeedbackAsync(Period month) =>
        Task.FromResult<IReadOnlyList<VillagerFeedback>?>(Definition is null ? null : _officeRecords.Feedback.Values
            .Where(feedback => MonthOf(feedback.ReceivedOn) == month)
            .OrderBy(feedback => feedback.ReceivedOn).ThenBy(feedback => feedback.FeedbackId, StringComparer.Ordinal)
            .ToList());

    void AddFeedback(SummaryBuilder summary)
    {
        foreach (var feedback in _officeRecords.Feedback.Values)
        {
            summary.Add(MonthOf(feedback.ReceivedOn), feedback.Sentiment == FeedbackSentiment.Positive
                ? Totals.Zero with { PositiveFeedback = 1 }
                : Totals.Zero with { NegativeFeedback = 1 });
        }
    }
}
