using Changdu.Gateway.Audit;
using Changdu.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Changdu.Gateway.Api;

public static class TrainingsApi
{
    public static RouteGroupBuilder MapTrainingsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapUnitRoutes().MapGroup("/trainings").WithTags("Training");
        group.MapPost("/", RecordAsync)
            .RequireUnitAccess(Access.Write)
            .WithName("RecordTraining")
            .WithSummary("Record a training class or an exchange or on-site meeting the unit held; replaying the same id and body is answered 200")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", ListAsync)
            .RequireUnitAccess(Access.Read)
            .WithName("ListTrainings")
            .WithSummary("The unit's own classes and meetings, in a period when given")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    static async Task<Results<Created<TrainingDto>, Ok<TrainingDto>, ValidationProblem, ProblemHttpResult>> RecordAsync(
        RouteUnit unitId, TrainingRequest body, IGrainFactory grains, AuditLog audit, HttpContext http)
    {
        if (!body.TryToTraining(out var training, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The training is not valid", type: Problems.TypeOf("invalid-training"));
        }
        var result = await audit.AuditedAsync(http, "record-training", training.TrainingId,
            () => grains.GetGrain<ITrainingRegister>(unitId.Key).RecordTrainingAsync(training), r => r.Outcome.ToString(), r => r.Outcome == TrainingOutcome.Recorded);
        return result.Outcome switch
        {
            TrainingOutcome.Recorded => TypedResults.Created($"/api/units/{unitId}/trainings", TrainingDto.From(result.Training!)),
            TrainingOutcome.AlreadyStored => TypedResults.Ok(TrainingDto.From(result.Training!)),
            var refused => Outcomes.Problem(refused, result.Detail, unitId.Id),
        };
    }

    static async Task<Results<Ok<IReadOnlyList<TrainingDto>>, ValidationProblem, ProblemHttpResult>> ListAsync(RouteUnit unitId, string? period, IGrainFactory grains)
    {
        if (!Fields.TryRange(period, required: false, out var range, out var invalid))
        {
            return invalid;
        }
        var trainings = await grains.GetGrain<ITrainingRegister>(unitId.Key).ListTrainingsAsync(range);
        return trainings is null
            ? Problems.UnknownUnit(unitId.Key)
            : TypedResults.Ok<IReadOnlyList<TrainingDto>>(trainings.Select(TrainingDto.From).ToList());
    }
}

/// <summary>A class or meeting as a client records it: <c>kind</c> is class, exchange or on-site.</summary>
public sealed record TrainingRequest(string? TrainingId, string? Kind, string? Title, DateOnly? StartsOn, DateOnly? EndsOn, int? Participants, IReadOnlyList<string>? CadreIds)
{
    public const int MaxCadreIds = 1_000;

    public bool TryToTraining([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Training? training, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var trainingId = Fields.Id(TrainingId, "trainingId", errors);
        if (!TrainingKinds.TryParse(Kind, out var kind))
        {
            errors["kind"] = [$"Required: one of {string.Join(", ", TrainingKinds.Names)}."];
        }
        var title = Fields.Text(Title, "title", required: true, errors);
        var startsOn = Fields.Date(StartsOn, "startsOn", errors);
        var endsOn = EndsOn is null ? startsOn : Fields.Date(EndsOn, "endsOn", errors);
        if (startsOn is { } start && endsOn is { } end && end < start)
        {
            errors["endsOn"] = ["Must not be before startsOn."];
        }
        var participants = Fields.Count(Participants, "participants", Training.MaxParticipants, errors);
        var cadreIds = CadreIds ?? [];
        if (cadreIds.Count > MaxCadreIds || cadreIds.Any(cadre => Fields.Id(cadre, "cadreIds", []) is null))
        {
            errors["cadreIds"] = [$"At most {MaxCadreIds:N0} cadre ids, each 1–{Fields.MaxIdLength} letters, digits, '-', '_', '.' or ':'."];
        }
        else if (participants is { } count && cadreIds.Count > count)
        {
            errors["cadreIds"] = ["Names more cadres than the participants counted."];
        }
        training = errors.Count == 0 ? new Training(trainingId!, kind, title!, startsOn!.Value, endsOn!.Value, participants!.Value, cadreIds.ToList()) : null;
        return training is not null;
    }
}

public sealed record TrainingDto(string TrainingId, string Kind, string Title, DateOnly StartsOn, DateOnly EndsOn, int Participants, IReadOnlyList<string> CadreIds)
{
    public static TrainingDto From(Training training) =>
        new(training.TrainingId, training.Kind.ToName(), training.Title, training.StartsOn, training.EndsOn, training.Participants, training.CadreIds);
}
