using Changdu.Gateway.Audit;
using Changdu.Gateway.Export;
using Changdu.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Changdu.Gateway.Api;

public static class InspectionsApi
{
    const int MaxListed = 2_000;

    public static RouteGroupBuilder MapInspectionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapUnitRoutes().MapGroup("/inspections").WithTags("Inspections");
        group.MapPost("/", OpenAsync)
            .RequireUnitAccess(Access.Write)
            .WithName("OpenInspectionRound")
            .WithSummary("Open a cross-inspection round over the office's children: pairs drawn from a recorded seed, nobody inspects itself")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/", ListAsync)
            .RequireUnitAccess(Access.Read)
            .WithName("ListInspectionRounds")
            .WithSummary("The rounds the office opened in a year")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/coverage", GetCoverageAsync)
            .RequireUnitAccess(Access.Read)
            .WithName("GetInspectionCoverage")
            .WithSummary("Per tier below the unit: units, units inspected in the year, and whether coverage is full; with the units not yet inspected")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{roundId}", GetAsync)
            .RequireUnitAccess(Access.Read)
            .WithName("GetInspectionRound")
            .WithSummary("A round with its seed, pairs and findings")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{roundId}/findings", RecordFindingAsync)
            .RequireUnitAccess(Access.Write)
            .WithName("RecordFinding")
            .WithSummary("Record a finding against a unit inspected in the round; it raises a problem at that unit")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    static async Task<Results<Created<InspectionRoundDto>, Ok<InspectionRoundDto>, ValidationProblem, ProblemHttpResult>> OpenAsync(
        RouteUnit unitId, RoundRequest body, IGrainFactory grains, AuditLog audit, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        var roundId = Fields.Id(body.RoundId, "roundId", errors);
        var startsOn = Fields.Date(body.StartsOn, "startsOn", errors);
        if (body.Seed is < 0)
        {
            errors["seed"] = ["A whole number from 0 to 2,147,483,647; leave it out to have one drawn."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The round is not valid", type: Problems.TypeOf("invalid-round"));
        }
        var result = await audit.AuditedAsync(http, "open-inspection-round", roundId,
            () => grains.GetGrain<IInspectingOffice>(unitId.Key).OpenRoundAsync(roundId!, startsOn!.Value, body.Seed), r => r.Outcome.ToString(), r => r.Outcome == InspectionOutcome.Opened);
        return result.Outcome switch
        {
            InspectionOutcome.Opened => TypedResults.Created($"/api/units/{unitId}/inspections/{Uri.EscapeDataString(roundId!)}", InspectionRoundDto.From(result.Round!)),
            InspectionOutcome.AlreadyStored => TypedResults.Ok(InspectionRoundDto.From(result.Round!)),
            var refused => Outcomes.Problem(refused, result.Detail, unitId.Id),
        };
    }

    static async Task<Results<Ok<InspectionRoundDto>, ValidationProblem, ProblemHttpResult>> RecordFindingAsync(
        RouteUnit unitId, string roundId, FindingRequest body, IGrainFactory grains, AuditLog audit, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        var findingId = Fields.Id(body.FindingId, "findingId", errors);
        if (!UnitId.TryParse(body.TargetId, out var target))
        {
            errors["targetId"] = [$"Required: the {UnitId.Length}-digit id of a unit inspected in the round."];
        }
        var category = Fields.Category(body.Category, "category", errors);
        var description = Fields.Text(body.Description, "description", required: true, errors);
        var foundOn = Fields.Date(body.FoundOn, "foundOn", errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The finding is not valid", type: Problems.TypeOf("invalid-finding"));
        }
        var result = await audit.AuditedAsync(http, "record-finding", $"{roundId}/{findingId}",
            () => grains.GetGrain<IInspectingOffice>(unitId.Key).RecordFindingAsync(roundId, new Finding(findingId!, target, category!, description!, foundOn!.Value)), r => r.Outcome.ToString(), r => r.Outcome == InspectionOutcome.FindingRecorded);
        return result.Outcome is InspectionOutcome.FindingRecorded or InspectionOutcome.AlreadyStored
            ? TypedResults.Ok(InspectionRoundDto.From(result.Round!))
            : Outcomes.Problem(result.Outcome, result.Detail, unitId.Id);
    }

    static async Task<Results<Ok<IReadOnlyList<InspectionRoundDto>>, ValidationProblem, ProblemHttpResult>> ListAsync(RouteUnit unitId, int? year, IGrainFactory grains)
    {
        if (!Fields.TryYear(year, out var y, out var invalid))
        {
            return invalid;
        }
        var rounds = await grains.GetGrain<IInspectingOffice>(unitId.Key).ListRoundsAsync(y);
        return rounds is null
            ? Problems.UnknownUnit(unitId.Key)
            : TypedResults.Ok<IReadOnlyList<InspectionRoundDto>>(rounds.Select(InspectionRoundDto.From).ToList());
    }

    static async Task<Results<Ok<InspectionRoundDto>, ProblemHttpResult>> GetAsync(RouteUnit unitId, string roundId, IGrainFactory grains) =>
        await grains.GetGrain<IInspectingOffice>(unitId.Key).GetRoundAsync(roundId) is { } round
            ? TypedResults.Ok(InspectionRoundDto.From(round))
            : Outcomes.Problem(InspectionOutcome.UnknownRound, $"Unit {unitId} opened no round '{roundId}'.");

    /// <param name="limit">
    /// At most this many uninspected units (0 to 2,000, 2,000 when left out). The list walks the subtree unit by unit;
    /// a page that shows only the tiers asks for 0 and walks nothing (then <c>uninspectedTruncated</c> says whether any are left).
    /// </param>
    /// <param name="format">Optional: json (the default), or xlsx or csv with a row per tier.</param>
    static async Task<Results<Ok<CoverageDto>, ExportFile, ValidationProblem, ProblemHttpResult>> GetCoverageAsync(
        RouteUnit unitId, int? year, int? limit, string? format, IGrainFactory grains)
    {
        if (!Fields.TryYear(year, out var y, out var invalid))
        {
            return invalid;
        }
        if (limit is < 0 or > MaxListed)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["limit"] = [$"Optional: how many uninspected units to list at most, from 0 to {MaxListed}."] },
                title: "The limit is not valid", type: Problems.TypeOf("invalid-limit"));
        }
        if (!TableExporter.TryFormat(format, out var export, out var badFormat))
        {
            return badFormat;
        }
        var office = grains.GetGrain<IInspectingOffice>(unitId.Key);
        if (await office.GetCoverageAsync(y) is not { } tiers)
        {
            return Problems.UnknownUnit(unitId.Key);
        }
        var listed = limit ?? MaxListed;
        var full = tiers.All(tier => tier.Inspected >= tier.Units);
        IReadOnlyList<UnitRef> uninspected = listed == 0 || full ? [] : await office.ListUninspectedAsync(y, listed + 1);
        var coverage = new CoverageDto(
            unitId.Key,
            y,
            tiers.Select(tier => new TierCoverageDto(tier.Tier, tier.Units, tier.Inspected, tier.Units == 0 ? 1 : Math.Round((decimal)tier.Inspected / tier.Units, 4), tier.Inspected >= tier.Units)).ToList(),
            full,
            uninspected.Take(listed).Select(unit => new UnitRefDto(unit.UnitId.Value, unit.Name, unit.Tier)).ToList(),
            listed == 0 ? !full : uninspected.Count > listed);
        return export is { } chosen
            ? TableExporter.File(CoverageTable.Of(coverage, await Lookups.UnitNameAsync(grains, unitId)), chosen)
            : TypedResults.Ok(coverage);
    }
}

