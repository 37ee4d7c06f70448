using System.Text.Json.Serialization;
using Changdu.Gateway.Audit;
using Changdu.Gateway.Export;
using Changdu.Gateway.Hosting;
using Changdu.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Changdu.Gateway.Api;

/// <summary>
/// Dispatching units and their summons (docs/domain.md, practice 4): the registry, each unit's conduct rolled up
/// across the teams its cadres serve, the month's summons candidates, and the summons records.
/// </summary>
public static class DispatchingUnitsApi
{
    public static RouteGroupBuilder MapDispatchingUnitsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/dispatching-units").WithTags("Dispatching units");
        group.MapPost("/", RegisterAsync)
            .RequireCityAccess(Access.Write)
            .WithName("RegisterDispatchingUnit")
            .WithSummary("Register a dispatching unit (level autonomous-region, city or county); cadres then name it by dispatchingUnitId")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", ListAsync)
            .RequireCityAccess(Access.Read)
            .WithName("ListDispatchingUnits")
            .WithSummary("Every registered dispatching unit with the cadres it sent and its summons");
        group.MapGet("/{dispatchingUnitId}", GetAsync)
            .RequireCityAccess(Access.Read)
            .WithName("GetDispatchingUnit")
            .WithSummary("A dispatching unit: its cadres and its summons records")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{dispatchingUnitId}/conduct", ConductAsync)
            .RequireCityAccess(Access.Read)
            .WithName("GetDispatchingUnitConduct")
            .WithSummary("The month's conduct of the unit's cadres wherever they serve: absences, open problems and reporting of their teams, and which summons criteria it meets")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/summons-candidates", CandidatesAsync)
            .RequireCityAccess(Access.Read)
            .WithName("ListSummonsCandidates")
            .WithSummary("Dispatching units meeting any summons criterion (configured under Summons) in a month, most absences first")
            .ProducesValidationProblem();
        group.MapGet("/summoned", SummonedAsync)
            .RequireCityAccess(Access.Read)
            .WithName("CountSummonedUnits")
            .WithSummary("Units summoned in a year, in all and by level")
            .ProducesValidationProblem();
        group.MapPost("/{dispatchingUnitId}/summons", SummonAsync)
            .RequireCityAccess(Access.Write)
            .WithName("RecordSummons")
            .WithSummary("Record a summons: face-to-face or by letter, date, who attended, the issues and the rectification deadline")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{dispatchingUnitId}/summons/{summonsId}/follow-up", FollowUpAsync)
            .RequireCityAccess(Access.Write)
            .WithName("FollowUpSummons")
            .WithSummary("Record whether the rectification was done, checked on a date")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    static async Task<Results<Created<DispatchingUnitDto>, Ok<DispatchingUnitDto>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        DispatchingUnitRequest body, IGrainFactory grains, AuditLog audit, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        var id = Fields.Id(body.DispatchingUnitId, "dispatchingUnitId", errors);
        if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 120)
        {
            errors["name"] = ["Required: 1–120 characters."];
        }
        var level = WireNames.Parse<DispatchingLevel>(body.Level, "level", errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The dispatching unit is not valid", type: Problems.TypeOf("invalid-dispatching-unit"));
        }
        var unit = grains.GetGrain<IDispatchingUnit>(id!);
        var outcome = await audit.AuditedAsync(http, "register-dispatching-unit", id!,
            () => unit.RegisterAsync(new DispatchingUnitDefinition(body.Name!, level!.Value)), r => r.ToString(), r => r == DispatchingOutcome.Recorded);
        return outcome switch
        {
            DispatchingOutcome.Recorded => TypedResults.Created($"/api/dispatching-units/{id}", DispatchingUnitDto.From((await unit.GetAsync())!)),
            DispatchingOutcome.AlreadyStored => TypedResults.Ok(DispatchingUnitDto.From((await unit.GetAsync())!)),
            var refused => Outcomes.Problem(refused, $"Dispatching unit '{id}' is already registered with another name or level.", action: "register-dispatching-unit"),
        };
    }

    static async Task<Ok<IReadOnlyList<DispatchingUnitDto>>> ListAsync(IGrainFactory grains) =>
        TypedResults.Ok<IReadOnlyList<DispatchingUnitDto>>((await AllAsync(grains)).Select(DispatchingUnitDto.From).ToList());

    static async Task<Results<Ok<DispatchingUnitDto>, ProblemHttpResult>> GetAsync(string dispatchingUnitId, IGrainFactory grains) =>
        await grains.GetGrain<IDispatchingUnit>(dispatchingUnitId).GetAsync() is { } unit
            ? TypedResults.Ok(DispatchingUnitDto.From(unit))
            : UnknownDispatchingUnit(dispatchingUnitId);

    static async Task<Results<Ok<ConductDto>, ValidationProblem, ProblemHttpResult>> ConductAsync(
        string dispatchingUnitId, string? month, IGrainFactory grains, OfficeCalendar calendar, IOptions<SummonsOptions> options)
    {
        if (!Fields.TryMonth(month, calendar.Today, out var period, out var problem))
        {
            return problem;
        }
        return await grains.GetGrain<IDispatchingUnit>(dispatchingUnitId).GetConductAsync(period, options.Value.Criteria) is { } conduct
            ? TypedResults.Ok(ConductDto.From(conduct))
            : UnknownDispatchingUnit(dispatchingUnitId);
    }

    /// <param name="format">Optional: json (the default), xlsx or csv.</param>
    static async Task<Results<Ok<IReadOnlyList<ConductDto>>, ExportFile, ValidationProblem>> CandidatesAsync(
        string? month, string? format, IGrainFactory grains, OfficeCalendar calendar, IOptions<SummonsOptions> options)
    {
        if (!Fields.TryMonth(month, calendar.Today, out var period, out var problem))
        {
            return problem;
        }
        if (!TableExporter.TryFormat(format, out var export, out var badFormat))
        {
            return badFormat;
        }
        var ids = await grains.GetGrain<IDispatchingRegistry>(IDispatchingRegistry.Key).ListAsync();
        var conduct = await Task.WhenAll(ids.Select(id => grains.GetGrain<IDispatchingUnit>(id).GetConductAsync(period, options.Value.Criteria)));
        IReadOnlyList<ConductDto> candidates = conduct.OfType<Conduct>().Where(unit => unit.Reasons.Count > 0)
            .OrderByDescending(unit => unit.Absences).ThenByDescending(unit => unit.OpenProblems).ThenBy(unit => unit.DispatchingUnitId, StringComparer.Ordinal)
            .Select(ConductDto.From).ToList();
        return export is { } chosen
            ? TableExporter.File(SummonsCandidatesTable.Of(candidates, await Lookups.RootAsync(grains), period.ToString()), chosen)
            : TypedResults.Ok(candidates);
    }

    static async Task<Results<Ok<SummonedDto>, ValidationProblem>> SummonedAsync(int? year, IGrainFactory grains, OfficeCalendar calendar)
    {
        if (!Fields.TryYear(year ?? calendar.Today.Year, out var chosen, out var problem))
        {
            return problem;
        }
        var summoned = (await AllAsync(grains)).Where(unit => unit.Summons.Any(summons => summons.On.Year == chosen)).ToList();
        return TypedResults.Ok(new SummonedDto(chosen, summoned.Count,
            summoned.GroupBy(unit => unit.Level).ToDictionary(level => WireNames.Of(level.Key), level => level.Count()),
            summoned.Sum(unit => unit.Summons.Count(summons => summons.On.Year == chosen))));
    }

    static async Task<Results<Created<SummonsDto>, Ok<SummonsDto>, ValidationProblem, ProblemHttpResult>> SummonAsync(
        string dispatchingUnitId, SummonsRequest body, IGrainFactory grains, AuditLog audit, HttpContext http)
    {
        if (!body.TryToSummons(out var summons, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The summons is not valid", type: Problems.TypeOf("invalid-summons"));
        }
        var result = await audit.AuditedAsync(http, "record-summons", $"{dispatchingUnitId}/{summons.SummonsId}",
            () => grains.GetGrain<IDispatchingUnit>(dispatchingUnitId).RecordSummonsAsync(summons), r => r.Outcome.ToString(), r => r.Outcome == DispatchingOutcome.Recorded);
        return result.Outcome switch
        {
            DispatchingOutcome.Recorded => TypedResults.Created($"/api/dispatching-units/{dispatchingUnitId}", SummonsDto.From(result.Summons!)),
            DispatchingOutcome.AlreadyStored => TypedResults.Ok(SummonsDto.From(result.Summons!)),
            var refused => Outcomes.Problem(refused, result.Detail, action: "record-summons"),
        };
    }

    static async Task<Results<Ok<SummonsDto>, ValidationProblem, ProblemHttpResult>> FollowUpAsync(
        string dispatchingUnitId, string summonsId, FollowUpRequest body, IGrainFactory grains, AuditLog audit, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        var checkedOn = Fields.Date(body.CheckedOn, "checkedOn", errors);
        if (body.Rectified is null)
        {
            errors["rectified"] = ["Required: true when the rectification was done."];
        }
        var note = Fields.Text(body.Note, "note", required: false, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The follow-up is not valid", type: Problems.TypeOf("invalid-summons"));
        }
        var result = await audit.AuditedAsync(http, "follow-up-summons", $"{dispatchingUnitId}/{summonsId}",
            () => grains.GetGrain<IDispatchingUnit>(dispatchingUnitId).FollowUpAsync(summonsId, new SummonsFollowUp(checkedOn!.Value, body.Rectified!.Value, note ?? "")),
            r => r.Outcome.ToString(), r => r.Outcome == DispatchingOutcome.Recorded);
        return result.Summons is { } summons
            ? TypedResults.Ok(SummonsDto.From(summons))
            : Outcomes.Problem(result.Outcome, result.Detail);
    }

    static async Task<IReadOnlyList<DispatchingUnitView>> AllAsync(IGrainFactory grains)
    {
        var ids = await grains.GetGrain<IDispatchingRegistry>(IDispatchingRegistry.Key).ListAsync();
        var units = await Task.WhenAll(ids.Select(id => grains.GetGrain<IDispatchingUnit>(id).GetAsync()));
        return units.OfType<DispatchingUnitView>().ToList();
    }

    static ProblemHttpResult UnknownDispatchingUnit(string id) =>
        Outcomes.Problem(DispatchingOutcome.UnknownDispatchingUnit, $"There is no registered dispatching unit '{id}'.");
}

