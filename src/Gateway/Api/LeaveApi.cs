using System.Text.Encodings.Web;
using Changdu.Gateway.Audit;
using Changdu.Gateway.Hosting;
using Changdu.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Changdu.Gateway.Api;

/// <summary>Leave made public (DOMAIN practice 9): requests, the township office's decision, reporting back, and the public monthly roster.</summary>
public static class LeaveApi
{
    public static IEndpointRouteBuilder MapLeaveApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/units/{unitId}/leave").WithTags("Leave");
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
        app.MapGet("/api/units/{unitId}/leave-roster/{month}", RosterAsync)
            .Public("Leave")
            .WithName("LeaveRoster")
            .WithSummary("Public: the month's approved leave in the unit's subtree, names masked")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/units/{unitId}/leave-roster/{month}/print", PrintRosterAsync)
            .Public("Leave")
            .WithName("PrintLeaveRoster")
            .WithSummary("Public: the same roster as a page to print for the notice boards")
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }


    static async Task<Results<Created<LeaveDto>, Ok<LeaveDto>, ValidationProblem, ProblemHttpResult>> RequestAsync(
        string unitId, LeaveRequestBody body, IGrainFactory grains, OfficeCalendar calendar, AuditLog audit, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        var leaveId = Fields.Id(body.LeaveId, "leaveId", errors);
        var cadreId = Fields.Id(body.CadreId, "cadreId", errors);
        var kind = LeaveKinds.Parse(body.Kind, errors);
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
            () => grains.GetGrain<IDutyRegister>(unitId).RequestLeaveAsync(request), r => r.Outcome.ToString(), r => r.Outcome == LeaveOutcome.Requested);
        return result.Outcome switch
        {
            LeaveOutcome.Requested => TypedResults.Created($"/api/units/{unitId}/leave/{leaveId}", LeaveDto.Of(result.Leave!)),
            LeaveOutcome.AlreadyStored => TypedResults.Ok(LeaveDto.Of(result.Leave!)),
            LeaveOutcome.LeaveIdTaken => Problems.Problem(StatusCodes.Status409Conflict, "leave-id-taken", "Leave id already used", result.Detail!),
            _ => Problems.Problem(StatusCodes.Status422UnprocessableEntity, "leave-rule-broken", "The request breaks a leave rule", result.Detail!,
                new Dictionary<string, object?> { ["rule"] = result.Rule }),
        };
    }

    static async Task<Results<Ok<LeaveDto>, ProblemHttpResult>> GetAsync(string unitId, string leaveId, IGrainFactory grains) =>
        await grains.GetGrain<IDutyRegister>(unitId).GetLeaveAsync(leaveId) is { } leave
            ? TypedResults.Ok(LeaveDto.Of(leave))
            : UnknownLeave(unitId, leaveId);

    static async Task<Results<Ok<LeaveDto>, ValidationProblem, ProblemHttpResult>> DecideAsync(
        string unitId, string leaveId, LeaveDecisionBody body, IGrainFactory grains, OfficeCalendar calendar, AuditLog audit, HttpContext http)
    {
        if (body.Approve is not { } approve)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["approve"] = ["Required: true to approve, false to reject."] },
                title: "The decision is not valid", type: Problems.TypeOf("invalid-leave"));
        }
        var caller = Caller.From(http.User)!;
        var result = await audit.AuditedAsync(http, approve ? "approve-leave" : "reject-leave", leaveId,
            () => grains.GetGrain<IDutyRegister>(unitId).DecideLeaveAsync(leaveId, approve, $"{caller.Name} ({caller.Unit})", calendar.Today), r => r.Outcome.ToString(), r => r.Outcome == LeaveOutcome.Decided);
        return Answer(unitId, leaveId, result);
    }

    static async Task<Results<Ok<LeaveDto>, ValidationProblem, ProblemHttpResult>> ReportBackAsync(
        string unitId, string leaveId, ReportBackBody body, IGrainFactory grains, OfficeCalendar calendar, AuditLog audit, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        var returnedOn = body.ReturnedOn is null ? calendar.Today : Fields.Date(body.ReturnedOn, "returnedOn", errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The report back is not valid", type: Problems.TypeOf("invalid-leave"));
        }
        var result = await audit.AuditedAsync(http, "report-back", leaveId,
            () => grains.GetGrain<IDutyRegister>(unitId).ReportBackAsync(leaveId, returnedOn!.Value), r => r.Outcome.ToString(), r => r.Outcome == LeaveOutcome.ReportedBack);
        return Answer(unitId, leaveId, result);
    }

    static Results<Ok<LeaveDto>, ValidationProblem, ProblemHttpResult> Answer(string unitId, string leaveId, LeaveResult result) => result.Outcome switch
    {
        LeaveOutcome.Decided or LeaveOutcome.ReportedBack or LeaveOutcome.AlreadyStored => TypedResults.Ok(LeaveDto.Of(result.Leave!)),
        LeaveOutcome.UnknownLeave => UnknownLeave(unitId, leaveId),
        _ => Problems.Problem(StatusCodes.Status409Conflict, "leave-wrong-status", "Not possible in the leave's status", result.Detail!),
    };

    static async Task<Results<Ok<LeaveRosterDto>, ValidationProblem, ProblemHttpResult>> RosterAsync(string unitId, string month, IGrainFactory grains)
    {
        if (!Fields.TryMonth(month, "month", out var period, out var problem))
        {
            return problem;
        }
        return await LeaveRosterDto.ReadAsync(grains, unitId, period) is { } roster ? TypedResults.Ok(roster) : Problems.UnknownUnit(unitId);
    }

    static async Task<IResult> PrintRosterAsync(string unitId, string month, IGrainFactory grains)
    {
        if (!Fields.TryMonth(month, "month", out var period, out var problem))
        {
            return problem;
        }
        if (await LeaveRosterDto.ReadAsync(grains, unitId, period) is not { } roster)
        {
            return Problems.UnknownUnit(unitId);
        }
        var html = HtmlEncoder.Default;
        var rows = string.Concat(roster.Entries.Select(entry => $"""
            <tr><td>{html.Encode(entry.TeamName)}</td><td>{html.Encode(entry.Name)}</td><td>{html.Encode(LeaveKinds.Caption(entry.Kind))}</td>
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

    static ProblemHttpResult UnknownLeave(string unitId, string leaveId) =>
        Problems.Problem(StatusCodes.Status404NotFound, "unknown-leave", "Unknown leave", $"Unit {unitId} has no leave '{leaveId}'.");
}

/// <summary>The four kinds of leave as the API names them.</summary>
public static class LeaveKinds
{
    static readonly Dictionary<string, LeaveKind> ByName = new(StringComparer.Ordinal)
    {
        ["rotation-rest"] = LeaveKind.RotationRest,
        ["personal"] = LeaveKind.Personal,
        ["sick"] = LeaveKind.Sick,
        ["maternity"] = LeaveKind.Maternity,
    };

    public static string Name(LeaveKind kind) => ByName.First(entry => entry.Value == kind).Key;

    public static LeaveKind? Parse(string? kind, Dictionary<string, string[]> errors)
    {
        if (ByName.TryGetValue(kind ?? "", out var parsed))
        {
            return parsed;
        }
        errors["kind"] = [$"Required: one of {string.Join(", ", ByName.Keys)}."];
        return null;
    }

    /// <summary>As published: sick and maternity leave are health data, so the public roster says only "other".</summary>
    public static string Published(LeaveKind kind) => kind is LeaveKind.RotationRest or LeaveKind.Personal ? Name(kind) : "other";

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

public sealed record LeaveDto(string LeaveId, string CadreId, string UnitId, string Kind, DateOnly From, DateOnly Until, string Reason, DateOnly RequestedOn,
    string Status, string? DecidedBy, DateOnly? DecidedOn, DateOnly? ReturnedOn)
{
    public static LeaveDto Of(Leave leave) => new(leave.Request.LeaveId, leave.Request.CadreId, leave.UnitId.Value, LeaveKinds.Name(leave.Request.Kind),
        leave.Request.From, leave.Request.Until, leave.Request.Reason, leave.Request.RequestedOn, StatusName(leave.Status), leave.DecidedBy, leave.DecidedOn, leave.ReturnedOn);

    public static string StatusName(LeaveStatus status) => status switch
    {
        LeaveStatus.Requested => "requested",
        LeaveStatus.Approved => "approved",
        LeaveStatus.Rejected => "rejected",
        _ => "reported-back",
    };
}

/// <summary>One line of the public roster: no cadre id, ID number or phone, the name masked.</summary>
public sealed record LeaveRosterEntry(string TeamId, string TeamName, string Name, string Kind, DateOnly From, DateOnly Until, DateOnly? ReturnedOn, string Status);

public sealed record LeaveRosterDto(string UnitId, string UnitName, string Month, IReadOnlyList<LeaveRosterEntry> Entries)
{
    /// <summary>The roster of the unit's subtree for the month; null when there is no such unit.</summary>
    public static async Task<LeaveRosterDto?> ReadAsync(IGrainFactory grains, string unitId, Period month)
    {
        if (!Changdu.UnitId.TryParse(unitId, out _) || await grains.GetGrain<IUnitGrain>(unitId).GetDefinitionAsync() is not { } unit)
        {
            return null;
        }
        var leave = await grains.GetGrain<IDutyRegister>(unitId).ListLeaveAsync(month);
        var cadres = await Lookups.CadresAsync(grains, leave.Select(record => record.Request.CadreId));
        var teams = await Lookups.UnitNamesAsync(grains, leave.Select(record => record.UnitId));
        var entries = leave
            .Select(record => new LeaveRosterEntry(record.UnitId.Value, teams[record.UnitId], PersonName.Mask(cadres[record.Request.CadreId]?.Name ?? "?"),
                LeaveKinds.Published(record.Request.Kind), record.Request.From, record.Request.Until, record.ReturnedOn, LeaveDto.StatusName(record.Status)))
            .OrderBy(entry => entry.TeamId, StringComparer.Ordinal).ThenBy(entry => entry.From).ThenBy(entry => entry.Name, StringComparer.Ordinal)
            .ToList();
        return new LeaveRosterDto(unitId, unit.Name, month.ToString(), entries);
    }
}
