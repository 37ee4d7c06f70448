using Changdu.Gateway.Audit;
using Changdu.Gateway.Hosting;
using Changdu.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Changdu.Gateway.Api;

/// <summary>Villagers' feedback about a team, recorded by an office; it names no villager.</summary>
public static class FeedbackApi
{
    public static RouteGroupBuilder MapFeedbackApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/units/{unitId}/feedback").WithTags("Feedback");
        group.MapPost("/", RecordAsync)
            .RequireUnitAccess(Access.Supervise)
            .WithName("RecordFeedback")
            .WithSummary("Record villagers' feedback about the unit (positive or negative) from a visit, survey or hotline; it counts in the month received and in its cadres' dispatching units' conduct")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", ListAsync)
            .RequireUnitAccess(Access.Read)
            .WithName("ListFeedback")
            .WithSummary("The unit's own feedback received in a month (this month when left out)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    static async Task<Results<Created<FeedbackDto>, Ok<FeedbackDto>, ValidationProblem, ProblemHttpResult>> RecordAsync(
        string unitId, FeedbackRequest body, IGrainFactory grains, OfficeCalendar calendar, AuditLog audit, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        var feedbackId = Fields.Id(body.FeedbackId, "feedbackId", errors);
        FeedbackSentiment? sentiment = body.Sentiment switch
        {
            "positive" => FeedbackSentiment.Positive,
            "negative" => FeedbackSentiment.Negative,
            _ => null,
        };
        if (sentiment is null)
        {
            errors["sentiment"] = ["Required: positive or negative."];
        }
        var source = Fields.Category(body.Source, "source", errors);
        var note = Fields.Text(body.Note, "note", required: true, errors);
        var receivedOn = Fields.PastDate(body.ReceivedOn, "receivedOn", calendar.Today, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The feedback is not valid", type: Problems.TypeOf("invalid-feedback"));
        }
        var feedback = new VillagerFeedback(feedbackId!, sentiment!.Value, source!, note!, receivedOn!.Value);
        var outcome = await audit.AuditedAsync(http, "record-feedback", feedbackId!,
            () => grains.GetGrain<IFeedbackRegister>(unitId).RecordFeedbackAsync(feedback), r => r.ToString(), r => r == FeedbackOutcome.Recorded);
        return outcome switch
        {
            FeedbackOutcome.Recorded => TypedResults.Created($"/api/units/{unitId}/feedback?month={receivedOn:yyyy-MM}", FeedbackDto.Of(feedback)),
            FeedbackOutcome.AlreadyStored => TypedResults.Ok(FeedbackDto.Of(feedback)),
            FeedbackOutcome.FeedbackIdTaken => Problems.Problem(StatusCodes.Status409Conflict, "feedback-id-taken", "Feedback id already used",
                $"Feedback '{feedbackId}' is already recorded with other details."),
            _ => Problems.UnknownUnit(unitId),
        };
    }

    static async Task<Results<Ok<IReadOnlyList<FeedbackDto>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        string unitId, string? month, IGrainFactory grains, OfficeCalendar calendar)
    {
        if (!Fields.TryMonth(month, calendar.Today, out var period, out var problem))
        {
            return problem;
        }
        return await grains.GetGrain<IFeedbackRegister>(unitId).ListFeedbackAsync(period) is { } feedback
            ? TypedResults.Ok<IReadOnlyList<FeedbackDto>>(feedback.Select(FeedbackDto.Of).ToList())
            : Problems.UnknownUnit(unitId);
    }
}

/// <summary>Feedback: <c>sentiment</c> positive or negative, <c>source</c> a category such as visit, survey or hotline; <c>receivedOn</c> defaults to today.</summary>
public sealed record FeedbackRequest(string? FeedbackId, string? Sentiment, string? Source, string? Note, DateOnly? ReceivedOn);

public sealed record FeedbackDto(string FeedbackId, string Sentiment, string Source, string Note, DateOnly ReceivedOn)
{
    public static FeedbackDto Of(VillagerFeedback feedback) => new(feedback.FeedbackId,
        feedback.Sentiment == FeedbackSentiment.Positive ? "positive" : "negative", feedback.Source, feedback.Note, feedback.ReceivedOn);
}