/// <summary>A round to open; leave <c>seed</c> out to have one drawn (it is recorded either way).</summary>
public sealed record RoundRequest(string? RoundId, DateOnly? StartsOn, int? Seed);

public sealed record FindingRequest(string? FindingId, string? TargetId, string? Category, string? Description, DateOnly? FoundOn);

public sealed record InspectionPairDto(string InspectorId, string TargetId);

public sealed record FindingDto(string FindingId, string TargetId, string Category, string Description, DateOnly FoundOn, string ProblemId);

public sealed record InspectionRoundDto(string UnitId, string RoundId, DateOnly StartsOn, int Seed, IReadOnlyList<InspectionPairDto> Pairs, IReadOnlyList<FindingDto> Findings, DateTimeOffset OpenedAt)
{
    public static InspectionRoundDto From(InspectionRound round) => new(
        round.Office.Value,
        round.RoundId,
        round.StartsOn,
        round.Seed,
        round.Pairs.Select(pair => new InspectionPairDto(pair.Inspector.Value, pair.Target.Value)).ToList(),
        round.Findings.Select(finding => new FindingDto(finding.FindingId, finding.Target.Value, finding.Category, finding.Description, finding.FoundOn,
            finding.ProblemId(round.RoundId))).ToList(),
        round.OpenedAt);
}

public sealed record TierCoverageDto(string Tier, long Units, long Inspected, decimal Coverage, bool Full);

public sealed record UnitRefDto(string UnitId, string Name, string Tier);

/// <summary>Coverage per tier in a year; <c>fullCoverage</c> is the programme's goal, <c>uninspected</c> what stands between.</summary>
public sealed record CoverageDto(string UnitId, int Year, IReadOnlyList<TierCoverageDto> Tiers, bool FullCoverage, IReadOnlyList<UnitRefDto> Uninspected, bool UninspectedTruncated);
