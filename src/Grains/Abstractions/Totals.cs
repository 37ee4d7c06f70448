namespace Changdu;

/// <summary>
/// The figures that roll up, per period bucket: reports (and how many arrived on time), meetings,
/// problems, training and exchange meetings, inspections and red-flag awards. Dated events (a
/// problem raised, a class held, a round opened, a month assessed) count in the month they happened.
/// </summary>
[GenerateSerializer, Immutable, Alias("Changdu.Totals")]
public readonly record struct Totals(
    [property: Id(0)] long Reports,
    [property: Id(1)] long MeetingsHeld,
    [property: Id(2)] long ProblemsIdentified,
    [property: Id(3)] long ProblemsResolved)
{
    [Id(4)] public long OnTimeReports { get; init; }

    /// <summary>Training classes held and the people they trained.</summary>
    [Id(5)] public long TrainingClasses { get; init; }
    [Id(6)] public long PeopleTrained { get; init; }

    /// <summary>Experience exchange and on-site meetings, and their attendance.</summary>
    [Id(7)] public long ExchangeMeetings { get; init; }
    [Id(8)] public long ExchangeAttendance { get; init; }

    /// <summary>Inspection rounds opened, units inspected in them, and findings recorded.</summary>
    [Id(9)] public long InspectionRounds { get; init; }
    [Id(10)] public long Inspections { get; init; }
    [Id(11)] public long Findings { get; init; }

    /// <summary>Monthly assessments closed by an office (award rounds) and the red flags they gave.</summary>
    [Id(12)] public long AwardRounds { get; init; }
    [Id(13)] public long Flags { get; init; }

    /// <summary>Points offices entered in ledgers (rule points are derived, not summed here).</summary>
    [Id(14)] public long Points { get; init; }

    /// <summary>On-duty cards issued (re-issues included).</summary>
    [Id(15)] public long CardsIssued { get; init; }

    /// <summary>Approved leave published on the monthly roster: a record counts in each month it overlaps.</summary>
    [Id(16)] public long LeaveRecords { get; init; }

    /// <summary>Unauthorised absences, in the month each was established.</summary>
    [Id(17)] public long Absences { get; init; }

    /// <summary>Villagers' feedback recorded by offices, in the month received.</summary>
    [Id(18)] public long PositiveFeedback { get; init; }
    [Id(19)] public long NegativeFeedback { get; init; }

    public static Totals Zero => default;

    public bool IsZero => this == default;

    public static Totals operator +(Totals a, Totals b) => new(
        a.Reports + b.Reports,
        a.MeetingsHeld + b.MeetingsHeld,
        a.ProblemsIdentified + b.ProblemsIdentified,
        a.ProblemsResolved + b.ProblemsResolved)
    {
        OnTimeReports = a.OnTimeReports + b.OnTimeReports,
        TrainingClasses = a.TrainingClasses + b.TrainingClasses,
        PeopleTrained = a.PeopleTrained + b.PeopleTrained,
        ExchangeMeetings = a.ExchangeMeetings + b.ExchangeMeetings,
        ExchangeAttendance = a.ExchangeAttendance + b.ExchangeAttendance,
        InspectionRounds = a.InspectionRounds + b.InspectionRounds,
        Inspections = a.Inspections + b.Inspections,
        Findings = a.Findings + b.Findings,
        AwardRounds = a.AwardRounds + b.AwardRounds,
        Flags = a.Flags + b.Flags,
        Points = a.Points + b.Points,
        CardsIssued = a.CardsIssued + b.CardsIssued,
        LeaveRecords = a.LeaveRecords + b.LeaveRecords,
        Absences = a.Absences + b.Absences,
        PositiveFeedback = a.PositiveFeedback + b.PositiveFeedback,
        NegativeFeedback = a.NegativeFeedback + b.NegativeFeedback,
    };

    public static Totals operator -(Totals a, Totals b) => new(
        a.Reports - b.Reports,
        a.MeetingsHeld - b.MeetingsHeld,
        a.ProblemsIdentified - b.ProblemsIdentified,
        a.ProblemsResolved - b.ProblemsResolved)
    {
        OnTimeReports = a.OnTimeReports - b.OnTimeReports,
        TrainingClasses = a.TrainingClasses - b.TrainingClasses,
        PeopleTrained = a.PeopleTrained - b.PeopleTrained,
        ExchangeMeetings = a.ExchangeMeetings - b.ExchangeMeetings,
        ExchangeAttendance = a.ExchangeAttendance - b.ExchangeAttendance,
        InspectionRounds = a.InspectionRounds - b.InspectionRounds,
        Inspections = a.Inspections - b.Inspections,
        Findings = a.Findings - b.Findings,
        AwardRounds = a.AwardRounds - b.AwardRounds,
        Flags = a.Flags - b.Flags,
        Points = a.Points - b.Points,
        CardsIssued = a.CardsIssued - b.CardsIssued,
        LeaveRecords = a.LeaveRecords - b.LeaveRecords,
        Absences = a.Absences - b.Absences,
        PositiveFeedback = a.PositiveFeedback - b.PositiveFeedback,
        NegativeFeedback = a.NegativeFeedback - b.NegativeFeedback,
    };
}
