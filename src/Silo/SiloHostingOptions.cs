using System.ComponentModel.DataAnnotations;

namespace Changdu.Silo;

/// <summary>The silo's identity and ports, bound from the "Orleans" configuration section.</summary>
public sealed class SiloHostingOptions
{
    public const string Section = "Orleans";

    [Range(1, 65535)] public int SiloPort { get; set; } = 11111;
    [Range(1, 65535)] public int GatewayPort { get; set; } = 30000;
    [Required] public string ClusterId { get; set; } = "changdu-dev";
    [Required] public string ServiceId { get; set; } = "changdu";
}
