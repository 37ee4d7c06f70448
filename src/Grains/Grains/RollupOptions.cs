using System.ComponentModel.DataAnnotations;

namespace Changdu.Grains;

/// <summary>Timing of the rollup protocol (docs/architecture.md §4), bound from the "Rollup" configuration section.</summary>
public sealed class RollupOptions
{
    public const string Section = "Rollup";

    /// <summary>Coalescing window: a changed unit offers its summary upward at most once per window.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan OfferWindow { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How often a parent writes the child summaries it received (write-behind, batched).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PersistInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A silo is not ready while one of its units has held a change its parent does not have for longer than this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MaxLag { get; set; } = TimeSpan.FromSeconds(30);
}
