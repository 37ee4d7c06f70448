using System.Text.Json.Serialization;
using Changdu.Gateway.Audit;
using Changdu.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Changdu.Gateway.Api;

public static class CadresApi
{
    public static RouteGroupBuilder MapCadresApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapUnitRoutes().MapGroup("/cadres").WithTags("Cadres");
        group.MapPost("/", RegisterAsync)
            .RequireUnitAccess(Access.Write)
            .WithName("RegisterCadre")
            .WithSummary("Register a stationed cadre or office worker at the unit; the ID number and phone are stored encrypted and answered masked")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", ListAsync)
            .RequireUnitAccess(Access.Read)
            .WithName("ListCadres")
            .WithSummary("The unit's roster now, with ID numbers and phones masked")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{cadreId}", GetAsync)
            .RequireUnitAccess(Access.Read)
            .WithName("GetCadre")
            .WithSummary("A cadre of the unit's roster, masked; reveal=true shows the ID number and phone to an office that may write here, and is audited")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{cadreId}/transfer", TransferAsync)
            .RequireUnitAccess(Access.Write)
            .WithName("TransferCadre")
            .WithSummary("Move a cadre of this unit to another unit the caller may also write: the current assignment ends the day before")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{cadreId}/end", EndAsync)
            .RequireUnitAccess(Access.Write)
            .WithName("EndCadreAssignment")
            .WithSummary("End a cadre's current assignment (rotation home); the cadre leaves the roster and the history keeps it")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    static async Task<Results<Created<CadreDto>, Ok<CadreDto>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        RouteUnit unitId, CadreRequest body, IGrainFactory grains, AuditLog audit, HttpContext http)
    {
        if (!body.TryToRegistration(unitId.Id, out var cadreId, out var registration, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The cadre is not valid", type: Problems.TypeOf("invalid-cadre"));
        }
        var result = await audit.AuditedAsync(http, "register-cadre", cadreId,
            () => grains.GetGrain<ICadreGrain>(cadreId).RegisterAsync(registration), r => r.Outcome.ToString(), r => r.Outcome == CadreOutcome.Registered);
        return result.Outcome switch
        {
            CadreOutcome.Registered => TypedResults.Created($"/api/units/{unitId}/cadres/{Uri.EscapeDataString(cadreId)}", CadreDto.From(result.Cadre!)),
            CadreOutcome.AlreadyStored => TypedResults.Ok(CadreDto.From(result.Cadre!)),
            var refused => Outcomes.Problem(refused, result.Detail, unitId.Id),
        };
    }

    static async Task<Results<Ok<IReadOnlyList<CadreDto>>, ProblemHttpResult>> ListAsync(RouteUnit unitId, IGrainFactory grains)
    {
        if (await grains.GetGrain<IRoster>(unitId.Key).ListRosterAsync() is not { } roster)
        {
            return Problems.UnknownUnit(unitId.Key);
        }
        var cadres = await Lookups.CadresAsync(grains, roster.Keys);
        return TypedResults.Ok<IReadOnlyList<CadreDto>>(cadres.Values.OfType<CadreView>().OrderBy(cadre => cadre.CadreId, StringComparer.Ordinal).Select(CadreDto.From).ToList());
    }

    static async Task<Results<Ok<CadreDto>, ProblemHttpResult>> GetAsync(RouteUnit unitId, string cadreId, bool? reveal, IGrainFactory grains, AuditLog audit, HttpContext http)
    {
        if (!await OnRosterAsync(grains, unitId, cadreId))
        {
            return UnknownCadre(unitId, cadreId);
        }
        if (reveal == true)
        {
            if (!Caller.From(http.User)!.May(Access.Write, UnitAccessFilter.PathOf(http)))
            {
                return Problems.Problem(StatusCodes.Status403Forbidden, "reveal-not-allowed", "Not allowed to see personal data",
                    "Only an office that may write this unit sees ID numbers and phones in full.");
            }
            await audit.RecordAsync(http, "reveal-cadre", cadreId, "Revealed");
        }
        var cadre = await grains.GetGrain<ICadreGrain>(cadreId).GetAsync(reveal == true);
        return TypedResults.Ok(CadreDto.From(cadre!));
    }

    static async Task<Results<Ok<CadreDto>, ValidationProblem, ProblemHttpResult>> TransferAsync(
        RouteUnit unitId, string cadreId, TransferRequest body, IGrainFactory grains, UnitPlaces places, AuditLog audit, HttpContext http)
    {
        if (!await OnRosterAsync(grains, unitId, cadreId))
        {
            return UnknownCadre(unitId, cadreId);
        }
        var errors = new Dictionary<string, string[]>();
        if (!UnitId.TryParse(body.ToUnitId, out var target))
        {
            errors["toUnitId"] = [$"Required: the {UnitId.Length}-digit id of the unit the cadre moves to."];
        }
        var role = WireNames.Parse<CadreRole>(body.Role, "role", errors);
        var from = Fields.Date(body.From, "from", errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The transfer is not valid", type: Problems.TypeOf("invalid-transfer"));
        }
        if (await places.PathAsync(target) is not { } targetPath)
        {
            return Problems.Problem(StatusCodes.Status422UnprocessableEntity, "unknown-target-unit", "Unknown unit to move to", $"There is no unit {target}.");
        }
        if (!Caller.From(http.User)!.May(Access.Write, targetPath))
        {
            return Problems.Problem(StatusCodes.Status403Forbidden, "outside-scope", "Outside your scope", $"Unit {target} is outside what this token may change.");
        }
        var result = await audit.AuditedAsync(http, "transfer-cadre", cadreId,
            () => grains.GetGrain<ICadreGrain>(cadreId).TransferAsync(target, role!.Value, from!.Value), r => r.Outcome.ToString(), r => r.Outcome == CadreOutcome.Transferred);
        return result.Outcome == CadreOutcome.Transferred
            ? TypedResults.Ok(CadreDto.From(result.Cadre!))
            : Outcomes.Problem(result.Outcome, result.Detail, action: "transfer-cadre");
    }

    static async Task<Results<Ok<CadreDto>, ValidationProblem, ProblemHttpResult>> EndAsync(
        RouteUnit unitId, string cadreId, EndRequest body, IGrainFactory grains, AuditLog audit, HttpContext http)
    {
        if (!await OnRosterAsync(grains, unitId, cadreId))
        {
            return UnknownCadre(unitId, cadreId);
        }
        var errors = new Dictionary<string, string[]>();
        if (Fields.Date(body.Until, "until", errors) is not { } until)
        {
            return TypedResults.ValidationProblem(errors, title: "The end of the assignment is not valid", type: Problems.TypeOf("invalid-transfer"));
        }
        var result = await audit.AuditedAsync(http, "end-cadre-assignment", cadreId,
            () => grains.GetGrain<ICadreGrain>(cadreId).EndAssignmentAsync(until), r => r.Outcome.ToString(), r => r.Outcome == CadreOutcome.Ended);
        return result.Outcome == CadreOutcome.Ended
            ? TypedResults.Ok(CadreDto.From(result.Cadre!))
            : Outcomes.Problem(result.Outcome, result.Detail, action: "end-cadre-assignment");
    }

    /// <summary>Whether the cadre is on the unit's roster now: a cadre is reached only through the unit the caller may act on.</summary>
    public static async Task<bool> OnRosterAsync(IGrainFactory grains, RouteUnit unit, string cadreId) =>
        (await grains.GetGrain<IRoster>(unit.Key).ListRosterAsync())?.ContainsKey(cadreId) == true;

    public static ProblemHttpResult UnknownCadre(RouteUnit unitId, string cadreId) =>
        Problems.Problem(StatusCodes.Status404NotFound, "unknown-cadre", "Unknown cadre", $"Unit {unitId} has no cadre '{cadreId}' on its roster.");
}

