namespace Changdu.Grains;

/// <summary>
/// Facts as rows (docs/architecture.md §2): each fact is a row keyed by its owner (a unit or a cadre), its
/// kind and its id, so a write never rewrites the owner's other facts. Writes are group-committed:
/// one transaction carries every write queued meanwhile, and a write's task completes only once its
/// transaction committed (acknowledged means durable).
/// </summary>
public interface IFactStore
{
    /// <summary>Stores the rows (a null payload deletes one) and the audit entry, all or nothing.</summary>
    Task WriteAsync(IReadOnlyList<FactRow> rows, AuditRecord? audit = null);

    /// <summary>Every row of the owner, of every kind: what its grain reads when it activates.</summary>
    Task<IReadOnlyList<FactRow>> ReadAsync(string owner);

    /// <summary>
    /// Every row of the owner, and the row <paramref name="other"/> names (an owner's mark kept under
    /// another owner) when it exists, in one read: a grain's activation needs both, and a cold activation
    /// is most of what a report to a cold unit costs (bench/RESULTS.md).
    /// </summary>
    async Task<IReadOnlyList<FactRow>> ReadWithAsync(string owner, FactRef other) =>
        await ReadOneAsync(other.Owner, other.Kind, other.Key) is { } payload
            ? [.. await ReadAsync(owner), new FactRow(other.Owner, other.Kind, other.Key, payload)]
            : await ReadAsync(owner);

    /// <summary>The owner's rows of one kind.</summary>
    Task<IReadOnlyList<FactRow>> ReadAsync(string owner, string kind);

    /// <summary>The owner's rows of one kind whose key sorts before <paramref name="keyBefore"/>, in key order, at most <paramref name="limit"/>: a due-list's head.</summary>
    Task<IReadOnlyList<FactRow>> ReadBeforeAsync(string owner, string kind, string keyBefore, int limit);

    /// <summary>One row's payload, or null when there is no such row.</summary>
    Task<byte[]?> ReadOneAsync(string owner, string kind, string key);

    /// <summary>Whether the audit entry of the write <paramref name="writeId"/> is stored, so the write committed.</summary>
    Task<bool> HasAuditAsync(Guid writeId);
}

public sealed record FactRow(string Owner, string Kind, string Key, byte[]? Payload);

/// <summary>Where one row is, whether or not it exists.</summary>
public readonly record struct FactRef(string Owner, string Kind, string Key);

/// <summary>
/// The audit entry of a write; <see cref="WriteId"/> makes it land once even when a batch is
/// retried. Ids are time-ordered (version 7), so their unique index grows at its end instead of
/// touching a random page per entry.
/// </summary>
public sealed record AuditRecord(Guid WriteId, AuditStamp Stamp, string Outcome)
{
    public static AuditRecord Of(AuditStamp stamp, string outcome) => new(Guid.CreateVersion7(), stamp, outcome);
}

public static class FactStoreExtensions
{
    /// <summary>
    /// Writes the rows and the audit entry, and returns only once they are durable. When the store
    /// answers an error, the transaction may still have committed (the answer was lost): if the
    /// write's audit entry, or without one every row, is there, the write is done. Otherwise the
    /// error goes to the caller, after <paramref name="onUnknown"/>: a transaction can still commit
    /// after its error, so memory may lag the store and should be read again.
    /// </summary>
    /// <returns>Whether the store answered an error for a write it had committed.</returns>
    public static async Task<bool> WriteDurablyAsync(this IFactStore facts, IReadOnlyList<FactRow> rows, AuditRecord? audit, Action onUnknown)
    {
        try
        {
            await facts.WriteAsync(rows, audit);
            return false;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            bool stored;
            try
            {
                stored = audit is not null ? await facts.HasAuditAsync(audit.WriteId) : await AllStoredAsync(facts, rows);
            }
            catch (Exception readFailure) when (readFailure is not OperationCanceledException)
            {
                stored = false;
            }
            if (!stored)
            {
                onUnknown();
                throw;
            }
            return true;
        }
    }

    static async Task<bool> AllStoredAsync(IFactStore facts, IReadOnlyList<FactRow> rows)
    {
        foreach (var row in rows)
        {
            var stored = await facts.ReadOneAsync(row.Owner, row.Kind, row.Key);
            if (row.Payload is null ? stored is not null : stored is null || !stored.AsSpan().SequenceEqual(row.Payload))
            {
                return false;
            }
        }
        return true;
    }
}
