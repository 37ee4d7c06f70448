using System.Data.Common;
using System.Diagnostics;
using System.Threading.Channels;
using Changdu.Grains;
using Microsoft.Extensions.Logging;

namespace Changdu.Hosting.Storage;

/// <summary>
/// The group-committing fact store: one writer loop per process takes every write queued while the
/// previous transaction ran into the next one, commits it, and only then completes each write's
/// task. A batch that fails is retried write by write, so one bad write fails only its own caller;
/// rows are upserts and audit entries carry a unique write id, so a retry never doubles anything.
/// </summary>
public sealed partial class FactStore(IFactDialect dialect, ILogger<FactStore> logger) : IFactStore, IAsyncDisposable
{
    const int MaxBatch = 1024;
    readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = dialect.Writers == 1 });
    readonly Lock _starting = new();
    Task[]? _writers;

    public Task WriteAsync(IReadOnlyList<FactRow> rows, AuditRecord? audit = null)
    {
        EnsureWriter();
        var write = new PendingWrite(rows, audit, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        return _queue.Writer.TryWrite(write) ? write.Done.Task : Task.FromException(new ObjectDisposedException(nameof(FactStore)));
    }

    public Task<IReadOnlyList<FactRow>> ReadAsync(string owner) => dialect.ReadAsync(owner, null);

    public Task<IReadOnlyList<FactRow>> ReadAsync(string owner, string kind) => dialect.ReadAsync(owner, kind);

    public Task<IReadOnlyList<FactRow>> ReadWithAsync(string owner, FactRef other) => dialect.ReadWithAsync(owner, other);

    public Task<byte[]?> ReadOneAsync(string owner, string kind, string key) => dialect.ReadOneAsync(owner, kind, key);

    public Task<IReadOnlyList<FactRow>> ReadBeforeAsync(string owner, string kind, string keyBefore, int limit) => dialect.ReadBeforeAsync(owner, kind, keyBefore, limit);

    public Task<bool> HasAuditAsync(Guid writeId) => dialect.HasAuditAsync(writeId);

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writers is { } writers)
        {
            await Task.WhenAll(writers);
        }
        await dialect.DisposeAsync();
    }

    void EnsureWriter()
    {
        if (_writers is not null)
        {
            return;
        }
        lock (_starting)
        {
            _writers ??= [.. Enumerable.Range(0, dialect.Writers).Select(_ => Task.Run(WriteLoopAsync))];
        }
    }

    async Task WriteLoopAsync()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }
            if (await TryCommitAsync(batch) is { } failure && batch.Count > 1)
            {
                // One write at a time finds the bad one; but when the first fails too, the store
                // itself is failing, and the rest are answered now rather than one timeout each.
                var stillFailing = await TryCommitAsync([batch[0]]);
                foreach (var write in batch.Skip(1))
                {
                    if (stillFailing is not null)
                    {
                        write.Done.TrySetException(stillFailing);
                    }
                    else
                    {
                        await TryCommitAsync([write]);
                    }
                }
            }
            batch.Clear();
        }
    }

    /// <summary>Commits the batch and completes its writes; on failure answers a lone write with the error, and returns the error.</summary>
    async Task<Exception?> TryCommitAsync(List<PendingWrite> batch)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await dialect.CommitAsync(batch);
        }
        catch (Exception exception)
        {
            ChangduTelemetry.StorageErrors.Add(1, new KeyValuePair<string, object?>("state", "facts"));
            LogCommitFailed(logger, exception, batch.Count);
            if (batch.Count == 1)
            {
                batch[0].Done.TrySetException(exception);
            }
            return exception;
        }
        ChangduTelemetry.StorageWriteDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("state", "facts"));
        ChangduTelemetry.StorageBatchSize.Record(batch.Count, new KeyValuePair<string, object?>("store", "facts"));
        batch.ForEach(write => write.Done.TrySetResult());
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A fact transaction of {Count} writes failed")]
    static partial void LogCommitFailed(ILogger logger, Exception exception, int count);
}

/// <summary>A write waiting for its transaction.</summary>
public sealed record PendingWrite(IReadOnlyList<FactRow> Rows, AuditRecord? Audit, TaskCompletionSource Done);

/// <summary>How one store commits a batch of writes in one transaction and reads an owner's rows.</summary>
public interface IFactDialect : IAsyncDisposable
{
    /// <summary>Transactions committed at once: each takes every write queued meanwhile.</summary>
    int Writers { get; }

    Task CommitAsync(IReadOnlyList<PendingWrite> batch);

