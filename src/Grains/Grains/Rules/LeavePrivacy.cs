namespace Changdu.Grains;

/// <summary>
/// What a public leave roster may show of a leave record (docs/architecture.md §7): sick and maternity
/// leave are health data, so the roster names neither, and a cadre's name only masked.
/// </summary>
public static class LeavePrivacy
{
    /// <summary>The kind as published, or null for a kind the public roster shows only as "other".</summary>
    public static LeaveKind? PublishedKind(LeaveKind kind) => kind is LeaveKind.RotationRest or LeaveKind.Personal ? kind : null;

    /// <summary>The cadre's name as published; "?" masked when the cadre is no longer found.</summary>
    public static string PublishedName(string? name) => PersonName.Mask(name ?? "?");
}
