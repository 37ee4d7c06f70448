using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using Changdu.Gateway.Audit;
using Changdu.Gateway.Export;
using Changdu.Gateway.Hosting;
using Changdu.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Changdu.Gateway.Api;

/// <summary>Unauthorised absence (docs/domain.md, practice 9): offices report it, the silos detect it, and the city publishes a bulletin each month.</summary>
public static class AbsencesApi
{
    public static IEndpointRouteBuilder MapAbsencesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapUnitRoutes().MapGroup("/absences").WithTags("Absences");
        group.MapPost("/", ReportAsync)
            .RequireUnitAccess(Access.Supervise)
            .WithName("ReportAbsence")
            .WithSummary("An office reports a cadre of the unit absent from post without leave since 'from'")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/", ListAsync)
            .RequireUnitAccess(Access.Read)
            .WithName("ListAbsences")
            .WithSummary("Absences established in a month (this month when left out) in the unit's subtree, reported or detected, names masked")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        // Public: the city-wide bulletin (通报), names masked.
        app.MapGet("/api/bulletins/absences/{month}", BulletinAsync)
            .Public("Absences")
            .WithName("AbsenceBulletin")
            .WithSummary("Public: the month's city-wide bulletin of unauthorised absence, by county and by dispatching unit, names masked")
            .ProducesValidationProblem();
        app.MapGet("/api/bulletins/absences/{month}/print", PrintBulletinAsync)
            .Public("Absences")
            .WithName("PrintAbsenceBulletin")
            .WithSummary("Public: the same bulletin as a page to print")
            .Produces(StatusCodes.Status200OK, contentType: "text/html");
        return app;
    }


    static async Task<Results<Created<AbsenceDto>, Ok<AbsenceDto>, ValidationProblem, ProblemHttpResult>> ReportAsync(
        RouteUnit unitId, AbsenceRequest body, IGrainFactory grains, OfficeCalendar calendar, AuditLog audit, HttpContext http)
    {
        var errors = new Dictionary<string, string[]>();
        var absenceId = Fields.Id(body.AbsenceId, "absenceId", errors);
        var cadreId = Fields.Id(body.CadreId, "cadreId", errors);
        var from = Fields.Date(body.From, "from", errors);
        var note = Fields.Text(body.Note, "note", required: false, errors);
        var reportedOn = Fields.PastDate(body.ReportedOn, "reportedOn", calendar.Today, errors);
        if (from > reportedOn)
        {
            errors["from"] = [$"An absence cannot start after it is reported ({reportedOn:yyyy-MM-dd})."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The absence is not valid", type: Problems.TypeOf("invalid-absence"));
        }
        var result = await audit.AuditedAsync(http, "report-absence", absenceId!,
            () => grains.GetGrain<IDutyRegister>(unitId.Key).ReportAbsenceAsync(absenceId!, cadreId!, from!.Value, reportedOn!.Value, note ?? ""), r => r.Outcome.ToString(), r => r.Outcome == AbsenceOutcome.Recorded);
        if (result.Outcome is not (AbsenceOutcome.Recorded or AbsenceOutcome.AlreadyStored))
        {
            return Outcomes.Problem(result.Outcome, result.Detail, unitId.Id);
        }
        var absence = result.Absence!;
        var cadres = await Lookups.CadresAsync(grains, [absence.CadreId]);
        if (result.Outcome == AbsenceOutcome.Recorded)
        {
            return TypedResults.Created($"/api/units/{unitId}/absences?month={reportedOn:yyyy-MM}", AbsenceDto.Of(absence, cadres));
        }
        return TypedResults.Ok(AbsenceDto.Of(absence, cadres));
    }

    static async Task<Results<Ok<IReadOnlyList<AbsenceDto>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        RouteUnit unitId, string? month, IGrainFactory grains, OfficeCalendar calendar)
    {
        if (!Fields.TryMonth(month, calendar.Today, out var period, out var problem))
        {
            return problem;
        }
        var absences = await grains.GetGrain<IDutyRegister>(unitId.Key).ListAbsencesAsync(period);
        var cadres = await Lookups.CadresAsync(grains, absences.Select(absence => absence.CadreId));
        return TypedResults.Ok<IReadOnlyList<AbsenceDto>>(absences.OrderBy(absence => absence.EstablishedOn).ThenBy(absence => absence.AbsenceId, StringComparer.Ordinal)
            .Select(absence => AbsenceDto.Of(absence, cadres)).ToList());
    }

    /// <param name="format">Optional: json (the default), or xlsx or csv with a row per absence.</param>
    static async Task<Results<Ok<AbsenceBulletinDto>, ExportFile, ValidationProblem>> BulletinAsync(string month, string? format, IGrainFactory grains)
    {
        if (!Fields.TryMonth(month, "month", out var period, out var problem))
        {
            return problem;
        }
        if (!TableExporter.TryFormat(format, out var export, out var badFormat))
        {
            return badFormat;
        }
        var bulletin = AbsenceBulletinDto.From(await grains.GetGrain<IPublications>(IPublications.Key).GetAbsenceBulletinAsync(period));
        if (export is not { } chosen)
        {
            return TypedResults.Ok(bulletin);
        }
        return TableExporter.File(AbsenceBulletinTable.Of(bulletin, await Lookups.RootAsync(grains)), chosen);
    }

    static async Task<IResult> PrintBulletinAsync(string month, IGrainFactory grains)
    {
        if (!Fields.TryMonth(month, "month", out var period, out var problem))
        {
            return problem;
        }
        var bulletin = AbsenceBulletinDto.From(await grains.GetGrain<IPublications>(IPublications.Key).GetAbsenceBulletinAsync(period));
        var html = HtmlEncoder.Default;
        string Counts(IEnumerable<BulletinCount> counts) =>
            string.Concat(counts.Select(count => $"<tr><td>{html.Encode(count.Name)}</td><td>{count.Absences}</td></tr>"));
        var rows = string.Concat(bulletin.Entries.Select(entry => $"""
            <tr><td>{html.Encode(entry.TeamName)}</td><td>{html.Encode(entry.Name)}</td><td>{html.Encode(entry.DispatchingUnit)}</td>
            <td>{entry.From:yyyy-MM-dd}</td><td>{(entry.Until is { } until ? until.ToString("yyyy-MM-dd") : "—")}</td><td>{html.Encode(WireNames.Of(entry.Source))}</td></tr>
            """));
        var body = $"""
            <h1>擅自离岗通报 · Unauthorised absence bulletin · {html.Encode(bulletin.Month)}</h1>
            <p>{bulletin.Total} 人次 absences</p>
            <h2>按县 By county</h2><table><tbody>{Counts(bulletin.ByCounty)}</tbody></table>
            <h2>按派驻单位 By dispatching unit</h2><table><tbody>{Counts(bulletin.ByDispatchingUnit)}</tbody></table>
            <h2>名单 Entries</h2>
            <table><thead><tr><th>工作队 Team</th><th>姓名 Name</th><th>派驻单位 Dispatched by</th><th>起 From</th><th>止 Until</th><th>来源 Source</th></tr></thead>
            <tbody>{rows}</tbody></table>
            """;
        return PrintPage.Render($"Absence bulletin {bulletin.Month}", """
              h1 { font-size: 1.2rem; } h2 { font-size: 1rem; margin-top: 1.2rem; }
              table { border-collapse: collapse; width: 100%; }
              th, td { border: 1px solid #888; padding: .3rem .5rem; text-align: left; }
              tr { break-inside: avoid; }
            """, body);
    }
}