public sealed record DispatchingUnitRequest(string? DispatchingUnitId, string? Name, string? Level);

public sealed record DispatchingUnitDto(string DispatchingUnitId, string Name, [property: JsonConverter(typeof(WireName<DispatchingLevel>))] DispatchingLevel Level,
    int Cadres, IReadOnlyList<string> CadreIds, IReadOnlyList<SummonsDto> Summons)
{
    public static DispatchingUnitDto From(DispatchingUnitView unit) => new(unit.DispatchingUnitId, unit.Name, unit.Level,
        unit.CadreIds.Count, unit.CadreIds, unit.Summons.Select(SummonsDto.From).ToList());
}

public sealed record SummonsRequest(string? SummonsId, string? Month, string? Mode, DateOnly? On, IReadOnlyList<string>? Attendees, IReadOnlyList<string>? Issues, DateOnly? RectifyBy)
{
    const int MaxEntries = 50;

    public bool TryToSummons(out Summons summons, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var id = Fields.Id(SummonsId, "summonsId", errors);
        if (!Period.TryParse(Month, out var month) || month.Kind != PeriodKind.Month)
        {
            errors["month"] = ["Required: the month whose conduct is the reason, e.g. 2016-05."];
        }
        var mode = WireNames.Parse<SummonsMode>(Mode, "mode", errors);
        var on = Fields.Date(On, "on", errors);
        var rectifyBy = Fields.Date(RectifyBy, "rectifyBy", errors);
        if (on is { } day && rectifyBy is { } deadline && deadline < day)
        {
            errors["rectifyBy"] = ["The rectification deadline cannot come before the summons."];
        }
        List(Attendees, "attendees", errors);
        List(Issues, "issues", errors);
        summons = errors.Count == 0 ? new Summons(id!, month, mode!.Value, on!.Value, Attendees!, Issues!, rectifyBy!.Value, null) : null!;
        return errors.Count == 0;
    }

