using System.ComponentModel.DataAnnotations;

namespace Changdu.Grains;

/// <summary>
/// The monthly assessment's rules (docs/domain.md, practice 3), bound from the "Assessment" configuration
/// section. A change of weights or rounding is a new <see cref="RulesVersion"/>; each closed month
/// records the version it was ranked with.
/// </summary>
public sealed class AssessmentOptions
{
    public const string Section = "Assessment";

    [Required]
    public string RulesVersion { get; set; } = "2016.1";

    public IndicatorWeights Weights { get; set; } = new();

    /// <summary>Decimal places of the comprehensive score (0–100), rounded half away from zero.</summary>
    [Range(0, 4)]
    public int Decimals { get; set; } = 1;

    /// <summary>Share of the assessed children that get a red flag, in percent, rounded down.</summary>
    [Range(0, 100)]
    public int FlagPercent { get; set; } = 30;

    /// <summary>People trained per unit of a subtree in a month for full marks on training.</summary>
    [Range(0.01, 1000)]
    public decimal TrainedPerUnitForFullMarks { get; set; } = 0.5m;

    /// <summary>Days after a month ends on which the schedule closes it; late reports still roll up afterwards.</summary>
    [Range(0, 60)]
    public int CloseAfterDays { get; set; } = 5;

    /// <summary>How far back the schedule catches up on months it could not close (a service that was down).</summary>
    [Range(1, 366)]
    public int CatchUpDays { get; set; } = 62;

    /// <summary>How often each silo looks for months due to close.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CloseCheckInterval { get; set; } = TimeSpan.FromMinutes(10);
}

public sealed class IndicatorWeights
{
    [Range(0, 100)] public decimal Completeness { get; set; } = 35;
    [Range(0, 100)] public decimal Timeliness { get; set; } = 15;
    [Range(0, 100)] public decimal Resolution { get; set; } = 25;
    [Range(0, 100)] public decimal Inspection { get; set; } = 15;
    [Range(0, 100)] public decimal Training { get; set; } = 10;
}
