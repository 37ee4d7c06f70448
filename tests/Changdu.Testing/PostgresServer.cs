using System.Diagnostics;

namespace Changdu.Testing;

/// <summary>A real PostgreSQL server of its own on a free loopback port, started by <c>deploy/postgres-local.sh</c> and removed afterwards.</summary>
public sealed class PostgresServer : IAsyncDisposable
{
    readonly string _directory;

    PostgresServer(string directory, string connectionString) => (_directory, ConnectionString) = (directory, connectionString);

    /// <summary>Npgsql connection string to the <c>changdu</c> database, without pool settings.</summary>
    public string ConnectionString { get; }

    public static async Task<PostgresServer> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"changdu-pg-{Guid.NewGuid():N}");
        var connectionString = await RunScriptAsync("up", directory, FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new PostgresServer(directory, connectionString.Trim());
    }

    public async ValueTask DisposeAsync()
    {
        await RunScriptAsync("down", _directory);
        Directory.Delete(_directory, recursive: true);
    }

    static async Task<string> RunScriptAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(RepositoryRoot.Combine("deploy", "postgres-local.sh"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var script = Process.Start(start)!;
        var output = script.StandardOutput.ReadToEndAsync();
        var error = script.StandardError.ReadToEndAsync();
        await script.WaitForExitAsync();
        return script.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"deploy/postgres-local.sh {string.Join(' ', arguments)} failed ({script.ExitCode}):\n{await error}");
    }
}
