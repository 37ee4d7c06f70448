using System.Text.Json.Serialization;
using Changdu.Gateway.Audit;
using Changdu.Gateway.Export;
using Changdu.Gateway.Hosting;
using Changdu.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Changdu.Gateway.Api;

/// <summary>
/// Changes of the map (docs/architecture.md §3): opening, renaming, moving, merging, closing and
/// reopening units, and each unit's history of them. An office changes what lies below it; a move
/// or a merge needs the office to hold both ends. A change answers 200 (201 for a new unit) once
/// every unit it touches holds it, and 202 when it is recorded and still being written; while a change
/// is still being written, the next is answered 409 map-change-under-way.
/// </summary>
public static class MapApi
{
    public static RouteGroupBuilder MapMapApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapUnitRoutes().WithTags("Map");
        group.MapPost("/children", AddChildAsync)
            .AsMapChange(Access.Extend, "AddUnit", "Open a unit under this one; its tier must be the one after this unit's in the hierarchy file; repeating the same request is answered 200")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPatch("", RenameAsync)
            .AsMapChange(Access.Reshape, "RenameUnit", "Rename a unit");
        group.MapPost("/move", MoveAsync)
            .AsMapChange(Access.Reshape, "MoveUnit", "Move a unit with its subtree under another parent; its figures and history go with it")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/close", CloseAsync)
            .AsMapChange(Access.Reshape, "CloseUnit", "Close a unit; with mergedInto, its children move to that unit of the same tier (a merge)")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/reopen", ReopenAsync)
            .AsMapChange(Access.Reshape, "ReopenUnit", "Reopen a closed unit, from reopenedOn (today when not given); it is not expected to report for the days it was closed")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/history", HistoryAsync)
            .RequireUnitAccess(Access.Read)
            .WithName("GetUnitHistory")
            .WithSummary("Every change of the map that touched the unit, oldest first: what, who, when it was recorded and from which day it holds")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    /// <summary>What every change of the map answers besides its success: 202 while it is written, 404 for an unknown unit, 409 for a refusal by state.</summary>
    static RouteHandlerBuilder AsMapChange(this RouteHandlerBuilder endpoint, Access access, string name, string summary) =>
        endpoint.RequireUnitAccess(access)
            .WithName(name)
            .WithSummary(summary)
            .Produces<UnitDto>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    static IHierarchyGrain Map(IGrainFactory grains) => grains.GetGrain<IHierarchyGrain>(IHierarchyGrain.Key);

