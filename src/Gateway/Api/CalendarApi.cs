using Changdu.Gateway.Hosting;
using Changdu.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Changdu.Gateway.Api;

/// <summary>The programme's day, so a page shows this month's duty by the programme's calendar, not the browser's (they differ in the demo).</summary>
public static class CalendarApi
{
    public static IEndpointRouteBuilder MapCalendarApi(this IEndpointRouteBuilder app)
    {
        // Public: a date carries no programme data.
        app.MapGet("/api/today", GetToday)
            .AllowAnonymous()
            .LimitPerCaller()
            .WithTags("Calendar")
            .WithName("GetToday")
            .WithSummary("The programme's day and month in the offices' calendar: the real day, except in the demo, whose clock runs from the reference year")
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return app;
    }

    static Ok<TodayDto> GetToday(OfficeCalendar calendar) =>
        TypedResults.Ok(new TodayDto(calendar.Today, $"{calendar.Today:yyyy-MM}"));
}

/// <summary>The programme's <paramref name="Date"/> and its <paramref name="Month"/> (<c>yyyy-MM</c>).</summary>
public sealed record TodayDto(DateOnly Date, string Month);