    static void List(IReadOnlyList<string>? entries, string field, Dictionary<string, string[]> errors)
    {
        if (entries is not { Count: > 0 and <= MaxEntries } || entries.Any(entry => string.IsNullOrWhiteSpace(entry) || entry.Length > 200))
        {
            errors[field] = [$"Required: 1–{MaxEntries} entries of 1–200 characters."];
        }
    }
}

public sealed record FollowUpRequest(DateOnly? CheckedOn, bool? Rectified, string? Note);

public sealed record FollowUpDto(DateOnly CheckedOn, bool Rectified, string Note);

public sealed record SummonsDto(string SummonsId, string Month, [property: JsonConverter(typeof(WireName<SummonsMode>))] SummonsMode Mode, DateOnly On, IReadOnlyList<string> Attendees, IReadOnlyList<string> Issues,
    DateOnly RectifyBy, FollowUpDto? FollowUp)
{
    public static SummonsDto From(Summons summons) => new(summons.SummonsId, summons.Month.ToString(),
        summons.Mode, summons.On, summons.Attendees, summons.Issues, summons.RectifyBy,
        summons.FollowUp is { } followUp ? new FollowUpDto(followUp.CheckedOn, followUp.Rectified, followUp.Note) : null);
}

public sealed record SummonedDto(int Year, int Units, IReadOnlyDictionary<string, int> ByLevel, int Summons);

/// <summary>
/// A dispatching unit's month as its grain keeps it (<see cref="Conduct"/>): its cadres' absences,
/// its teams' open problems, reporting and villagers' negative feedback, and the summons criteria
/// met, named in <see cref="Reasons"/>. <c>reportingRate</c> is null when nothing was due.
/// </summary>
public sealed record ConductDto(string DispatchingUnitId, string Name, [property: JsonConverter(typeof(WireName<DispatchingLevel>))] DispatchingLevel Level,
    string Month, int Cadres, int Teams, int Absences, long OpenProblems, long ReportsExpected, long ReportsReceived, double? ReportingRate,
    long NegativeFeedback, IReadOnlyList<string> Reasons)
{
    public static ConductDto From(Conduct conduct) => new(conduct.DispatchingUnitId, conduct.Name, conduct.Level, conduct.Month.ToString(),
        conduct.Cadres, conduct.Teams, conduct.Absences, conduct.OpenProblems, conduct.ReportsExpected, conduct.ReportsReceived,
        (double?)conduct.ReportingRate, conduct.NegativeFeedback, conduct.Reasons);
}