    static async Task<Results<Created<UnitDto>, Ok<UnitDto>, Accepted<UnitDto>, ValidationProblem, ProblemHttpResult>> AddChildAsync(
        RouteUnit unitId, AddUnitRequest body, IGrainFactory grains, AuditLog audit, UnitPlaces places, HttpContext http)
    {
        if (!body.TryToUnit(out var unit, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The unit is not valid", type: Problems.TypeOf("invalid-unit"));
        }
        var result = await ChangeAsync(audit, http, places, "add-unit", unit.UnitId.Value, () => Map(grains).AddUnitAsync(unitId.Id, unit));
        return result.Outcome switch
        {
            MapOutcome.Applied => TypedResults.Created($"/api/units/{unit.UnitId}", UnitDto.From(result.Unit!)),
            _ => Answer(result, unitId.Id),
        };
    }

    static async Task<Results<Created<UnitDto>, Ok<UnitDto>, Accepted<UnitDto>, ValidationProblem, ProblemHttpResult>> RenameAsync(
        RouteUnit unitId, RenameRequest body, IGrainFactory grains, AuditLog audit, UnitPlaces places, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        if (UnitName(body.Name, errors) is not { } name)
        {
            return TypedResults.ValidationProblem(errors, title: "The name is not valid", type: Problems.TypeOf("invalid-unit"));
        }
        return Answer(await ChangeAsync(audit, http, places, "rename-unit", name, () => Map(grains).RenameUnitAsync(unitId.Id, name)), unitId.Id);
    }

    static async Task<Results<Created<UnitDto>, Ok<UnitDto>, Accepted<UnitDto>, ValidationProblem, ProblemHttpResult>> MoveAsync(
        RouteUnit unitId, MoveRequest body, IGrainFactory grains, AuditLog audit, UnitPlaces places, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        var parent = Unit(body.ParentId, "parentId", required: true, errors);
        var effectiveOn = Fields.Date(body.EffectiveOn, "effectiveOn", errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The move is not valid", type: Problems.TypeOf("invalid-move"));
        }
        if (await HeldByCallerAsync(http, places, parent!.Value, "unknown-parent", "Unknown parent unit") is { } refusal)
        {
            return refusal;
        }
        return Answer(await ChangeAsync(audit, http, places, "move-unit", parent.Value.Value,
            () => Map(grains).MoveUnitAsync(unitId.Id, parent.Value, effectiveOn!.Value)), unitId.Id);
    }

    static async Task<Results<Created<UnitDto>, Ok<UnitDto>, Accepted<UnitDto>, ValidationProblem, ProblemHttpResult>> CloseAsync(
        RouteUnit unitId, CloseUnitRequest body, IGrainFactory grains, AuditLog audit, UnitPlaces places, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        var closedOn = Fields.Date(body.ClosedOn, "closedOn", errors);
        var mergedInto = Unit(body.MergedInto, "mergedInto", required: false, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The closing is not valid", type: Problems.TypeOf("invalid-closing"));
        }
        if (mergedInto is { } target && await HeldByCallerAsync(http, places, target, "unknown-merge-target", "Unknown unit to merge into") is { } refusal)
        {
            return refusal;
        }
        return Answer(await ChangeAsync(audit, http, places, "close-unit", mergedInto?.Value,
            () => Map(grains).CloseUnitAsync(unitId.Id, closedOn!.Value, mergedInto)), unitId.Id);
    }

    static async Task<Results<Created<UnitDto>, Ok<UnitDto>, Accepted<UnitDto>, ValidationProblem, ProblemHttpResult>> ReopenAsync(
        RouteUnit unitId, ReopenUnitRequest? body, IGrainFactory grains, AuditLog audit, UnitPlaces places, OfficeCalendar calendar, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        var reopenedOn = body?.ReopenedOn is null ? calendar.Today : Fields.Date(body.ReopenedOn, "reopenedOn", errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The reopening is not valid", type: Problems.TypeOf("invalid-reopening"));
        }
        return Answer(await ChangeAsync(audit, http, places, "reopen-unit", null, () => Map(grains).ReopenUnitAsync(unitId.Id, reopenedOn!.Value)), unitId.Id);
    }

    /// <param name="format">Optional: json (the default), xlsx or csv.</param>
    static async Task<Results<Ok<IReadOnlyList<MapChangeDto>>, ExportFile, ValidationProblem, ProblemHttpResult>> HistoryAsync(
        RouteUnit unitId, string? format, IGrainFactory grains)
    {
        if (!TableExporter.TryFormat(format, out var export, out var badFormat))
        {
            return badFormat;
        }
        if (await grains.GetGrain<IUnitGrain>(unitId.Key).GetHistoryAsync() is not { } history)
        {
            return Problems.UnknownUnit(unitId.Key);
        }
        IReadOnlyList<MapChangeDto> changes = history.Select(MapChangeDto.From).ToList();
        return export is { } chosen
            ? TableExporter.File(HistoryTable.Of(changes, unitId.Key, await Lookups.UnitNameAsync(grains, unitId)), chosen)
            : TypedResults.Ok(changes);
    }

    /// <summary>Sends the change with the request's audit stamp; a change that happened moves this gateway's places in the tree at once.</summary>
    static async Task<MapChangeResult> ChangeAsync(AuditLog audit, HttpContext http, UnitPlaces places, string action, string? target, Func<Task<MapChangeResult>> change)
    {
        var result = await audit.AuditedAsync(http, action, target, change, r => r.Outcome.ToString(), r => r.Outcome is MapOutcome.Applied or MapOutcome.Applying);
        if (result.Outcome is MapOutcome.Applied or MapOutcome.Applying)
        {
            places.Forget();
        }
        return result;
    }

    static Results<Created<UnitDto>, Ok<UnitDto>, Accepted<UnitDto>, ValidationProblem, ProblemHttpResult> Answer(MapChangeResult result, UnitId unit) => result.Outcome switch
    {
        MapOutcome.Applied or MapOutcome.AlreadyApplied => TypedResults.Ok(UnitDto.From(result.Unit!)),
        MapOutcome.Applying => TypedResults.Accepted($"/api/units/{result.Unit!.UnitId}/history", UnitDto.From(result.Unit)),
        var refused => Outcomes.Problem(refused, result.Detail, unit),
    };

    /// <summary>A move's or merge's far end must exist and lie in the caller's subtree too.</summary>
    static async Task<ProblemHttpResult?> HeldByCallerAsync(HttpContext http, UnitPlaces places, UnitId end, string unknownKind, string unknownTitle)
    {
        if (await places.PathAsync(end) is not { } path)
        {
            return Problems.Problem(StatusCodes.Status404NotFound, unknownKind, unknownTitle, $"There is no unit {end}.");
        }
        var caller = Caller.From(http.User)!;
        return caller.May(Access.Extend, path)
            ? null
            : Problems.Problem(StatusCodes.Status403Forbidden, "forbidden", "Forbidden",
                $"A {caller.Role} token of unit {caller.Unit} may not move units to {end}: it lies outside the caller's subtree.");
    }

    internal static string? UnitName(string? value, Dictionary<string, string[]> errors, string field = "name")
    {
        var name = value?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > NewUnit.MaxNameLength || name.Any(char.IsControl))
        {
            errors[field] = [$"Required: 1–{NewUnit.MaxNameLength} characters, no control characters."];
            return null;
        }
        return name;
    }

