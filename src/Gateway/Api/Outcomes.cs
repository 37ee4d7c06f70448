using Microsoft.AspNetCore.Http.HttpResults;

namespace Changdu.Gateway.Api;

/// <summary>
/// The one mapping from a grain's answer to HTTP. Every outcome of every grain outcome enum is listed
/// once: an accepted one is answered by its handler with what was stored (201 or 200, with the body
/// only the handler has); a refusal becomes the RFC 9457 problem listed here, with the grain's
/// detail. Every "unknown unit" answers alike. The few outcomes whose answer depends on the request
/// are listed again under the request's action (the name it is audited by).
/// </summary>
public static class Outcomes
{
    /// <summary>A refusal's status and problem type (<see cref="Problems.TypeOf"/>) and title; null for an accepted outcome.</summary>
    public sealed record Refusal(int Status, string Kind, string Title);

    static readonly Refusal UnknownUnit = new(StatusCodes.Status404NotFound, "unknown-unit", "Unknown unit");
    static readonly Refusal DateOutOfOrder = new(StatusCodes.Status422UnprocessableEntity, "date-out-of-order", "Date out of order");
    static readonly Refusal NotOnDuty = new(StatusCodes.Status422UnprocessableEntity, "not-on-duty", "Not on duty here");
    static readonly Refusal TransferRefused = new(StatusCodes.Status422UnprocessableEntity, "transfer-refused", "Transfer refused");
    static readonly Refusal EndRefused = new(StatusCodes.Status422UnprocessableEntity, "end-refused", "Assignment not ended");
    static readonly Refusal CardRefused = new(StatusCodes.Status422UnprocessableEntity, "card-refused", "Card refused");
    static readonly Refusal UnknownDispatchingUnit = new(StatusCodes.Status404NotFound, "unknown-dispatching-unit", "Unknown dispatching unit");

