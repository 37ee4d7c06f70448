using System.Data.Common;

namespace Changdu.Hosting.Storage;

/// <summary>
/// PostgreSQL: a batch is one round trip. Its rows travel as arrays and go in by one statement per
/// kind of change (unnest), and Npgsql runs a batch of statements as one implicit transaction, so
/// nothing commits unless everything does. The statements' text never changes, so they
/// are prepared once per connection and reused.
/// </summary>
public sealed class PostgreSqlFactDialect(DbDataSource store) : FactDialect(store)
{
    /// <summary>
    /// A few transactions in flight at once: each waits mostly for its round trip and PostgreSQL's
    /// fsync, which PostgreSQL itself shares among the commits that arrive together.
    /// </summary>
    public override int Writers => 4;

    const string UpsertSql = """
        INSERT INTO fact (owner, kind, fact_key, payload)
        SELECT * FROM unnest(@owners::text[], @kinds::text[], @keys::text[], @payloads::bytea[])
        ON CONFLICT (owner, kind, fact_key) DO UPDATE SET payload = excluded.payload
        """;

    const string DeleteSql = """
        DELETE FROM fact USING unnest(@owners::text[], @kinds::text[], @keys::text[]) AS gone(owner, kind, fact_key)
        WHERE fact.owner = gone.owner AND fact.kind = gone.kind AND fact.fact_key = gone.fact_key
        """;

    const string AuditSql = """
        INSERT INTO audit_log (write_id, at_utc, actor, role, actor_unit, action, target_unit, target_path, target, request_id, outcome)
        SELECT * FROM unnest(@writeIds::text[], @ats::text[], @actors::text[], @roles::text[], @actorUnits::text[], @actions::text[],
                             @targetUnits::text[], @targetPaths::text[], @targets::text[], @requestIds::text[], @outcomes::text[])
        ON CONFLICT (write_id) DO NOTHING
        """;

    public override async Task CommitAsync(IReadOnlyList<PendingWrite> batch)
    {
        var rows = LastWordPerRow(batch);
        var upserts = rows.Where(row => row.Payload is not null).ToList();
        var deletes = rows.Where(row => row.Payload is null).ToList();
        var audits = batch.Select(write => write.Audit).OfType<Grains.AuditRecord>().ToList();

        await using var connection = await Store.OpenConnectionAsync();
        await using var statements = connection.CreateBatch();
        if (upserts.Count > 0)
        {
            Add(statements, UpsertSql,
                ("owners", upserts.Select(row => row.Owner).ToArray()),
                ("kinds", upserts.Select(row => row.Kind).ToArray()),
                ("keys", upserts.Select(row => row.Key).ToArray()),
                ("payloads", upserts.Select(row => row.Payload!).ToArray()));
        }
        if (deletes.Count > 0)
        {
            Add(statements, DeleteSql,
                ("owners", deletes.Select(row => row.Owner).ToArray()),
                ("kinds", deletes.Select(row => row.Kind).ToArray()),
                ("keys", deletes.Select(row => row.Key).ToArray()));
        }
        if (audits.Count > 0)
        {
            Add(statements, AuditSql,
                ("writeIds", audits.Select(audit => audit.WriteId.ToString("N")).ToArray()),
                ("ats", audits.Select(audit => Timestamp(audit.Stamp.At)).ToArray()),
                ("actors", audits.Select(audit => audit.Stamp.Actor).ToArray()),
                ("roles", audits.Select(audit => audit.Stamp.Role).ToArray()),
                ("actorUnits", audits.Select(audit => audit.Stamp.ActorUnit).ToArray()),
                ("actions", audits.Select(audit => audit.Stamp.Action).ToArray()),
                ("targetUnits", audits.Select(audit => audit.Stamp.TargetUnit).ToArray()),
                ("targetPaths", audits.Select(audit => audit.Stamp.TargetPath).ToArray()),
                ("targets", audits.Select(audit => audit.Stamp.Target).ToArray()),
                ("requestIds", audits.Select(audit => audit.Stamp.RequestId).ToArray()),
                ("outcomes", audits.Select(audit => audit.Outcome).ToArray()));
        }
        if (statements.BatchCommands.Count > 0)
        {
            // A statement already prepared on this pooled connection costs no round trip to prepare again.
            await statements.PrepareAsync();
            await statements.ExecuteNonQueryAsync();
        }
    }

    static void Add(DbBatch batch, string sql, params (string Name, object Value)[] arrays)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = sql;
        foreach (var (name, value) in arrays)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        batch.BatchCommands.Add(command);
    }
}
