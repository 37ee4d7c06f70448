namespace Changdu.Grains.Tests;

/// <summary>
/// The real fact store with faults a test can arm, aimed at one owner's writes so that the writes
/// other grains make meanwhile (parents saving what they hold) are not hit: the next write fails
/// before reaching the store, or commits and then answers an error (a reply lost after the commit);
/// or, while a condition holds, every write with a matching row fails (the store down for them).
/// </summary>
public sealed class FaultInjectingFactStore(IFactStore store) : IFactStore
{
    string? _failNextOf;
    string? _loseAnswerOfNextOf;

    /// <summary>While set, every write with a row it matches fails before reaching the store.</summary>
    public Func<FactRow, bool>? FailRowsWhere { get; set; }

    public void FailNextWriteOf(string owner) => Volatile.Write(ref _failNextOf, owner);

    public void LoseAnswerOfNextWriteOf(string owner) => Volatile.Write(ref _loseAnswerOfNextOf, owner);

    /// <summary>The next write of <paramref name="owner"/> waits until the returned source is set: completed, it goes on; faulted, it fails.</summary>
    public TaskCompletionSource HoldNextWriteOf(string owner)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _held, new HeldWrite(owner, release));
        return release;
    }

    sealed record HeldWrite(string Owner, TaskCompletionSource Release);

    HeldWrite? _held;

    public void Disarm()
    {
        Volatile.Write(ref _failNextOf, null);
        Volatile.Write(ref _loseAnswerOfNextOf, null);
        FailRowsWhere = null;
    }

    public async Task WriteAsync(IReadOnlyList<FactRow> rows, AuditRecord? audit = null)
    {
        if (Volatile.Read(ref _held) is { } held && rows.Any(row => row.Owner == held.Owner) && Interlocked.CompareExchange(ref _held, null, held) == held)
        {
            await held.Release.Task;
        }
        if ((FailRowsWhere is { } matches && rows.Any(matches)) || Take(ref _failNextOf, rows))
        {
            throw new InvalidOperationException("Injected fault: the write never reached the store.");
        }
        await store.WriteAsync(rows, audit);
        if (Take(ref _loseAnswerOfNextOf, rows))
        {
            throw new InvalidOperationException("Injected fault: the write committed, then its answer was lost.");
        }
    }

    public Task<IReadOnlyList<FactRow>> ReadAsync(string owner) => store.ReadAsync(owner);

    public Task<IReadOnlyList<FactRow>> ReadAsync(string owner, string kind) => store.ReadAsync(owner, kind);

    public Task<byte[]?> ReadOneAsync(string owner, string kind, string key) => store.ReadOneAsync(owner, kind, key);

    public Task<IReadOnlyList<FactRow>> ReadBeforeAsync(string owner, string kind, string keyBefore, int limit) => store.ReadBeforeAsync(owner, kind, keyBefore, limit);

    public Task<bool> HasAuditAsync(Guid writeId) => store.HasAuditAsync(writeId);

    /// <summary>Whether this write is the armed owner's, disarming the fault if so.</summary>
    static bool Take(ref string? armedOwner, IReadOnlyList<FactRow> rows)
    {
        var owner = Volatile.Read(ref armedOwner);
        return owner is not null && rows.Any(row => row.Owner == owner) && Interlocked.CompareExchange(ref armedOwner, null, owner) == owner;
    }
}
