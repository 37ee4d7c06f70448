using System.Data.Common;
using Changdu.Hosting.Storage;
using Microsoft.Data.Sqlite;

namespace Changdu.Grains.Tests;

/// <summary>The embedded store's connections carry its pragmas, whether the pool opens them new or hands one out again.</summary>
public sealed class SqliteDataSourceTests : IDisposable
{
    readonly string _directory = Path.Combine(Path.GetTempPath(), $"changdu-sqlite-{Guid.NewGuid():N}");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    static async Task<long> PragmaAsync(DbConnection connection, string pragma)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {pragma}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Every_connection_has_the_store_s_pragmas_when_new_and_when_the_pool_hands_it_out_again()
    {
        using var source = new SqliteDataSource(Path.Combine(_directory, "facts.db"), TimeSpan.FromSeconds(7));
        for (var round = 0; round < 3; round++)
        {
            // Two at once: the pool opens a second native connection the first round and reuses both after.
            await using var first = await source.OpenConnectionAsync();
            await using var second = await source.OpenConnectionAsync();
            foreach (var connection in new[] { first, second })
            {
                Assert.Equal(7_000, await PragmaAsync(connection, "busy_timeout"));
                Assert.Equal(2, await PragmaAsync(connection, "synchronous"));
                Assert.Equal(10_000, await PragmaAsync(connection, "wal_autocheckpoint"));
            }
        }
    }
}
