using System.ComponentModel.DataAnnotations;

namespace Changdu.Hosting;

/// <summary>How fast a dead silo is noticed, bound from the "Membership" configuration section.</summary>
public sealed class MembershipOptions
{
    public const string Section = "Membership";

    /// <summary>How long a silo waits for a probe's answer before counting it missed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Missed probes after which a silo is suspected (measured here: SIGKILLed silo evicted in under 1 s with 1 s and 2).</summary>
    [Range(1, 10)]
    public int NumMissedProbesLimit { get; set; } = 2;

    /// <summary>How long after start the activation rebalancer first evens out the silos.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RebalancerDueTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the rebalancer moves activations while the silos are uneven.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RebalancerCyclePeriod { get; set; } = TimeSpan.FromSeconds(15);
}
