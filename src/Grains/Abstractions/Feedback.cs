namespace Changdu;

public enum FeedbackSentiment
{
    Positive = 1,
    Negative = 2,
}

/// <summary>
/// What villagers said about a team (docs/domain.md, practice 4: bad feedback from villagers is a reason to
/// summon a dispatching unit), recorded by an office from a visit, a survey or the hotline. It names
/// no villager: no villager's personal data is collected (docs/architecture.md §7).
/// </summary>
[GenerateSerializer, Immutable, Alias("Changdu.VillagerFeedback")]
public sealed record VillagerFeedback(
    [property: Id(0)] string FeedbackId,
    [property: Id(1)] FeedbackSentiment Sentiment,
    [property: Id(2)] string Source,
    [property: Id(3)] string Note,
    [property: Id(4)] DateOnly ReceivedOn);

public enum FeedbackOutcome
{
    Recorded = 1,
    AlreadyStored = 2,
    UnknownUnit = 10,
    FeedbackIdTaken = 11,
}

[Alias("Changdu.IFeedbackRegister")]
public interface IFeedbackRegister : IGrainWithStringKey
{
    [Alias("RecordFeedback")] Task<FeedbackOutcome> RecordFeedbackAsync(VillagerFeedback feedback);

    /// <summary>The unit's own feedback received in <paramref name="month"/>, oldest first; null when the unit does not exist.</summary>
    [Alias("ListFeedback")] Task<IReadOnlyList<VillagerFeedback>?> ListFeedbackAsync(Period month);
}
