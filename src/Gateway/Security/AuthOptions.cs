namespace Changdu.Gateway.Security;

/// <summary>Who may call the API, bound from the "Auth" configuration section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>
    /// Base64 HMAC-SHA256 key that signs and validates tokens. Empty in embedded mode: the key is
    /// generated once into the data directory. Every gateway of a cluster needs the same key.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>An OpenID Connect authority whose tokens are accepted instead (they must carry the unit and role claims).</summary>
    public string? Authority { get; set; }

    public string Issuer { get; set; } = "changdu";

    public string Audience { get; set; } = "changdu-api";

    /// <summary>Lets the dashboard mint tokens for browsers on this machine, in embedded mode only.</summary>
    public bool DevelopmentSignIn { get; set; } = true;
}
