using System.ComponentModel.DataAnnotations;

namespace Changdu.Gateway.Api;

/// <summary>When a dispatching unit becomes a summons candidate for a month (docs/domain.md, practice 4), bound from the "Summons" section; any one criterion is enough.</summary>
public sealed class SummonsOptions
{
    public const string Section = "Summons";

    /// <summary>Unauthorised absences of its cadres established in the month.</summary>
    [Range(1, 1000)]
    public int MinAbsences { get; set; } = 2;

    /// <summary>Open registered problems per team its cadres serve.</summary>
    [Range(0.1, 1000)]
    public double MinOpenProblemsPerTeam { get; set; } = 5;

    /// <summary>Share of the month's reports (the seven tasks' reporting) its teams filed, below which it is a candidate.</summary>
    [Range(0.0, 1.0)]
    public double MinReportingRate { get; set; } = 0.5;

    /// <summary>Negative villagers' feedback about the teams its cadres serve.</summary>
    [Range(1, 1000)]
    public int MinNegativeFeedback { get; set; } = 3;

    /// <summary>The criteria as the dispatching unit grains apply them (<see cref="Grains.SummonsRule"/>).</summary>
    public SummonsCriteria Criteria => new(MinAbsences, MinOpenProblemsPerTeam, MinReportingRate, MinNegativeFeedback);
}
