using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using Changdu.Grains;
using Changdu.Gateway.Audit;
using Changdu.Gateway.Export;
using Changdu.Gateway.Hosting;
using Changdu.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Changdu.Gateway.Api;

/// <summary>Leave made public (docs/domain.md, practice 9): requests, the township office's decision, reporting back, and the public monthly roster.</summary>
public static class LeaveApi
{
    public static IEndpointRouteBuilder MapLeaveApi(this IEndpointRouteBuilder app)
    {
        var units = app.MapUnitRoutes();
        var group = units.MapGroup("/leave").WithTags("Leave");
        group.MapPost("/", RequestAsync)
            .RequireUnitAccess(Access.Write)
            .WithName("RequestLeave")
            .WithSummary("Request leave for a cadre of the team (rotation-rest, personal, sick, maternity); a request that breaks a rule is refused with the rule named")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/{leaveId}", GetAsync)
            .RequireUnitAccess(Access.Read)
            .WithName("GetLeave")
            .WithSummary("A leave record: request, decision and return")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{leaveId}/decision", DecideAsync)
            .RequireUnitAccess(Access.Approve)
            .WithName("DecideLeave")
            .WithSummary("Approve or reject a request: an office above the team (the township office), never the team itself")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{leaveId}/report-back", ReportBackAsync)
            .RequireUnitAccess(Access.Write)
            .WithName("ReportBackFromLeave")
            .WithSummary("The cadre is back at post (销假) on returnedOn (today when left out); the leave ends the day before")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        // Public: what the township posts on the notice boards, names masked, health-related kinds not named.
        units.MapGet("/leave-roster/{month}", RosterAsync)
            .PublicUnit()
            .WithTags("Leave")
            .WithName("LeaveRoster")
            .WithSummary("Public: the month's approved leave in the unit's subtree, names masked")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        units.MapGet("/leave-roster/{month}/print", PrintRosterAsync)
            .PublicUnit()
            .WithTags("Leave")
            .WithName("PrintLeaveRoster")
            .WithSummary("Public: the same roster as a page to print for the notice boards")
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }


    static async Task<Results<Created<LeaveDto>, Ok<LeaveDto>, ValidationProblem, ProblemHttpResult>> RequestAsync(
        RouteUnit unitId, LeaveRequestBody body, IGrainFactory grains, OfficeCalendar calendar, AuditLog audit, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        var leaveId = Fields.Id(body.LeaveId, "leaveId", errors);
        var cadreId = Fields.Id(body.CadreId, "cadreId", errors);
        var kind = WireNames.Parse<LeaveKind>(body.Kind, "kind", errors);
        var from = Fields.Date(body.From, "from", errors);
        var until = Fields.Date(body.Until, "until", errors);
        var reason = Fields.Text(body.Reason, "reason", required: false, errors);
        var requestedOn = Fields.PastDate(body.RequestedOn, "requestedOn", calendar.Today, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The leave request is not valid", type: Problems.TypeOf("invalid-leave"));
        }
        var request = new LeaveRequest(leaveId!, cadreId!, kind!.Value, from!.Value, until!.Value, reason ?? "", requestedOn!.Value);
        var result = await audit.AuditedAsync(http, "request-leave", leaveId!,
            () => grains.GetGrain<IDutyRegister>(unitId.Key).RequestLeaveAsync(request), r => r.Outcome.ToString(), r => r.Outcome == LeaveOutcome.Requested);
        return result.Outcome switch
        {
            LeaveOutcome.Requested => TypedResults.Created($"/api/units/{unitId}/leave/{leaveId}", LeaveDto.Of(result.Leave!)),
            LeaveOutcome.AlreadyStored => TypedResults.Ok(LeaveDto.Of(result.Leave!)),
            LeaveOutcome.BrokenRule => Outcomes.Problem(LeaveOutcome.BrokenRule, result.Detail, extensions: new Dictionary<string, object?> { ["rule"] = result.Rule }),
            var refused => Outcomes.Problem(refused, result.Detail, unitId.Id),
        };
    }

