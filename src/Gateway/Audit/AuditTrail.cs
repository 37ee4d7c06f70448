using System.Diagnostics;
using Changdu.Gateway.Security;

namespace Changdu.Gateway.Audit;

public static class AuditTrail
{
    /// <summary>Records a write by the authorised caller on the route's unit; completes once durable.</summary>
    public static Task RecordAsync(this AuditLog audit, HttpContext http, string action, string? target, string outcome)
    {
        var caller = Caller.From(http.User)!;
        var path = UnitAccessFilter.PathOf(http);
        var entry = new AuditEntry(0, DateTimeOffset.UtcNow, caller.Name, caller.Role, caller.Unit.Value, action, path[^1].Value, target,
            Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier, outcome);
        return audit.RecordAsync(entry, UnitPlaces.Format(path));
    }
}
