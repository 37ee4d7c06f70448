namespace Changdu.Grains.Tests;

/// <summary>
/// Faults a test can arm on grain calls the silos receive, by method name: the next call fails
/// before the grain sees it (a lost request), or after the grain has done it (a lost reply); or,
/// while set, every call fails (the callee out of reach). It also counts the calls each grain received.
/// </summary>
public sealed class CallFaults : IIncomingGrainCallFilter
{
    readonly System.Collections.Concurrent.ConcurrentDictionary<(string Method, string Key), int> _received = new();
    string? _failNext;
    string? _loseReplyOfNext;

    /// <summary>While set, every call of this method fails before the grain sees it.</summary>
    public string? FailEvery { get; set; }

    public void FailNext(string method) => Volatile.Write(ref _failNext, method);

    public void LoseReplyOfNext(string method) => Volatile.Write(ref _loseReplyOfNext, method);

    /// <summary>How many calls of <paramref name="method"/> the grain keyed <paramref name="key"/> has received.</summary>
    public int Received(string method, string key) => _received.GetValueOrDefault((method, key));

    public void Disarm()
    {
        Volatile.Write(ref _failNext, null);
        Volatile.Write(ref _loseReplyOfNext, null);
        FailEvery = null;
    }

    /// <summary>Whether the fault is armed for <paramref name="method"/>, disarming it: only one call takes it.</summary>
    static bool Take(ref string? armed, string? method)
    {
        var current = Volatile.Read(ref armed);
        return current is not null && current == method && Interlocked.CompareExchange(ref armed, null, current) == current;
    }

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        var method = context.InterfaceMethod?.Name;
        if (method is not null)
        {
            _received.AddOrUpdate((method, context.TargetId.Key.ToString()), 1, (_, count) => count + 1);
        }
        if (Take(ref _failNext, method) || (method is not null && method == FailEvery))
        {
            throw new InvalidOperationException($"Injected fault: the call {method} was lost before it arrived.");
        }
        await context.Invoke();
        if (Take(ref _loseReplyOfNext, method))
        {
            throw new InvalidOperationException($"Injected fault: the call {method} was done, then its reply was lost.");
        }
    }
}
