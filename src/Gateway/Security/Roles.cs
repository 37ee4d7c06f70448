namespace Changdu.Gateway.Security;

/// <summary>The four roles of docs/architecture.md §7; a token carries one, with the unit it belongs to.</summary>
public static class Roles
{
    /// <summary>A city, county or township office: reads and writes its own unit and everything below.</summary>
    public const string Office = "office";

    /// <summary>A village team: reads and writes its own team only.</summary>
    public const string Team = "team";

    /// <summary>Reads its unit's subtree.</summary>
    public const string Viewer = "viewer";

    /// <summary>Runs the service: metrics, the Orleans dashboard, the audit log of its subtree.</summary>
    public const string Operator = "operator";

    public static readonly IReadOnlyList<string> All = [Office, Team, Viewer, Operator];

    public const string UnitClaim = "unit";
    public const string RoleClaim = "role";
    public const string NameClaim = "sub";
}