    static async Task<Results<Ok<LeaveDto>, ProblemHttpResult>> GetAsync(RouteUnit unitId, string leaveId, IGrainFactory grains) =>
        await grains.GetGrain<IDutyRegister>(unitId.Key).GetLeaveAsync(leaveId) is { } leave
            ? TypedResults.Ok(LeaveDto.Of(leave))
            : Outcomes.Problem(LeaveOutcome.UnknownLeave, $"Unit {unitId} has no leave '{leaveId}'.");

    static async Task<Results<Ok<LeaveDto>, ValidationProblem, ProblemHttpResult>> DecideAsync(
        RouteUnit unitId, string leaveId, LeaveDecisionBody body, IGrainFactory grains, OfficeCalendar calendar, AuditLog audit, HttpContext http)
    {
        if (body.Approve is not { } approve)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["approve"] = ["Required: true to approve, false to reject."] },
                title: "The decision is not valid", type: Problems.TypeOf("invalid-leave"));
        }
        var caller = Caller.From(http.User)!;
        var result = await audit.AuditedAsync(http, approve ? "approve-leave" : "reject-leave", leaveId,
            () => grains.GetGrain<IDutyRegister>(unitId.Key).DecideLeaveAsync(leaveId, approve, $"{caller.Name} ({caller.Unit})", calendar.Today), r => r.Outcome.ToString(), r => r.Outcome == LeaveOutcome.Decided);
        return Answer(unitId, result);
    }

    static async Task<Results<Ok<LeaveDto>, ValidationProblem, ProblemHttpResult>> ReportBackAsync(
        RouteUnit unitId, string leaveId, ReportBackBody body, IGrainFactory grains, OfficeCalendar calendar, AuditLog audit, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        var returnedOn = body.ReturnedOn is null ? calendar.Today : Fields.Date(body.ReturnedOn, "returnedOn", errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The report back is not valid", type: Problems.TypeOf("invalid-leave"));
        }
        var result = await audit.AuditedAsync(http, "report-back", leaveId,
            () => grains.GetGrain<IDutyRegister>(unitId.Key).ReportBackAsync(leaveId, returnedOn!.Value), r => r.Outcome.ToString(), r => r.Outcome == LeaveOutcome.ReportedBack);
        return Answer(unitId, result);
    }

    static Results<Ok<LeaveDto>, ValidationProblem, ProblemHttpResult> Answer(RouteUnit unitId, LeaveResult result) => result.Outcome switch
    {
        LeaveOutcome.Decided or LeaveOutcome.ReportedBack or LeaveOutcome.AlreadyStored => TypedResults.Ok(LeaveDto.Of(result.Leave!)),
        var refused => Outcomes.Problem(refused, result.Detail, unitId.Id),
    };

    /// <param name="format">Optional: json (the default), xlsx or csv.</param>
    static async Task<Results<Ok<LeaveRosterDto>, ExportFile, ValidationProblem, ProblemHttpResult>> RosterAsync(
        RouteUnit unitId, string month, string? format, IGrainFactory grains)
    {
        if (!Fields.TryMonth(month, "month", out var period, out var problem))
        {
            return problem;
        }
        if (!TableExporter.TryFormat(format, out var export, out var badFormat))
        {
            return badFormat;
        }
        if (await grains.GetGrain<IPublications>(IPublications.Key).GetLeaveRosterAsync(unitId.Id, period) is not { } published)
        {
            return Problems.UnknownUnit(unitId.Key);
        }
        var roster = LeaveRosterDto.From(published);
        return export is { } chosen ? TableExporter.File(LeaveRosterTable.Of(roster), chosen) : TypedResults.Ok(roster);
    }

    static async Task<IResult> PrintRosterAsync(RouteUnit unitId, string month, IGrainFactory grains)
    {
        if (!Fields.TryMonth(month, "month", out var period, out var problem))
        {
            return problem;
        }
        if (await grains.GetGrain<IPublications>(IPublications.Key).GetLeaveRosterAsync(unitId.Id, period) is not { } published)
        {
            return Problems.UnknownUnit(unitId.Key);
        }
        var roster = LeaveRosterDto.From(published);
        var html = HtmlEncoder.Default;
        var rows = string.Concat(roster.Entries.Select(entry => $"""
            <tr><td>{html.Encode(entry.TeamName)}</td><td>{html.Encode(entry.Name)}</td><td>{html.Encode(PublishedKinds.Caption(entry.Kind))}</td>
            <td>{entry.From:yyyy-MM-dd}</td><td>{entry.Until:yyyy-MM-dd}</td><td>{(entry.ReturnedOn is { } back ? back.ToString("yyyy-MM-dd") : "")}</td></tr>
            """));
        var body = $"""
            <h1>{html.Encode(roster.UnitName)} · 请销假公示 Leave roster · {html.Encode(roster.Month)}</h1>
            <table>
              <thead><tr><th>工作队 Team</th><th>姓名 Name</th><th>类别 Kind</th><th>起 From</th><th>止 Until</th><th>销假 Back</th></tr></thead>
              <tbody>{rows}</tbody>
            </table>
            <p class="count">{roster.Entries.Count} 条 records</p>
            """;
        return PrintPage.Render($"{roster.UnitName} · {roster.Month}", RosterStyles, body);
    }

    const string RosterStyles = """
          h1 { font-size: 1.2rem; }
          table { border-collapse: collapse; width: 100%; }
          th, td { border: 1px solid #888; padding: .3rem .5rem; text-align: left; }
          thead { display: table-header-group; }
          tr { break-inside: avoid; }
        """;
}

