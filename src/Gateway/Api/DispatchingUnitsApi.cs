using Changdu.Gateway.Audit;
using Changdu.Gateway.Hosting;
using Changdu.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Changdu.Gateway.Api;

/// <summary>
/// Dispatching units and their summons (DOMAIN practice 4): the registry, each unit's conduct rolled up
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
        var level = DispatchingLevels.Parse(body.Level, errors);
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
            _ => Problems.Problem(StatusCodes.Status409Conflict, "dispatching-unit-id-taken", "Dispatching unit id already used",
                $"Dispatching unit '{id}' is already registered with another name or level."),
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
        if (await grains.GetGrain<IDispatchingUnit>(dispatchingUnitId).GetAsync() is not { } unit)
        {
            return UnknownDispatchingUnit(dispatchingUnitId);
        }
        var absences = await AbsenceBulletinDto.CityAbsencesAsync(grains, period);
        return TypedResults.Ok(await ConductDto.ReadAsync(grains, unit, period, absences, options.Value));
    }

    static async Task<Results<Ok<IReadOnlyList<ConductDto>>, ValidationProblem>> CandidatesAsync(
        string? month, IGrainFactory grains, OfficeCalendar calendar, IOptions<SummonsOptions> options)
    {
        if (!Fields.TryMonth(month, calendar.Today, out var period, out var problem))
        {
            return problem;
        }
        var absences = await AbsenceBulletinDto.CityAbsencesAsync(grains, period);
        var conduct = await Task.WhenAll((await AllAsync(grains)).Select(unit => ConductDto.ReadAsync(grains, unit, period, absences, options.Value)));
        return TypedResults.Ok<IReadOnlyList<ConductDto>>(conduct.Where(unit => unit.Reasons.Count > 0)
            .OrderByDescending(unit => unit.Absences).ThenByDescending(unit => unit.OpenProblems).ThenBy(unit => unit.DispatchingUnitId, StringComparer.Ordinal)
            .ToList());
    }

    static async Task<Results<Ok<SummonedDto>, ValidationProblem>> SummonedAsync(int? year, IGrainFactory grains, OfficeCalendar calendar)
    {
        if (!Fields.TryYear(year ?? calendar.Today.Year, out var chosen, out var problem))
        {
            return problem;
        }
        var summoned = (await AllAsync(grains)).Where(unit => unit.Summons.Any(summons => summons.On.Year == chosen)).ToList();
        return TypedResults.Ok(new SummonedDto(chosen, summoned.Count,
            summoned.GroupBy(unit => unit.Level).ToDictionary(level => DispatchingLevels.Name(level.Key), level => level.Count()),
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
            DispatchingOutcome.IdTaken => Problems.Problem(StatusCodes.Status409Conflict, "summons-id-taken", "Summons id already used", result.Detail!),
            _ => UnknownDispatchingUnit(dispatchingUnitId),
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
            : Problems.Problem(StatusCodes.Status404NotFound, "unknown-summons", "Unknown summons", result.Detail!);
    }

    static async Task<IReadOnlyList<DispatchingUnitView>> AllAsync(IGrainFactory grains)
    {
        var ids = await grains.GetGrain<IDispatchingRegistry>(IDispatchingRegistry.Key).ListAsync();
        var units = await Task.WhenAll(ids.Select(id => grains.GetGrain<IDispatchingUnit>(id).GetAsync()));
        return units.OfType<DispatchingUnitView>().ToList();
    }

    static ProblemHttpResult UnknownDispatchingUnit(string id) =>
        Problems.Problem(StatusCodes.Status404NotFound, "unknown-dispatching-unit", "Unknown dispatching unit", $"There is no registered dispatching unit '{id}'.");
}

public static class DispatchingLevels
{
    static readonly Dictionary<string, DispatchingLevel> ByName = new(StringComparer.Ordinal)
    {
        ["autonomous-region"] = DispatchingLevel.AutonomousRegion,
        ["city"] = DispatchingLevel.City,
        ["county"] = DispatchingLevel.County,
    };

    public static string Name(DispatchingLevel level) => ByName.First(entry => entry.Value == level).Key;

    public static DispatchingLevel? Parse(string? level, Dictionary<string, string[]> errors)
    {
        if (ByName.TryGetValue(level ?? "", out var parsed))
        {
            return parsed;
        }
        errors["level"] = [$"Required: one of {string.Join(", ", ByName.Keys)}."];
        return null;
    }
}

public sealed record DispatchingUnitRequest(string? DispatchingUnitId, string? Name, string? Level);

public sealed record DispatchingUnitDto(string DispatchingUnitId, string Name, string Level, int Cadres, IReadOnlyList<string> CadreIds, IReadOnlyList<SummonsDto> Summons)
{
    public static DispatchingUnitDto From(DispatchingUnitView unit) => new(unit.DispatchingUnitId, unit.Name, DispatchingLevels.Name(unit.Level),
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
        SummonsMode? mode = Mode switch
        {
            "face-to-face" => SummonsMode.FaceToFace,
            "letter" => SummonsMode.Letter,
            _ => null,
        };
        if (mode is null)
        {
            errors["mode"] = ["Required: face-to-face or letter."];
        }
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

public sealed record SummonsDto(string SummonsId, string Month, string Mode, DateOnly On, IReadOnlyList<string> Attendees, IReadOnlyList<string> Issues,
    DateOnly RectifyBy, FollowUpDto? FollowUp)
{
    public static SummonsDto From(Summons summons) => new(summons.SummonsId, summons.Month.ToString(),
        summons.Mode == SummonsMode.FaceToFace ? "face-to-face" : "letter", summons.On, summons.Attendees, summons.Issues, summons.RectifyBy,
        summons.FollowUp is { } followUp ? new FollowUpDto(followUp.CheckedOn, followUp.Rectified, followUp.Note) : null);
}

public sealed record SummonedDto(int Year, int Units, IReadOnlyDictionary<string, int> ByLevel, int Summons);

/// <summary>
/// A dispatching unit's month, rolled up across the teams its cadres serve now: their absences, the
/// teams' open problems, how much of the month's reporting (the seven tasks) the teams filed and the
/// villagers' negative feedback about them, and the summons criteria met, named in <see cref="Reasons"/>.
/// </summary>
public sealed record ConductDto(string DispatchingUnitId, string Name, string Level, string Month, int Cadres, int Teams, int Absences,
    long OpenProblems, long ReportsExpected, long ReportsReceived, double? ReportingRate, long NegativeFeedback, IReadOnlyList<string> Reasons)
{
    public static async Task<ConductDto> ReadAsync(IGrainFactory grains, DispatchingUnitView unit, Period month, IReadOnlyList<Absence> cityAbsences, SummonsOptions criteria)
    {
        var cadres = await Lookups.CadresAsync(grains, unit.CadreIds);
        var teams = cadres.Values.Select(cadre => cadre?.Assignments.LastOrDefault(assignment => assignment.Until is null)?.UnitId)
            .OfType<UnitId>().Distinct().ToList();
        var rollups = (await Task.WhenAll(teams.Select(team => grains.GetGrain<IRollupNode>(team.Value).GetRollupAsync(month)))).OfType<RollupView>().ToList();
        var absences = cityAbsences.Count(absence => absence.DispatchingUnitId == unit.DispatchingUnitId);
        var open = rollups.Sum(rollup => rollup.OpenProblems.Open);
        var expected = rollups.Sum(rollup => rollup.ExpectedReports ?? 0);
        var received = rollups.Sum(rollup => rollup.Totals.Reports);
        var negative = rollups.Sum(rollup => rollup.Totals.NegativeFeedback);
        double? rate = expected > 0 ? Math.Min(1, (double)received / expected) : null;
        var reasons = new List<string>();
        if (absences >= criteria.MinAbsences)
        {
            reasons.Add("absences");
        }
        if (teams.Count > 0 && (double)open / teams.Count >= criteria.MinOpenProblemsPerTeam)
        {
            reasons.Add("open-problems");
        }
        if (rate < criteria.MinReportingRate)
        {
            reasons.Add("low-reporting");
        }
        if (negative >= criteria.MinNegativeFeedback)
        {
            reasons.Add("villager-feedback");
        }
        return new ConductDto(unit.DispatchingUnitId, unit.Name, DispatchingLevels.Name(unit.Level), month.ToString(), unit.CadreIds.Count, teams.Count,
            absences, open, expected, received, rate, negative, reasons);
    }
}
