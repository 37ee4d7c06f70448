using Changdu.Gateway.Audit;
using Changdu.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Changdu.Gateway.Api;

public static class InspectionsApi
{
    const int MaxListed = 2_000;

    public static RouteGroupBuilder MapInspectionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/units/{unitId}/inspections").WithTags("Inspections");
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
        string unitId, RoundRequest body, IGrainFactory grains, AuditLog audit, HttpContext http)
    {
        if (!UnitId.TryParse(unitId, out var id))
        {
            return Problems.UnknownUnit(unitId);
        }
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
            () => grains.GetGrain<IInspectingOffice>(id.Value).OpenRoundAsync(roundId!, startsOn!.Value, body.Seed), r => r.Outcome.ToString(), r => r.Outcome == InspectionOutcome.Opened);
        return result.Outcome switch
        {
            InspectionOutcome.Opened => TypedResults.Created($"/api/units/{id}/inspections/{Uri.EscapeDataString(roundId!)}", InspectionRoundDto.From(result.Round!)),
            InspectionOutcome.AlreadyStored => TypedResults.Ok(InspectionRoundDto.From(result.Round!)),
            _ => Rejection(unitId, result),
        };
    }

    static async Task<Results<Ok<InspectionRoundDto>, ValidationProblem, ProblemHttpResult>> RecordFindingAsync(
        string unitId, string roundId, FindingRequest body, IGrainFactory grains, AuditLog audit, HttpContext http)
    {
        if (!UnitId.TryParse(unitId, out var id))
        {
            return Problems.UnknownUnit(unitId);
        }
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
            () => grains.GetGrain<IInspectingOffice>(id.Value).RecordFindingAsync(roundId, new Finding(findingId!, target, category!, description!, foundOn!.Value)), r => r.Outcome.ToString(), r => r.Outcome == InspectionOutcome.FindingRecorded);
        return result.Outcome is InspectionOutcome.FindingRecorded or InspectionOutcome.AlreadyStored
            ? TypedResults.Ok(InspectionRoundDto.From(result.Round!))
            : Rejection(unitId, result);
    }

    static async Task<Results<Ok<IReadOnlyList<InspectionRoundDto>>, ValidationProblem, ProblemHttpResult>> ListAsync(string unitId, int? year, IGrainFactory grains)
    {
        if (!UnitId.TryParse(unitId, out var id))
        {
            return Problems.UnknownUnit(unitId);
        }
        if (!Fields.TryYear(year, out var y, out var invalid))
        {
            return invalid;
        }
        var rounds = await grains.GetGrain<IInspectingOffice>(id.Value).ListRoundsAsync(y);
        return rounds is null
            ? Problems.UnknownUnit(unitId)
            : TypedResults.Ok<IReadOnlyList<InspectionRoundDto>>(rounds.Select(InspectionRoundDto.From).ToList());
    }

    static async Task<Results<Ok<InspectionRoundDto>, ProblemHttpResult>> GetAsync(string unitId, string roundId, IGrainFactory grains)
    {
        if (!UnitId.TryParse(unitId, out var id))
        {
            return Problems.UnknownUnit(unitId);
        }
        return await grains.GetGrain<IInspectingOffice>(id.Value).GetRoundAsync(roundId) is { } round
            ? TypedResults.Ok(InspectionRoundDto.From(round))
            : Problems.Problem(StatusCodes.Status404NotFound, "unknown-round", "Unknown inspection round", $"Unit {unitId} opened no round '{roundId}'.");
    }

    static async Task<Results<Ok<CoverageDto>, ValidationProblem, ProblemHttpResult>> GetCoverageAsync(string unitId, int? year, IGrainFactory grains)
    {
        if (!UnitId.TryParse(unitId, out var id))
        {
            return Problems.UnknownUnit(unitId);
        }
        if (!Fields.TryYear(year, out var y, out var invalid))
        {
            return invalid;
        }
        var office = grains.GetGrain<IInspectingOffice>(id.Value);
        if (await office.GetCoverageAsync(y) is not { } tiers)
        {
            return Problems.UnknownUnit(unitId);
        }
        var uninspected = await office.ListUninspectedAsync(y, MaxListed + 1);
        return TypedResults.Ok(new CoverageDto(
            unitId,
            y,
            tiers.Select(tier => new TierCoverageDto(tier.Tier, tier.Units, tier.Inspected, tier.Units == 0 ? 1 : Math.Round((decimal)tier.Inspected / tier.Units, 4), tier.Inspected >= tier.Units)).ToList(),
            tiers.All(tier => tier.Inspected >= tier.Units),
            uninspected.Take(MaxListed).Select(unit => new UnitRefDto(unit.UnitId.Value, unit.Name, unit.Tier)).ToList(),
            uninspected.Count > MaxListed));
    }

    static ProblemHttpResult Rejection(string unitId, InspectionResult result) => result.Outcome switch
    {
        InspectionOutcome.UnknownUnit => Problems.UnknownUnit(unitId),
        InspectionOutcome.UnknownRound => Problems.Problem(StatusCodes.Status404NotFound, "unknown-round", "Unknown inspection round", result.Detail!),
        InspectionOutcome.NoChildren => Problems.Problem(StatusCodes.Status422UnprocessableEntity, "nothing-to-inspect", "Nothing to inspect", result.Detail!),
        InspectionOutcome.RoundIdTaken => Problems.Problem(StatusCodes.Status409Conflict, "round-id-taken", "Round id already used", result.Detail!),
        InspectionOutcome.FindingIdTaken => Problems.Problem(StatusCodes.Status409Conflict, "finding-id-taken", "Finding id already used", result.Detail!),
        InspectionOutcome.NotATarget => Problems.Problem(StatusCodes.Status422UnprocessableEntity, "not-a-target", "Not inspected in this round", result.Detail!),
        InspectionOutcome.DateOutOfOrder => Problems.Problem(StatusCodes.Status422UnprocessableEntity, "date-out-of-order", "Date out of order", result.Detail!),
        _ => throw new InvalidOperationException($"Unexpected outcome {result.Outcome}."),
    };
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