/// <summary>A cadre as an office registers them; <c>role</c> is leader, member or office-staff.</summary>
public sealed record CadreRequest(
    string? CadreId, string? Name, string? Gender, string? PoliticalStatus, string? NationalIdNumber, string? Phone, string? DispatchingUnit, string? Role, DateOnly? From,
    string? DispatchingUnitId = null)
{
    const int MaxNameLength = 64;

    public bool TryToRegistration(UnitId unit, out string cadreId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CadreRegistration? registration, out Dictionary<string, string[]> errors)
    {
        errors = [];
        cadreId = Fields.Id(CadreId, "cadreId", errors) ?? "";
        Short(Name, "name", errors);
        if (Gender is not ("female" or "male"))
        {
            errors["gender"] = ["Required: female or male."];
        }
        Short(PoliticalStatus, "politicalStatus", errors);
        // A registered dispatching unit (by id) supplies its own name; otherwise the name alone is kept.
        var dispatchingUnitId = DispatchingUnitId is null ? null : Fields.Id(DispatchingUnitId, "dispatchingUnitId", errors);
        if (dispatchingUnitId is null)
        {
            Short(DispatchingUnit, "dispatchingUnit", errors);
        }
        // The answers name the rule broken, never echo the number.
        if (!Changdu.NationalIdNumber.IsValid(NationalIdNumber))
        {
            errors["nationalIdNumber"] = ["Required: an 18-character resident ID number (GB 11643) with a valid birth date and check character."];
        }
        if (!PhoneNumber.IsValid(Phone))
        {
            errors["phone"] = ["Required: an 11-digit mobile number starting with 1."];
        }
        var role = WireNames.Parse<CadreRole>(Role, "role", errors);
        var from = Fields.Date(From, "from", errors);
        registration = errors.Count == 0
            ? new CadreRegistration(Name!, Gender!, PoliticalStatus!, NationalIdNumber!.ToUpperInvariant(), Phone!, DispatchingUnit ?? "", unit, role!.Value, from!.Value,
                dispatchingUnitId)
            : null;
        return registration is not null;
    }

    static void Short(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxNameLength)
        {
            errors[field] = [$"Required: 1–{MaxNameLength} characters."];
        }
    }

    /// <summary>Masked: a request logged by accident carries no personal data.</summary>
    public override string ToString() => $"CadreRequest {{ CadreId = {CadreId}, Name = {Name} }}";
}

