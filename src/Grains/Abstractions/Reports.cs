namespace Changdu;

/// <summary>A cadence report as a unit files it (docs/domain.md, practice 2); validated at the edge.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.ReportDraft")]
public sealed record ReportDraft(
    [property: Id(0)] string ReportId,
    [property: Id(1)] Cadence Cadence,
    [property: Id(2)] Period Period,
    [property: Id(3)] ReportFigures Figures,
    [property: Id(4)] string? Notes);

[GenerateSerializer, Immutable, Alias("Changdu.ReportFigures")]
public sealed record ReportFigures(
    [property: Id(0)] int MeetingsHeld,
    [property: Id(1)] int ProblemsIdentified,
    [property: Id(2)] int ProblemsResolved)
{
    public const int MaxCount = 10_000;

    public Totals AsTotals() => new(1, MeetingsHeld, ProblemsIdentified, ProblemsResolved);
}

/// <summary>A report as stored: the draft's content plus when it arrived and how often it was corrected.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.Report")]
public sealed record Report(
    [property: Id(0)] UnitId UnitId,
    [property: Id(1)] string ReportId,
    [property: Id(2)] Cadence Cadence,
    [property: Id(3)] Period Period,
    [property: Id(4)] ReportFigures Figures,
    [property: Id(5)] string? Notes,
    [property: Id(6)] DateTimeOffset ReceivedAt,
    [property: Id(7)] DateTimeOffset UpdatedAt,
    [property: Id(8)] int Revision)
{
    /// <summary>Whether the report first arrived within the days allowed after its period ended; corrections keep it.</summary>
    [Id(9)] public bool OnTime { get; init; }

    /// <summary>What the report adds to its period's bucket; problems it names in the register count through its figures.</summary>
    public Totals AsTotals() => Figures.AsTotals() with { OnTimeReports = OnTime ? 1 : 0 };

    public bool HasContentOf(ReportDraft draft) =>
        draft.ReportId == ReportId && draft.Cadence == Cadence && draft.Period == Period && HasFiguresOf(draft.Figures, draft.Notes);

    public bool HasFiguresOf(ReportFigures figures, string? notes) => figures == Figures && notes == Notes;
}

/// <summary>A correction replaces a report's figures and notes; its cadence and period stay.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.ReportCorrection")]
public sealed record ReportCorrection(
    [property: Id(0)] Cadence? Cadence,
    [property: Id(1)] Period? Period,
    [property: Id(2)] ReportFigures Figures,
    [property: Id(3)] string? Notes);

public enum ReportOutcome
{
    /// <summary>A new report was stored.</summary>
    Created = 1,
    /// <summary>The same report was already stored: nothing changed.</summary>
    AlreadyStored = 2,
    /// <summary>A correction replaced the report's figures.</summary>
    Corrected = 3,
    UnknownUnit = 10,
    CadenceNotUsedByTier = 11,
    ReportIdTaken = 12,
    PeriodAlreadyReported = 13,
    UnknownReport = 14,
    CorrectionChangesPeriod = 15,
    FewerProblemsThanRegistered = 16,
}

/// <summary>The answer to a submission or correction; on rejection <see cref="Report"/> is the report in the way, if any.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.ReportResult")]
public sealed record ReportResult(
    [property: Id(0)] ReportOutcome Outcome,
    [property: Id(1)] Report? Report,
    [property: Id(2)] string? Detail)
{
    public bool Accepted => Outcome is ReportOutcome.Created or ReportOutcome.AlreadyStored or ReportOutcome.Corrected;
}
