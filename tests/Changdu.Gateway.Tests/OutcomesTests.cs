using Changdu.Gateway.Api;

namespace Changdu.Gateway.Tests;

/// <summary>The one mapping from grain outcomes to HTTP: complete, and alike wherever a unit is unknown.</summary>
public class OutcomesTests
{
    static readonly Type[] OutcomeEnums = typeof(ReportOutcome).Assembly.GetTypes()
        .Where(type => type.IsEnum && type.Name.EndsWith("Outcome", StringComparison.Ordinal)).OrderBy(type => type.Name, StringComparer.Ordinal).ToArray();

    [Fact]
    public void Every_outcome_of_every_grain_enum_has_an_answer()
    {
        Assert.Equal(14, OutcomeEnums.Length);
        var listed = Outcomes.Listed.Select(entry => entry.Outcome).ToHashSet();
        var missing = OutcomeEnums.SelectMany(type => Enum.GetValues(type).Cast<Enum>()).Where(outcome => !listed.Contains(outcome)).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_refusal_is_a_client_error_with_a_type_and_a_title()
    {
        foreach (var (outcome, action) in Outcomes.Listed)
        {
            if (Outcomes.Of(outcome, action) is { } refusal)
            {
                Assert.InRange(refusal.Status, 400, 499);
                Assert.False(string.IsNullOrWhiteSpace(refusal.Kind), $"{outcome} has no problem type");
                Assert.False(string.IsNullOrWhiteSpace(refusal.Title), $"{outcome} has no title");
            }
        }
    }

    [Fact]
    public void An_unknown_unit_answers_alike_from_every_grain()
    {
        var unit = UnitId.Parse("540302101201");
        var unknown = OutcomeEnums.SelectMany(type => Enum.GetValues(type).Cast<Enum>()).Where(outcome => outcome.ToString() == "UnknownUnit").ToList();
        Assert.Equal(8, unknown.Count);
        foreach (var outcome in unknown)
        {
            var problem = Outcomes.Problem(outcome, $"Whatever the grain said about {outcome.GetType().Name}.", unit).ProblemDetails;
            Assert.Equal((404, "urn:changdu:problem:unknown-unit", "Unknown unit", "There is no unit 540302101201."),
                (problem.Status, problem.Type, problem.Title, problem.Detail));
        }
    }

    [Theory]
    [InlineData(ReportOutcome.PeriodAlreadyReported, null, 409, "period-already-reported")]
    [InlineData(ProblemOutcome.NotResolved, null, 409, "problem-not-resolved")]
    [InlineData(DutyOutcome.OutsideWindow, null, 422, "outside-check-in-window")]
    [InlineData(AbsenceOutcome.NotOnDuty, null, 422, "not-on-duty")]
    [InlineData(LeaveOutcome.BrokenRule, null, 422, "leave-rule-broken")]
    [InlineData(InspectionOutcome.NotATarget, null, 422, "not-a-target")]
    [InlineData(CadreOutcome.UnknownDispatchingUnit, null, 422, "unknown-dispatching-unit")]
    [InlineData(DispatchingOutcome.UnknownDispatchingUnit, null, 404, "unknown-dispatching-unit")]
    [InlineData(CloseOutcome.PeriodNotEnded, "close-month", 409, "month-not-ended")]
    [InlineData(CloseOutcome.PeriodNotEnded, "close-year", 409, "year-not-ended")]
    [InlineData(CloseOutcome.NoChildren, "close-month", 422, "nothing-to-assess")]
    [InlineData(CloseOutcome.NoChildren, "close-year", 404, "nothing-to-rank")]
    [InlineData(CadreOutcome.NotAssigned, "transfer-cadre", 422, "transfer-refused")]
    [InlineData(CadreOutcome.NotAssigned, "end-cadre-assignment", 422, "end-refused")]
    [InlineData(DispatchingOutcome.IdTaken, "register-dispatching-unit", 409, "dispatching-unit-id-taken")]
    [InlineData(DispatchingOutcome.IdTaken, "record-summons", 409, "summons-id-taken")]
    public void A_refusal_keeps_the_status_and_type_clients_branch_on(object outcome, string? action, int status, string kind)
    {
        var problem = Outcomes.Problem((Enum)outcome, "detail", action: action).ProblemDetails;
        Assert.Equal((status, "urn:changdu:problem:" + kind, "detail"), (problem.Status, problem.Type, problem.Detail));
    }

    [Fact]
    public void An_accepted_outcome_is_no_refusal()
    {
        Assert.Null(Outcomes.Of(ReportOutcome.Created));
        Assert.Throws<InvalidOperationException>(() => Outcomes.Problem(LeaveOutcome.Requested, null));
    }

    [Fact]
    public void An_outcome_an_action_cannot_answer_is_a_bug_not_a_guess() =>
        Assert.Throws<InvalidOperationException>(() => Outcomes.Of(CloseOutcome.PeriodNotEnded, "no-such-action"));
}