    /// <summary>The owner's rows of <paramref name="kind"/>, or of every kind when null.</summary>
    Task<IReadOnlyList<FactRow>> ReadAsync(string owner, string? kind);

    Task<byte[]?> ReadOneAsync(string owner, string kind, string key);

    /// <summary>The owner's rows and the row <paramref name="other"/> names, if any, in one statement.</summary>
    Task<IReadOnlyList<FactRow>> ReadWithAsync(string owner, FactRef other);

    Task<IReadOnlyList<FactRow>> ReadBeforeAsync(string owner, string kind, string keyBefore, int limit);

    Task<bool> HasAuditAsync(Guid writeId);
}

/// <summary>What both stores share: reading rows through the pool, and the batch's last word per row.</summary>
public abstract class FactDialect(DbDataSource store) : IFactDialect
{
    public abstract int Writers { get; }

    protected DbDataSource Store { get; } = store;


    public abstract Task CommitAsync(IReadOnlyList<PendingWrite> batch);

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    public async Task<IReadOnlyList<FactRow>> ReadAsync(string owner, string? kind)
    {
        await using var command = Store.CreateCommand(kind is null
            ? "SELECT kind, fact_key, payload FROM fact WHERE owner = @owner"
            : "SELECT kind, fact_key, payload FROM fact WHERE owner = @owner AND kind = @kind");
        AddParameter(command, "owner", owner);
        if (kind is not null)
        {
            AddParameter(command, "kind", kind);
        }
        var rows = new List<FactRow>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new FactRow(owner, reader.GetString(0), reader.GetString(1), (byte[])reader.GetValue(2)));
        }
        return rows;
    }

    public async Task<IReadOnlyList<FactRow>> ReadWithAsync(string owner, FactRef other)
    {
        // Which of the two a row belongs to, as a number: the owners are known, and a string read per row is garbage per row.
        await using var command = Store.CreateCommand("""
            SELECT 0, kind, fact_key, payload FROM fact WHERE owner = @owner
            UNION ALL
            SELECT 1, kind, fact_key, payload FROM fact WHERE owner = @otherOwner AND kind = @otherKind AND fact_key = @otherKey
            """);
        AddParameter(command, "owner", owner);
        AddParameter(command, "otherOwner", other.Owner);
        AddParameter(command, "otherKind", other.Kind);
        AddParameter(command, "otherKey", other.Key);
        var rows = new List<FactRow>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new FactRow(reader.GetInt32(0) == 0 ? owner : other.Owner, reader.GetString(1), reader.GetString(2), (byte[])reader.GetValue(3)));
        }
        return rows;
    }

    public async Task<IReadOnlyList<FactRow>> ReadBeforeAsync(string owner, string kind, string keyBefore, int limit)
    {
        await using var command = Store.CreateCommand(
            "SELECT fact_key, payload FROM fact WHERE owner = @owner AND kind = @kind AND fact_key < @before ORDER BY fact_key LIMIT @limit");
        AddParameter(command, "owner", owner);
        AddParameter(command, "kind", kind);
        AddParameter(command, "before", keyBefore);
        AddParameter(command, "limit", limit);
        var rows = new List<FactRow>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new FactRow(owner, kind, reader.GetString(0), (byte[])reader.GetValue(1)));
        }
        return rows;
    }

    public async Task<byte[]?> ReadOneAsync(string owner, string kind, string key)
    {
        await using var command = Store.CreateCommand("SELECT payload FROM fact WHERE owner = @owner AND kind = @kind AND fact_key = @key");
        AddParameter(command, "owner", owner);
        AddParameter(command, "kind", kind);
        AddParameter(command, "key", key);
        return await command.ExecuteScalarAsync() as byte[];
    }

    public async Task<bool> HasAuditAsync(Guid writeId)
    {
        await using var command = Store.CreateCommand("SELECT 1 FROM audit_log WHERE write_id = @writeId");
        AddParameter(command, "writeId", writeId.ToString("N"));
        return await command.ExecuteScalarAsync() is not null;
    }

    /// <summary>The last write of each row in the batch, in first-seen order: a later write of the same row replaces an earlier one.</summary>
    protected static IReadOnlyCollection<FactRow> LastWordPerRow(IReadOnlyList<PendingWrite> batch)
    {
        var rows = new Dictionary<(string, string, string), FactRow>();
        foreach (var write in batch)
        {
            foreach (var row in write.Rows)
            {
                rows[(row.Owner, row.Kind, row.Key)] = row;
            }
        }
        return rows.Values;
    }

    protected static void AddParameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    protected static string Timestamp(DateTimeOffset at) => at.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
}