    static readonly Dictionary<(Enum Outcome, string? Action), Refusal?> Table = new()
    {
        [(ReportOutcome.Created, null)] = null,
        [(ReportOutcome.AlreadyStored, null)] = null,
        [(ReportOutcome.Corrected, null)] = null,
        [(ReportOutcome.UnknownUnit, null)] = UnknownUnit,
        [(ReportOutcome.CadenceNotUsedByTier, null)] = new(StatusCodes.Status422UnprocessableEntity, "cadence-not-used-by-tier", "Cadence not used by this tier"),
        [(ReportOutcome.ReportIdTaken, null)] = new(StatusCodes.Status409Conflict, "report-id-taken", "Report id already used"),
        [(ReportOutcome.PeriodAlreadyReported, null)] = new(StatusCodes.Status409Conflict, "period-already-reported", "Period already reported"),
        [(ReportOutcome.UnknownReport, null)] = new(StatusCodes.Status404NotFound, "unknown-report", "Unknown report"),
        [(ReportOutcome.CorrectionChangesPeriod, null)] = new(StatusCodes.Status409Conflict, "correction-changes-period", "A correction cannot move a report"),
        [(ReportOutcome.FewerProblemsThanRegistered, null)] = new(StatusCodes.Status409Conflict, "fewer-problems-than-registered", "Fewer problems than the register holds"),

        [(ProblemOutcome.Raised, null)] = null,
        [(ProblemOutcome.AlreadyStored, null)] = null,
        [(ProblemOutcome.Resolved, null)] = null,
        [(ProblemOutcome.Reopened, null)] = null,
        [(ProblemOutcome.UnknownUnit, null)] = UnknownUnit,
        [(ProblemOutcome.UnknownProblem, null)] = new(StatusCodes.Status404NotFound, "unknown-problem", "Unknown problem"),
        [(ProblemOutcome.ProblemIdTaken, null)] = new(StatusCodes.Status409Conflict, "problem-id-taken", "Problem id already used"),
        [(ProblemOutcome.UnknownSource, null)] = new(StatusCodes.Status422UnprocessableEntity, "unknown-source", "Unknown source report"),
        [(ProblemOutcome.MoreProblemsThanReported, null)] = new(StatusCodes.Status422UnprocessableEntity, "more-problems-than-reported", "More problems than the report counts"),
        [(ProblemOutcome.AlreadyResolved, null)] = new(StatusCodes.Status409Conflict, "problem-already-resolved", "Problem already resolved"),
        [(ProblemOutcome.NotResolved, null)] = new(StatusCodes.Status409Conflict, "problem-not-resolved", "Problem is open"),
        [(ProblemOutcome.DateOutOfOrder, null)] = DateOutOfOrder,

        [(TrainingOutcome.Recorded, null)] = null,
        [(TrainingOutcome.AlreadyStored, null)] = null,
        [(TrainingOutcome.UnknownUnit, null)] = UnknownUnit,
        [(TrainingOutcome.TrainingIdTaken, null)] = new(StatusCodes.Status409Conflict, "training-id-taken", "Training id already used"),

        [(InspectionOutcome.Opened, null)] = null,
        [(InspectionOutcome.AlreadyStored, null)] = null,
        [(InspectionOutcome.FindingRecorded, null)] = null,
        [(InspectionOutcome.UnknownUnit, null)] = UnknownUnit,
        [(InspectionOutcome.NoChildren, null)] = new(StatusCodes.Status422UnprocessableEntity, "nothing-to-inspect", "Nothing to inspect"),
        [(InspectionOutcome.RoundIdTaken, null)] = new(StatusCodes.Status409Conflict, "round-id-taken", "Round id already used"),
        [(InspectionOutcome.UnknownRound, null)] = new(StatusCodes.Status404NotFound, "unknown-round", "Unknown inspection round"),
        [(InspectionOutcome.NotATarget, null)] = new(StatusCodes.Status422UnprocessableEntity, "not-a-target", "Not inspected in this round"),
        [(InspectionOutcome.FindingIdTaken, null)] = new(StatusCodes.Status409Conflict, "finding-id-taken", "Finding id already used"),
        [(InspectionOutcome.DateOutOfOrder, null)] = DateOutOfOrder,

        [(CloseOutcome.Closed, null)] = null,
        [(CloseOutcome.AlreadyClosed, null)] = null,
        [(CloseOutcome.UnknownUnit, null)] = UnknownUnit,
        [(CloseOutcome.PeriodNotEnded, "close-month")] = new(StatusCodes.Status409Conflict, "month-not-ended", "Month not ended"),
        [(CloseOutcome.NoChildren, "close-month")] = new(StatusCodes.Status422UnprocessableEntity, "nothing-to-assess", "Nothing to assess"),
        [(CloseOutcome.PeriodNotEnded, "close-year")] = new(StatusCodes.Status409Conflict, "year-not-ended", "Year not ended"),
        [(CloseOutcome.NoChildren, "close-year")] = new(StatusCodes.Status404NotFound, "nothing-to-rank", "Nothing to rank"),

        [(PointsOutcome.Recorded, null)] = null,
        [(PointsOutcome.AlreadyStored, null)] = null,
        [(PointsOutcome.UnknownUnit, null)] = UnknownUnit,
        [(PointsOutcome.EntryIdTaken, null)] = new(StatusCodes.Status409Conflict, "entry-id-taken", "Entry id already used"),

        [(CadreOutcome.Registered, null)] = null,
        [(CadreOutcome.AlreadyStored, null)] = null,
        [(CadreOutcome.Transferred, null)] = null,
        [(CadreOutcome.Ended, null)] = null,
        [(CadreOutcome.CadreIdTaken, null)] = new(StatusCodes.Status409Conflict, "cadre-id-taken", "Cadre id already used"),
        [(CadreOutcome.UnknownDispatchingUnit, null)] = UnknownDispatchingUnit with { Status = StatusCodes.Status422UnprocessableEntity },
        [(CadreOutcome.UnknownCadre, "transfer-cadre")] = TransferRefused,
        [(CadreOutcome.NotAssigned, "transfer-cadre")] = TransferRefused,
        [(CadreOutcome.DateOutOfOrder, "transfer-cadre")] = TransferRefused,
        [(CadreOutcome.UnknownCadre, "end-cadre-assignment")] = EndRefused,
        [(CadreOutcome.NotAssigned, "end-cadre-assignment")] = EndRefused,
        [(CadreOutcome.DateOutOfOrder, "end-cadre-assignment")] = EndRefused,

        [(CardOutcome.Issued, null)] = null,
        [(CardOutcome.Revoked, null)] = null,
        [(CardOutcome.AlreadyRevoked, null)] = null,
        [(CardOutcome.AlreadyIssued, null)] = null,
        [(CardOutcome.UnknownCadre, null)] = CardRefused,
        [(CardOutcome.NotAssigned, null)] = CardRefused,
        [(CardOutcome.UnknownCard, null)] = new(StatusCodes.Status404NotFound, "unknown-card", "Unknown card"),

        [(DutyOutcome.Recorded, null)] = null,
        [(DutyOutcome.AlreadyStored, null)] = null,
        [(DutyOutcome.NotOnDuty, null)] = NotOnDuty,
        [(DutyOutcome.OnLeave, null)] = new(StatusCodes.Status422UnprocessableEntity, "on-leave", "The cadre is on leave"),
        [(DutyOutcome.OutsideWindow, null)] = new(StatusCodes.Status422UnprocessableEntity, "outside-check-in-window", "Outside the check-in window"),

        [(LeaveOutcome.Requested, null)] = null,
        [(LeaveOutcome.AlreadyStored, null)] = null,
        [(LeaveOutcome.Decided, null)] = null,
        [(LeaveOutcome.ReportedBack, null)] = null,
        [(LeaveOutcome.UnknownLeave, null)] = new(StatusCodes.Status404NotFound, "unknown-leave", "Unknown leave"),
        [(LeaveOutcome.LeaveIdTaken, null)] = new(StatusCodes.Status409Conflict, "leave-id-taken", "Leave id already used"),
        [(LeaveOutcome.BrokenRule, null)] = new(StatusCodes.Status422UnprocessableEntity, "leave-rule-broken", "The request breaks a leave rule"),
        [(LeaveOutcome.WrongStatus, null)] = new(StatusCodes.Status409Conflict, "leave-wrong-status", "Not possible in the leave's status"),

        [(AbsenceOutcome.Recorded, null)] = null,
        [(AbsenceOutcome.AlreadyStored, null)] = null,
        [(AbsenceOutcome.NotOnDuty, null)] = NotOnDuty,
        [(AbsenceOutcome.AbsenceIdTaken, null)] = new(StatusCodes.Status409Conflict, "absence-id-taken", "Absence id already used"),

        [(FeedbackOutcome.Recorded, null)] = null,
        [(FeedbackOutcome.AlreadyStored, null)] = null,
        [(FeedbackOutcome.UnknownUnit, null)] = UnknownUnit,
        [(FeedbackOutcome.FeedbackIdTaken, null)] = new(StatusCodes.Status409Conflict, "feedback-id-taken", "Feedback id already used"),

        [(MapOutcome.Applied, null)] = null,
        [(MapOutcome.Applying, null)] = null,
        [(MapOutcome.AlreadyApplied, null)] = null,
        [(MapOutcome.UnknownUnit, null)] = UnknownUnit,
        [(MapOutcome.UnknownParent, null)] = new(StatusCodes.Status404NotFound, "unknown-parent", "Unknown parent unit"),
        [(MapOutcome.UnknownMergeTarget, null)] = new(StatusCodes.Status404NotFound, "unknown-merge-target", "Unknown unit to merge into"),
        [(MapOutcome.UnitIdTaken, null)] = new(StatusCodes.Status409Conflict, "unit-id-taken", "Unit id already used"),
        [(MapOutcome.TierDoesNotFit, null)] = new(StatusCodes.Status422UnprocessableEntity, "tier-does-not-fit", "Tier does not fit there"),
        [(MapOutcome.IntoOwnSubtree, null)] = new(StatusCodes.Status422UnprocessableEntity, "move-into-own-subtree", "A unit cannot move under itself"),
        [(MapOutcome.DateOutOfOrder, null)] = DateOutOfOrder,
        [(MapOutcome.UnitClosed, null)] = new(StatusCodes.Status409Conflict, "unit-closed", "Unit closed"),
        [(MapOutcome.UnitNotClosed, null)] = new(StatusCodes.Status409Conflict, "unit-not-closed", "Unit is open"),
        [(MapOutcome.ParentClosed, null)] = new(StatusCodes.Status409Conflict, "parent-closed", "Parent unit closed"),
        [(MapOutcome.HasOpenChildren, null)] = new(StatusCodes.Status409Conflict, "has-open-children", "Units under it are open"),
        [(MapOutcome.RootCannotChange, null)] = new(StatusCodes.Status422UnprocessableEntity, "root-cannot-change", "The root cannot move or close"),
        [(MapOutcome.EarlierChangeUnderWay, null)] = new(StatusCodes.Status409Conflict, "map-change-under-way", "An earlier change of the map is being written"),

        [(DispatchingOutcome.Recorded, null)] = null,
        [(DispatchingOutcome.AlreadyStored, null)] = null,
        [(DispatchingOutcome.UnknownDispatchingUnit, null)] = UnknownDispatchingUnit,
        [(DispatchingOutcome.UnknownSummons, null)] = new(StatusCodes.Status404NotFound, "unknown-summons", "Unknown summons"),
        [(DispatchingOutcome.IdTaken, "register-dispatching-unit")] = new(StatusCodes.Status409Conflict, "dispatching-unit-id-taken", "Dispatching unit id already used"),
        [(DispatchingOutcome.IdTaken, "record-summons")] = new(StatusCodes.Status409Conflict, "summons-id-taken", "Summons id already used"),
    };

