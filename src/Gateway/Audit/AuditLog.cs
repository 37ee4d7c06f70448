using System.Data.Common;
using System.Globalization;
using System.Threading.Channels;
using Changdu.Gateway.Hosting;

namespace Changdu.Gateway.Audit;

/// <summary>One audited write: who (name, role, unit), what (action, target) and how it ended.</summary>
public sealed record AuditEntry(
    long Id,
    DateTimeOffset At,
    string Actor,
    string Role,
    string ActorUnit,
    string Action,
    string TargetUnit,
    string? Target,
    string RequestId,
    string Outcome);

/// <summary>
/// The audit log in the store (table audit_log). Writes are group-committed: every entry queued
/// while the previous transaction ran goes into the next one, and each caller returns once its entry
/// is durable. One extra transaction per batch, not per request, keeps the report path fast.
/// </summary>
public sealed partial class AuditLog(DbDataSource store, ILogger<AuditLog> logger) : BackgroundService
{
    const int MaxBatch = 512;
    readonly Channel<(AuditEntry Entry, string Path, TaskCompletionSource Done)> _queue =
        Channel.CreateUnbounded<(AuditEntry, string, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Completes when the entry is durable; <paramref name="targetPath"/> places it in the tree.</summary>
    public Task RecordAsync(AuditEntry entry, string targetPath)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _queue.Writer.TryWrite((entry, targetPath, done)) ? done.Task : Task.FromException(new InvalidOperationException("The audit log is closed."));
    }

    /// <summary>A page of the entries whose target lies in the subtree at <paramref name="subtreePath"/>, oldest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(string subtreePath, long after, int limit, CancellationToken cancellationToken)
    {
        await using var command = store.CreateCommand("""
            SELECT id, at_utc, actor, role, actor_unit, action, target_unit, target, request_id, outcome
            FROM audit_log
            WHERE target_path >= @from AND target_path < @to AND id > @after
            ORDER BY id
            LIMIT @limit
            """);
        command.AddParameter("from", subtreePath);
        command.AddParameter("to", subtreePath[..^1] + "0"); // '0' sorts right after '/': the end of this subtree's range
        command.AddParameter("after", after);
        command.AddParameter("limit", limit);
        var entries = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new AuditEntry(
                reader.GetInt64(0),
                DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture),
                reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6),
                await reader.IsDBNullAsync(7, cancellationToken) ? null : reader.GetString(7),
                reader.GetString(8), reader.GetString(9)));
        }
        return entries;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // On shutdown, stop taking entries but write every one already queued.
        await using var closing = stoppingToken.Register(() => _queue.Writer.TryComplete());
        var batch = new List<(AuditEntry Entry, string Path, TaskCompletionSource Done)>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }
            try
            {
                await WriteAsync(batch);
                ChangduTelemetry.StorageBatchSize.Record(batch.Count, new KeyValuePair<string, object?>("store", "audit"));
                batch.ForEach(item => item.Done.TrySetResult());
            }
            catch (Exception exception)
            {
                ChangduTelemetry.StorageErrors.Add(1, new KeyValuePair<string, object?>("state", "audit"));
                LogWriteFailed(logger, exception, batch.Count);
                batch.ForEach(item => item.Done.TrySetException(exception));
            }
            batch.Clear();
        }
    }

    async Task WriteAsync(List<(AuditEntry Entry, string Path, TaskCompletionSource Done)> batch)
    {
        await using var connection = await store.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var (entry, path, _) in batch)
        {
            await InsertAsync(transaction, entry, path);
        }
        await transaction.CommitAsync();
    }

    /// <summary>Inserts one entry inside a caller's transaction: a write the gateway stores itself (a photo) is audited with it.</summary>
    public static async Task InsertAsync(DbTransaction transaction, AuditEntry entry, string targetPath)
    {
        await using var insert = transaction.Connection!.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO audit_log (at_utc, actor, role, actor_unit, action, target_unit, target_path, target, request_id, outcome)
            VALUES (@at, @actor, @role, @actorUnit, @action, @targetUnit, @targetPath, @target, @requestId, @outcome)
            """;
        insert.AddParameter("at", entry.At.ToString("O", CultureInfo.InvariantCulture));
        insert.AddParameter("actor", entry.Actor);
        insert.AddParameter("role", entry.Role);
        insert.AddParameter("actorUnit", entry.ActorUnit);
        insert.AddParameter("action", entry.Action);
        insert.AddParameter("targetUnit", entry.TargetUnit);
        insert.AddParameter("targetPath", targetPath);
        insert.AddParameter("target", (object?)entry.Target ?? DBNull.Value);
        insert.AddParameter("requestId", entry.RequestId);
        insert.AddParameter("outcome", entry.Outcome);
        await insert.ExecuteNonQueryAsync();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing {Count} audit entries failed; their requests answer with an error")]
    static partial void LogWriteFailed(ILogger logger, Exception exception, int count);
}
