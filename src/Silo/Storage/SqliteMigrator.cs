using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Changdu.Silo.Storage;

/// <summary>
/// Applies the project's own SQLite schema (embedded <c>Migrations/Sqlite/*.sql</c>) in order, each
/// once, in one immediate transaction so two processes starting on one file cannot both apply it.
/// </summary>
public sealed partial class SqliteMigrator(SqliteDataSource dataSource, ILogger<SqliteMigrator> logger)
{
    const string ResourcePrefix = "Changdu.Migrations.Sqlite/";

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = (SqliteConnection)await dataSource.OpenConnectionAsync(cancellationToken);
        // WAL lets readers run beside the writer; the setting persists in the file.
        await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL;", cancellationToken);

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction,
            "CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT NOT NULL PRIMARY KEY, applied_utc TEXT NOT NULL);",
            cancellationToken);
        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using (var read = new SqliteCommand("SELECT id FROM schema_migrations;", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetString(0));
            }
        }

        foreach (var (id, script) in Scripts().Where(script => !applied.Contains(script.Id)))
        {
            await ExecuteAsync(connection, transaction, script, cancellationToken);
            await using var record = new SqliteCommand("INSERT INTO schema_migrations (id, applied_utc) VALUES ($id, $at);", connection, transaction);
            record.Parameters.AddWithValue("$id", id);
            record.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            await record.ExecuteNonQueryAsync(cancellationToken);
            LogApplied(logger, id);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    static IEnumerable<(string Id, string Script)> Scripts()
    {
        var assembly = typeof(SqliteMigrator).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (Path.GetFileNameWithoutExtension(name[ResourcePrefix.Length..]), reader.ReadToEnd());
        }
    }

    static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new SqliteCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied SQLite migration {Migration}")]
    static partial void LogApplied(ILogger logger, string migration);
}