    internal static UnitId? Unit(string? value, string field, bool required, Dictionary<string, string[]> errors)
    {
        if (value is null && !required)
        {
            return null;
        }
        if (!UnitId.TryParse(value, out var unit))
        {
            errors[field] = [$"Required: a {UnitId.Length}-digit division code."];
            return null;
        }
        return unit;
    }
}

/// <summary>A unit to open under the route's unit: a 12-digit code not yet used, a name, the tier after the parent's, the day it opens.</summary>
public sealed record AddUnitRequest(string? UnitId, string? Name, string? Tier, DateOnly? OpenedOn)
{
    public bool TryToUnit([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out NewUnit? unit, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var id = MapApi.Unit(UnitId, "unitId", required: true, errors);
        var name = MapApi.UnitName(Name, errors);
        if (string.IsNullOrWhiteSpace(Tier) || Tier.Length > Fields.MaxCategoryLength)
        {
            errors["tier"] = ["Required: the tier's name in the hierarchy file, e.g. village-team."];
        }
        var openedOn = Fields.Date(OpenedOn, "openedOn", errors);
        unit = errors.Count == 0 ? new NewUnit(id!.Value, name!, Tier!, openedOn!.Value) : null;
        return unit is not null;
    }
}

public sealed record RenameRequest(string? Name);

public sealed record MoveRequest(string? ParentId, DateOnly? EffectiveOn);

public sealed record CloseUnitRequest(DateOnly? ClosedOn, string? MergedInto);

public sealed record ReopenUnitRequest(DateOnly? ReopenedOn);

/// <summary>One entry of a unit's history; <c>kind</c> says what changed, the other fields carry what the kind uses.</summary>
public sealed record MapChangeDto(
    string ChangeId,
    [property: JsonConverter(typeof(WireName<MapChangeKind>))] MapChangeKind Kind,
    DateTimeOffset RecordedAt,
    string By,
    string? ByUnit,
    DateOnly? EffectiveOn,
    string? Name,
    string? FormerName,
    string? ParentId,
    string? FormerParentId,
    string? MergedInto,
    IReadOnlyList<string> Children)
{
    public static MapChangeDto From(MapChangeEntry entry) => new(entry.ChangeId, entry.Kind, entry.RecordedAt, entry.By, entry.ByUnit, entry.EffectiveOn,
        entry.Name, entry.FormerName, entry.ParentId?.Value, entry.FormerParentId?.Value, entry.MergedInto?.Value, entry.Children.Select(child => child.Value).ToList());
}
