using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Changdu.Hosting.Storage;

/// <summary>
/// Applies the project's own schema (embedded <c>Migrations/{dialect}/*.sql</c>) in order, each once,
/// inside one transaction that holds the dialect's lock, so two silos starting at once cannot both
/// apply a migration.
/// </summary>
public sealed partial class SchemaMigrator(DbDataSource dataSource, SchemaDialect dialect, ILogger<SchemaMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        foreach (var setting in dialect.OutsideTransaction)
        {
            await ExecuteAsync(connection, null, setting, cancellationToken);
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var lockStatement in dialect.Lock)
        {
            await ExecuteAsync(connection, transaction, lockStatement, cancellationToken);
        }
        await ExecuteAsync(connection, transaction,
            "CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT NOT NULL PRIMARY KEY, applied_utc TEXT NOT NULL);", cancellationToken);
        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using (var read = Command(connection, transaction, "SELECT id FROM schema_migrations;"))
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
            await using var record = Command(connection, transaction, "INSERT INTO schema_migrations (id, applied_utc) VALUES (@id, @at);");
            AddParameter(record, "id", id);
            AddParameter(record, "at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            await record.ExecuteNonQueryAsync(cancellationToken);
            LogApplied(logger, dialect.Name, id);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    IEnumerable<(string Id, string Script)> Scripts()
    {
        var prefix = $"Changdu.Migrations.{dialect.Name}/";
        var assembly = typeof(SchemaMigrator).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(name => name.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (Path.GetFileNameWithoutExtension(name[prefix.Length..]), reader.ReadToEnd());
        }
    }

    static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    static void AddParameter(DbCommand command, string name, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {Dialect} migration {Migration}")]
    static partial void LogApplied(ILogger logger, string dialect, string migration);
}

/// <summary>What differs between the stores for migrations: the scripts' folder and how to hold the schema lock.</summary>
public sealed record SchemaDialect(string Name, IReadOnlyList<string> OutsideTransaction, IReadOnlyList<string> Lock)
{
    /// <summary>WAL lets readers run beside the writer (it persists in the file); BEGIN IMMEDIATE already excludes other writers.</summary>
    public static readonly SchemaDialect Sqlite = new("Sqlite", ["PRAGMA journal_mode = WAL;"], []);

    /// <summary>A transaction-scoped advisory lock serialises silos migrating the same database.</summary>
    public static readonly SchemaDialect PostgreSql = new("PostgreSql", [], ["SELECT pg_advisory_xact_lock(540300000000);"]);
}
