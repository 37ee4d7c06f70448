using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Changdu.Hosting;

/// <summary>The silo's identity and ports, bound from the "Orleans" configuration section.</summary>
public sealed class SiloHostingOptions
{
    public const string Section = "Orleans";

    [Range(1, 65535)] public int SiloPort { get; set; } = 11111;
    [Range(1, 65535)] public int GatewayPort { get; set; } = 30000;
    [Required] public string ClusterId { get; set; } = "changdu-dev";
    [Required] public string ServiceId { get; set; } = "changdu";

    /// <summary>The address other silos and clients reach this silo at (cluster mode).</summary>
    [Required] public string AdvertisedAddress { get; set; } = "127.0.0.1";

    /// <summary>Running in Kubernetes: identity and address come from the pod (Microsoft.Orleans.Hosting.Kubernetes).</summary>
    public bool Kubernetes { get; set; }

    /// <summary>Listen on every interface rather than only the advertised address (containers).</summary>
    public bool ListenOnAnyAddress { get; set; }

    /// <summary>
    /// Bounds every grain call, so a call that was on its way to a silo when it died fails (503,
    /// retried by the client) instead of hanging for Orleans's default 30 s. A report takes milliseconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Whether silos collect grain call profiles for the Orleans dashboard (operators see it at /orleans on a gateway); set the same on every process.</summary>
    public bool Dashboard { get; set; } = true;

    /// <summary>
    /// How often each process samples its counters for the Orleans dashboard's charts. Orleans samples
    /// every second by default, which alone cost an idle gateway about 0.8 % of a core (bench/RESULTS.md);
    /// every 10 s the charts move in steps of 10 s and their 100 samples span 17 minutes instead of 100 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan DashboardSampleInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Entries in each silo's cache of where grains live on other silos (0: none). Orleans's default, a million,
    /// sizes the cache's table up front, and the cache's size gauge walks the whole table each time metrics are
    /// read (every second by the Orleans dashboard): most of an idle silo's CPU (bench/RESULTS.md). A hundred
    /// thousand holds every office of the country, the grains a silo calls most on other silos.
    /// </summary>
    [Range(0, 1_000_000)]
    public int DirectoryCacheSize { get; set; } = 100_000;

    public IPAddress AdvertisedIPAddress() => IPAddress.Parse(AdvertisedAddress);
}
