namespace Changdu.Grains;

/// <summary>
/// Facts as rows (ARCHITECTURE §2): each fact is a row keyed by its owner (a unit or a cadre), its
/// kind and its id, so a write never rewrites the owner's other facts. Writes are group-committed:
/// one transaction carries every write queued meanwhile, and a write's task completes only once its
/// transaction committed (acknowledged means durable).
/// </summary>
public interface IFactStore
{
    /// <summary>Stores the rows (a null payload deletes one) and the audit entry, all or nothing.</summary>
    Task WriteAsync(IReadOnlyList<FactRow> rows, AuditRecord? audit = null);

    /// <summary>The owner's rows of one kind.</summary>
    Task<IReadOnlyList<FactRow>> ReadAsync(string owner, string kind);

    /// <summary>One row's payload, or null when there is no such row.</summary>
    Task<byte[]?> ReadOneAsync(string owner, string kind, string key);
}

public sealed record FactRow(string Owner, string Kind, string Key, byte[]? Payload);

/// <summary>The audit entry of a write; <see cref="WriteId"/> makes it land once even when a batch is retried.</summary>
public sealed record AuditRecord(Guid WriteId, AuditStamp Stamp, string Outcome)
{
    public static AuditRecord? Of(AuditStamp? stamp, string outcome) => stamp is null ? null : new(Guid.NewGuid(), stamp, outcome);
}