/// <summary>The kinds a public roster shows (<see cref="LeavePrivacy"/> decides which): rest and personal leave by name, the rest as "other".</summary>
public static class PublishedKinds
{
    public const string Other = "other";

    /// <summary>The name of a kind the roster shows; <paramref name="kind"/> is null for one it does not name.</summary>
    public static string Of(LeaveKind? kind) => kind is { } shown ? WireNames.Of(shown) : Other;

    public static string Caption(string published) => published switch
    {
        "rotation-rest" => "轮休 rotation rest",
        "personal" => "事假 personal",
        _ => "其他 other",
    };
}

/// <summary>A leave request; <c>requestedOn</c> defaults to today and is given only when a paper request is entered later.</summary>
public sealed record LeaveRequestBody(string? LeaveId, string? CadreId, string? Kind, DateOnly? From, DateOnly? Until, string? Reason, DateOnly? RequestedOn = null);

public sealed record LeaveDecisionBody(bool? Approve);

public sealed record ReportBackBody(DateOnly? ReturnedOn);

public sealed record LeaveDto(string LeaveId, string CadreId, string UnitId, [property: JsonConverter(typeof(WireName<LeaveKind>))] LeaveKind Kind,
    DateOnly From, DateOnly Until, string Reason, DateOnly RequestedOn, [property: JsonConverter(typeof(WireName<LeaveStatus>))] LeaveStatus Status,
    string? DecidedBy, DateOnly? DecidedOn, DateOnly? ReturnedOn)
{
    public static LeaveDto Of(Leave leave) => new(leave.Request.LeaveId, leave.Request.CadreId, leave.UnitId.Value, leave.Request.Kind,
        leave.Request.From, leave.Request.Until, leave.Request.Reason, leave.Request.RequestedOn, leave.Status, leave.DecidedBy, leave.DecidedOn, leave.ReturnedOn);
}

/// <summary>One line of the public roster: no cadre id, ID number or phone, the name masked, the kind as <see cref="PublishedKinds"/> shows it.</summary>
public sealed record LeaveRosterEntry(string TeamId, string TeamName, string Name, string Kind, DateOnly From, DateOnly Until, DateOnly? ReturnedOn,
    [property: JsonConverter(typeof(WireName<LeaveStatus>))] LeaveStatus Status);

public sealed record LeaveRosterDto(string UnitId, string UnitName, string Month, IReadOnlyList<LeaveRosterEntry> Entries)
{
    public static LeaveRosterDto From(LeaveRoster roster) => new(roster.UnitId.Value, roster.UnitName, roster.Month.ToString(),
        roster.Lines.Select(line => new LeaveRosterEntry(line.TeamId.Value, line.TeamName, line.Name, PublishedKinds.Of(line.Kind), line.From, line.Until,
            line.ReturnedOn, line.Status)).ToList());
}
