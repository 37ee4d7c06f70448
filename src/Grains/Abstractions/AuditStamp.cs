using Orleans.Runtime;

namespace Changdu;

/// <summary>
/// Who asks for a write and what it is, sent by the gateway beside the grain call (in the request
/// context, so grain signatures stay the domain's): the grain that stores the write stores its
/// audit entry in the same transaction, with the outcome it decided.
/// </summary>
[GenerateSerializer, Immutable, Alias("Changdu.AuditStamp")]
public sealed record AuditStamp(
    [property: Id(0)] string Actor,
    [property: Id(1)] string Role,
    [property: Id(2)] string ActorUnit,
    [property: Id(3)] string Action,
    [property: Id(4)] string TargetUnit,
    [property: Id(5)] string TargetPath,
    [property: Id(6)] string? Target,
    [property: Id(7)] string RequestId,
    [property: Id(8)] DateTimeOffset At)
{
    const string ContextKey = "changdu.audit";

    /// <summary>The stamp of the request being served, if its caller sent one.</summary>
    public static AuditStamp? Current => RequestContext.Get(ContextKey) as AuditStamp;

    /// <summary>Sends the stamp with the grain calls made until the returned scope ends.</summary>
    public IDisposable Attach()
    {
        RequestContext.Set(ContextKey, this);
        return new Detach();
    }

    sealed class Detach : IDisposable
    {
        public void Dispose() => RequestContext.Remove(ContextKey);
    }
}
