using System.ComponentModel.DataAnnotations;

namespace Changdu.Grains;

/// <summary>Year-end points rules (docs/domain.md, practice 8), bound from the "Points" configuration section.</summary>
public sealed class PointsOptions
{
    public const string Section = "Points";

    /// <summary>Points per red flag received.</summary>
    [Range(0, 100)]
    public decimal PerFlag { get; set; } = 2;

    /// <summary>Points per inspection finding against the unit or below it (a deduction).</summary>
    [Range(-100, 0)]
    public decimal PerFinding { get; set; } = -1;

    /// <summary>Points for filing every report due in the year; less in proportion to reports missed.</summary>
    [Range(0, 1000)]
    public decimal FullCompleteness { get; set; } = 20;

    [Range(0, 1000)] public int FirstPrizes { get; set; } = 1;
    [Range(0, 1000)] public int SecondPrizes { get; set; } = 2;
    [Range(0, 1000)] public int ThirdPrizes { get; set; } = 3;
}