    /// <summary>Every outcome and action listed, for the tests that hold the table complete.</summary>
    public static IReadOnlyCollection<(Enum Outcome, string? Action)> Listed => Table.Keys;

    /// <summary>How <paramref name="outcome"/> of <paramref name="action"/> is answered: null when it is accepted.</summary>
    public static Refusal? Of(Enum outcome, string? action = null) =>
        Table.TryGetValue((outcome, action), out var answer) || Table.TryGetValue((outcome, null), out answer)
            ? answer
            : throw new InvalidOperationException($"Outcome {outcome.GetType().Name}.{outcome} of '{action}' has no answer in {nameof(Outcomes)}.");

    /// <summary>
    /// The problem answering a refusal, with the grain's <paramref name="detail"/>; an unknown unit is
    /// answered as every other in the API. Only a handler's bug asks this of an accepted outcome.
    /// </summary>
    public static ProblemHttpResult Problem(Enum outcome, string? detail, UnitId? unit = null, string? action = null, IDictionary<string, object?>? extensions = null)
    {
        var refusal = Of(outcome, action) ?? throw new InvalidOperationException($"{outcome.GetType().Name}.{outcome} is accepted, not refused.");
        if (refusal == UnknownUnit && unit is { } missing)
        {
            return Problems.UnknownUnit(missing.Value);
        }
        return Problems.Problem(refusal.Status, refusal.Kind, refusal.Title, detail ?? refusal.Title, extensions);
    }
}
