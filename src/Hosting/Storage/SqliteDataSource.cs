using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Changdu.Hosting.Storage;

/// <summary>
/// Opens SQLite connections with the settings the grain storage needs on every connection:
/// Microsoft.Data.Sqlite has no connection-string keyword for them, and without busy_timeout
/// concurrent writers fall into its 150 ms retry sleeps (docs/architecture.md §10).
/// </summary>
public sealed class SqliteDataSource : DbDataSource
{
    readonly TimeSpan _busyTimeout;

    /// <summary>WAL pages between checkpoints (SQLite's default is 1,000): 40 MiB of 4 KiB pages.</summary>
    const int WalCheckpointPages = 10_000;

    public SqliteDataSource(string file, TimeSpan busyTimeout)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        _busyTimeout = busyTimeout;
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
    }

    public override string ConnectionString { get; }

    /// <summary>
    /// The native connections already set up: the pool hands the same one out again and again (a cold
    /// unit's read opens one), and a pragma holds for the native connection's life.
    /// </summary>
    readonly ConditionalWeakTable<sqlite3, object> _tuned = [];

    protected override DbConnection CreateDbConnection() => new TunedConnection(ConnectionString, _busyTimeout, _tuned);

    sealed class TunedConnection(string connectionString, TimeSpan busyTimeout, ConditionalWeakTable<sqlite3, object> tuned) : SqliteConnection(connectionString)
    {
        public override void Open()
        {
            base.Open();
            if (Handle is not { } handle || tuned.TryGetValue(handle, out _))
            {
                return;
            }
            using var pragma = CreateCommand();
            // synchronous=FULL: an acknowledged write survives power loss, not only a process crash.
            // A longer checkpoint window lets a page that many commits touch reach the database file once.
            pragma.CommandText = string.Create(CultureInfo.InvariantCulture,
                $"PRAGMA busy_timeout = {(int)busyTimeout.TotalMilliseconds}; PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = {WalCheckpointPages};");
            pragma.ExecuteNonQuery();
            tuned.AddOrUpdate(handle, handle);
        }
    }
}