public sealed record TransferRequest(string? ToUnitId, string? Role, DateOnly? From);

public sealed record EndRequest(DateOnly? Until);

public sealed record AssignmentDto(string UnitId, [property: JsonConverter(typeof(WireName<CadreRole>))] CadreRole Role, DateOnly From, DateOnly? Until);

/// <summary>A cadre as answered: <c>nationalIdNumber</c> and <c>phone</c> are masked unless <c>revealed</c>.</summary>
public sealed record CadreDto(
    string CadreId, string Name, string Gender, string PoliticalStatus, string NationalIdNumber, string Phone, string DispatchingUnit,
    IReadOnlyList<AssignmentDto> Assignments, bool Revealed, string? DispatchingUnitId)
{
    public static CadreDto From(CadreView cadre) => new(
        cadre.CadreId, cadre.Name, cadre.Gender, cadre.PoliticalStatus, cadre.NationalIdNumber, cadre.Phone, cadre.DispatchingUnit,
        cadre.Assignments.Select(assignment => new AssignmentDto(assignment.UnitId.Value, assignment.Role, assignment.From, assignment.Until)).ToList(),
        cadre.Revealed, cadre.DispatchingUnitId is "" ? null : cadre.DispatchingUnitId);

    /// <summary>Masked even when revealed: a response logged by accident carries no personal data.</summary>
    public override string ToString() => $"CadreDto {{ CadreId = {CadreId}, Name = {Name} }}";
}
