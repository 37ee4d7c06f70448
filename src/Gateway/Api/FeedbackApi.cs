using System.Text.Json.Serialization;
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
        var group = app.MapUnitRoutes().MapGroup("/feedback").WithTags("Feedback");
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
        RouteUnit unitId, FeedbackRequest body, IGrainFactory grains, OfficeCalendar calendar, AuditLog audit, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        var feedbackId = Fields.Id(body.FeedbackId, "feedbackId", errors);
        var sentiment = WireNames.Parse<FeedbackSentiment>(body.Sentiment, "sentiment", errors);
        var source = Fields.Category(body.Source, "source", errors);
        var note = Fields.Text(body.Note, "note", required: true, errors);
        var receivedOn = Fields.PastDate(body.ReceivedOn, "receivedOn", calendar.Today, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The feedback is not valid", type: Problems.TypeOf("invalid-feedback"));
        }
        var feedback = new VillagerFeedback(feedbackId!, sentiment!.Value, source!, note!, receivedOn!.Value);
        var outcome = await audit.AuditedAsync(http, "record-feedback", feedbackId!,
            () => grains.GetGrain<IFeedbackRegister>(unitId.Key).RecordFeedbackAsync(feedback), r => r.ToString(), r => r == FeedbackOutcome.Recorded);
        return outcome switch
        {
            FeedbackOutcome.Recorded => TypedResults.Created($"/api/units/{unitId}/feedback?month={receivedOn:yyyy-MM}", FeedbackDto.Of(feedback)),
            FeedbackOutcome.AlreadyStored => TypedResults.Ok(FeedbackDto.Of(feedback)),
            var refused => Outcomes.Problem(refused, $"Feedback '{feedbackId}' is already recorded with other details.", unitId.Id),
        };
    }

    static async Task<Results<Ok<IReadOnlyList<FeedbackDto>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        RouteUnit unitId, string? month, IGrainFactory grains, OfficeCalendar calendar)
    {
        if (!Fields.TryMonth(month, calendar.Today, out var period, out var problem))
        {
            return problem;
        }
        return await grains.GetGrain<IFeedbackRegister>(unitId.Key).ListFeedbackAsync(period) is { } feedback
            ? TypedResults.Ok<IReadOnlyList<FeedbackDto>>(feedback.Select(FeedbackDto.Of).ToList())
            : Problems.UnknownUnit(unitId.Key);
    }
}

/// <summary>Feedback: <c>sentiment</c> positive or negative, <c>source</c> a category such as visit, survey or hotline; <c>receivedOn</c> defaults to today.</summary>
public sealed record FeedbackRequest(string? FeedbackId, string? Sentiment, string? Source, string? Note, DateOnly? ReceivedOn);

public sealed record FeedbackDto(string FeedbackId, [property: JsonConverter(typeof(WireName<FeedbackSentiment>))] FeedbackSentiment Sentiment,
    string Source, string Note, DateOnly ReceivedOn)
{
    public static FeedbackDto Of(VillagerFeedback feedback) => new(feedback.FeedbackId, feedback.Sentiment, feedback.Source, feedback.Note, feedback.ReceivedOn);
}