/// <summary>An absence report; <c>reportedOn</c> defaults to today and is given only when an earlier report is entered later.</summary>
public sealed record AbsenceRequest(string? AbsenceId, string? CadreId, DateOnly? From, string? Note, DateOnly? ReportedOn = null);

/// <summary>An absence as offices read it: the cadre's id and masked name, never the ID number or phone.</summary>
public sealed record AbsenceDto(string AbsenceId, string CadreId, string Name, string DispatchingUnit, string? DispatchingUnitId, string UnitId,
    DateOnly From, DateOnly? Until, DateOnly EstablishedOn, [property: JsonConverter(typeof(WireName<AbsenceSource>))] AbsenceSource Source, string Note)
{
    public static AbsenceDto Of(Absence absence, IReadOnlyDictionary<string, CadreView?> cadres)
    {
        var cadre = cadres.GetValueOrDefault(absence.CadreId);
        return new AbsenceDto(absence.AbsenceId, absence.CadreId, PersonName.Mask(cadre?.Name ?? "?"), cadre?.DispatchingUnit ?? "",
            absence.DispatchingUnitId is "" ? null : absence.DispatchingUnitId, absence.UnitId.Value, absence.From, absence.Until, absence.EstablishedOn,
            absence.Source, absence.Note);
    }
}

public sealed record BulletinCount(string? Id, string Name, int Absences)
{
    public static BulletinCount From(BulletinTally tally) => new(tally.Id, tally.Name, tally.Absences);
}

public sealed record BulletinEntry(string TeamId, string TeamName, string Name, string DispatchingUnit, DateOnly From, DateOnly? Until,
    [property: JsonConverter(typeof(WireName<AbsenceSource>))] AbsenceSource Source);

/// <summary>The city-wide monthly bulletin: totals by county and by dispatching unit, and each absence with the name masked.</summary>
public sealed record AbsenceBulletinDto(string Month, int Total, IReadOnlyList<BulletinCount> ByCounty, IReadOnlyList<BulletinCount> ByDispatchingUnit,
    IReadOnlyList<BulletinEntry> Entries)
{
    public static AbsenceBulletinDto From(AbsenceBulletin bulletin) => new(bulletin.Month.ToString(), bulletin.Total,
        bulletin.ByCounty.Select(BulletinCount.From).ToList(),
        bulletin.ByDispatchingUnit.Select(BulletinCount.From).ToList(),
        bulletin.Lines.Select(line => new BulletinEntry(line.TeamId.Value, line.TeamName, line.Name, line.DispatchingUnit, line.From, line.Until, line.Source)).ToList());
}
