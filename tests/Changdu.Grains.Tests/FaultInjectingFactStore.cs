namespace Changdu.Grains.Tests;

/// <summary>
/// The real fact store with faults a test can arm: the next writes fail before reaching the store,
/// or commit and then answer an error (a reply lost after the commit), or every write (or every
/// write of some rows) fails until disarmed (the store down).
/// </summary>
public sealed class FaultInjectingFactStore(IFactStore store) : IFactStore
{
    int _failNext;
    int _commitThenFailNext;
    volatile bool _down;
    volatile bool _readsDown;

    /// <summary>Writes accepted by the store, for tests that count what went where.</summary>
    public int Writes => _writes;
    int _writes;

    public void FailNextWrites(int count) => Interlocked.Exchange(ref _failNext, count);

    public void CommitThenFailNextWrites(int count) => Interlocked.Exchange(ref _commitThenFailNext, count);

    public bool Down { get => _down; set => _down = value; }

    public bool ReadsDown { get => _readsDown; set => _readsDown = value; }

    /// <summary>While set, every write with a row it matches fails before reaching the store.</summary>
    public Func<FactRow, bool>? FailRowsWhere { get; set; }

    public async Task WriteAsync(IReadOnlyList<FactRow> rows, AuditRecord? audit = null)
    {
        if (_down || (FailRowsWhere is { } matches && rows.Any(matches)) || Take(ref _failNext))
        {
            throw new InvalidOperationException("Injected fault: the write never reached the store.");
        }
        await store.WriteAsync(rows, audit);
        Interlocked.Increment(ref _writes);
        if (Take(ref _commitThenFailNext))
        {
            throw new InvalidOperationException("Injected fault: the write committed, then its answer was lost.");
        }
    }

    public Task<IReadOnlyList<FactRow>> ReadAsync(string owner, string kind) =>
        _readsDown ? Task.FromException<IReadOnlyList<FactRow>>(new InvalidOperationException("Injected fault: the store does not answer.")) : store.ReadAsync(owner, kind);

    public Task<byte[]?> ReadOneAsync(string owner, string kind, string key) =>
        _readsDown ? Task.FromException<byte[]?>(new InvalidOperationException("Injected fault: the store does not answer.")) : store.ReadOneAsync(owner, kind, key);

    static bool Take(ref int remaining)
    {
        while (true)
        {
            var current = Volatile.Read(ref remaining);
            if (current <= 0)
            {
                return false;
            }
            if (Interlocked.CompareExchange(ref remaining, current - 1, current) == current)
            {
                return true;
            }
        }
    }
}
