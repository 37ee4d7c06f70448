using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Changdu.Hosting.Storage;

/// <summary>
/// SQLite: one writer connection for the process (WAL lets readers go on beside it; a single
/// writer never waits in Microsoft.Data.Sqlite's lock-retry sleeps), its statements prepared once
/// and reused by every transaction.
/// </summary>
public sealed class SqliteFactDialect(DbDataSource store) : FactDialect(store)
{
    const string UpsertSql = """
        INSERT INTO fact (owner, kind, fact_key, payload) VALUES (@owner, @kind, @key, @payload)
        ON CONFLICT (owner, kind, fact_key) DO UPDATE SET payload = excluded.payload
        """;

    const string DeleteSql = "DELETE FROM fact WHERE owner = @owner AND kind = @kind AND fact_key = @key";

    const string AuditSql = """
        INSERT INTO audit_log (write_id, at_utc, actor, role, actor_unit, action, target_unit, target_path, target, request_id, outcome)
        VALUES (@writeId, @at, @actor, @role, @actorUnit, @action, @targetUnit, @targetPath, @target, @requestId, @outcome)
        ON CONFLICT (write_id) DO NOTHING
        """;

    /// <summary>One: SQLite has one writer at a time, and a second would only wait for its lock.</summary>
    public override int Writers => 1;

    DbConnection? _connection;
    DbCommand? _upsert;
    DbCommand? _delete;
    DbCommand? _audit;

    public override async Task CommitAsync(IReadOnlyList<PendingWrite> batch)
    {
        var connection = await OpenAsync();
        try
        {
            await using var transaction = await connection.BeginTransactionAsync();
            foreach (var row in LastWordPerRow(batch))
            {
                var command = row.Payload is null ? _delete! : _upsert!;
                command.Transaction = transaction;
                command.Parameters["@owner"].Value = row.Owner;
                command.Parameters["@kind"].Value = row.Kind;
                command.Parameters["@key"].Value = row.Key;
                if (row.Payload is { } payload)
                {
                    command.Parameters["@payload"].Value = payload;
                }
                await command.ExecuteNonQueryAsync();
            }
            foreach (var write in batch)
            {
                if (write.Audit is { } audit)
                {
                    _audit!.Transaction = transaction;
                    SetAudit(_audit, audit);
                    await _audit.ExecuteNonQueryAsync();
                }
            }
            await transaction.CommitAsync();
        }
        catch
        {
            // A connection in an unknown state is not reused: the next batch opens a fresh one.
            await CloseAsync();
            throw;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await CloseAsync();
        await base.DisposeAsync();
    }

    async Task<DbConnection> OpenAsync()
    {
        if (_connection is not null)
        {
            return _connection;
        }
        var connection = await Store.OpenConnectionAsync();
        _upsert = Prepared(connection, UpsertSql, "owner", "kind", "key", "payload");
        _delete = Prepared(connection, DeleteSql, "owner", "kind", "key");
        _audit = Prepared(connection, AuditSql, "writeId", "at", "actor", "role", "actorUnit", "action", "targetUnit", "targetPath", "target", "requestId", "outcome");
        return _connection = connection;
    }

    async Task CloseAsync()
    {
        foreach (var command in new[] { _upsert, _delete, _audit })
        {
            if (command is not null)
            {
                await command.DisposeAsync();
            }
        }
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
        (_connection, _upsert, _delete, _audit) = (null, null, null, null);
    }

    static DbCommand Prepared(DbConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            AddParameter(command, "@" + name, null);
        }
        return command;
    }

    static void SetAudit(DbCommand command, Grains.AuditRecord audit)
    {
        var stamp = audit.Stamp;
        command.Parameters["@writeId"].Value = audit.WriteId.ToString("N");
        command.Parameters["@at"].Value = Timestamp(stamp.At);
        command.Parameters["@actor"].Value = stamp.Actor;
        command.Parameters["@role"].Value = stamp.Role;
        command.Parameters["@actorUnit"].Value = stamp.ActorUnit;
        command.Parameters["@action"].Value = stamp.Action;
        command.Parameters["@targetUnit"].Value = stamp.TargetUnit;
        command.Parameters["@targetPath"].Value = stamp.TargetPath;
        command.Parameters["@target"].Value = (object?)stamp.Target ?? DBNull.Value;
        command.Parameters["@requestId"].Value = stamp.RequestId;
        command.Parameters["@outcome"].Value = audit.Outcome;
    }
}
