using System.Diagnostics;
using Changdu.Gateway.Security;

namespace Changdu.Gateway.Audit;

public static class AuditTrail
{
    /// <summary>Records a write by the authorised caller on the route's unit; completes once durable.</summary>
    public static Task RecordAsync(this AuditLog audit, HttpContext http, string action, string? target, string outcome) =>
        audit.RecordAsync(http.AuditStamp(action, target), outcome);

    /// <summary>
    /// Sends a write to its grain with the request's audit stamp. When the write stores something,
    /// the grain records the audit entry in the same transaction; every other outcome (a refusal, a
    /// replay answered from what is stored) is recorded here.
    /// </summary>
    public static async Task<T> AuditedAsync<T>(this AuditLog audit, HttpContext http, string action, string? target,
        Func<Task<T>> write, Func<T, string> outcomeOf, Func<T, bool> stored, Func<T, string?>? targetOf = null)
    {
        var stamp = http.AuditStamp(action, target);
        T result;
        using (stamp.Attach())
        {
            result = await write();
        }
        if (!stored(result))
        {
            await audit.RecordAsync(targetOf?.Invoke(result) is { } settled ? stamp with { Target = settled } : stamp, outcomeOf(result));
        }
        return result;
    }

    /// <summary>Records an attempt that stored nothing (a refusal or a replay); a stored write is audited by its grain, in its own transaction.</summary>
    public static Task RecordAsync(this AuditLog audit, AuditStamp stamp, string outcome) => audit.RecordAsync(stamp.Entry(outcome), stamp.TargetPath);

    public static AuditEntry Entry(this AuditStamp stamp, string outcome) =>
        new(0, stamp.At, stamp.Actor, stamp.Role, stamp.ActorUnit, stamp.Action, stamp.TargetUnit, stamp.Target, stamp.RequestId, outcome);

    /// <summary>Who asks for what on the authorised unit: sent with the grain call that stores the write.</summary>
    public static AuditStamp AuditStamp(this HttpContext http, string action, string? target)
    {
        var caller = Caller.From(http.User)!;
        var path = UnitAccessFilter.PathOf(http);
        return new AuditStamp(caller.Name, caller.Role, caller.Unit.Value, action, path[^1].Value, UnitPlaces.Format(path), target,
            Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier, DateTimeOffset.UtcNow);
    }
}
