using System.Security.Claims;

namespace Changdu.Gateway.Security;

/// <summary>Who is calling, from a validated token: a name, a role and the unit the role belongs to.</summary>
public sealed record Caller(string Name, string Role, UnitId Unit)
{
    public static Caller? From(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
        && user.FindFirstValue(Roles.RoleClaim) is { } role && Roles.All.Contains(role)
        && UnitId.TryParse(user.FindFirstValue(Roles.UnitClaim), out var unit)
            ? new Caller(user.FindFirstValue(Roles.NameClaim) ?? "(unnamed)", role, unit)
            : null;

    /// <summary>Whether this caller may <paramref name="access"/> the unit at <paramref name="path"/> (root first).</summary>
    public bool May(Access access, IReadOnlyList<UnitId> path)
    {
        var target = path[^1];
        var inSubtree = path.Contains(Unit);
        return (access, Role) switch
        {
            (Access.Read, Roles.Office or Roles.Viewer) => inSubtree,
            (Access.Write, Roles.Office) => inSubtree,
            (Access.Read or Access.Write, Roles.Team) => target == Unit,
            (Access.Audit, Roles.Office or Roles.Operator) => inSubtree,
            (Access.Supervise, Roles.Office) => inSubtree,
            (Access.Approve or Access.AwardPoints or Access.Reshape, Roles.Office) => inSubtree && target != Unit,
            (Access.Extend, Roles.Office) => inSubtree,
            _ => false,
        };
    }
}

public enum Access
{
    Read = 1,
    Write = 2,
    Audit = 3,

    /// <summary>What only an office does for its subtree, never a team for itself: reporting an absence.</summary>
    Supervise = 4,

    /// <summary>Deciding what a unit below asked for, such as its cadres' leave: an office above, never the unit itself.</summary>
    Approve = 5,

    /// <summary>Entering points from a work bulletin in a unit's ledger: like approving, an office above, never the unit itself.</summary>
    AwardPoints = 6,

    /// <summary>Renaming, moving, closing or reopening a unit: an office above it, never the unit itself.</summary>
    Reshape = 7,

    /// <summary>Opening units under a unit, or moving units there: an office whose subtree holds it, its own unit included.</summary>
    Extend = 8,
}
