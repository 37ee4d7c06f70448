using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Changdu.Testing;

/// <summary>
/// Debian's Prometheus server (installed by the test command) on a free loopback port, scraping
/// the given targets every second with the repository's alert rules, in a directory of its own.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    const string Binary = "/usr/bin/prometheus";
    readonly Process _process;
    readonly string _directory;

    PrometheusServer(Process process, string directory, Uri address) => (_process, _directory, Address) = (process, directory, address);

    public Uri Address { get; }

    /// <summary>Starts scraping <paramref name="jobs"/>: a job name, its targets (host:port) and an optional bearer token.</summary>
    public static async Task<PrometheusServer> StartAsync(params (string Job, IReadOnlyList<string> Targets, string? Token)[] jobs)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} is missing: tests/run.sh installs Debian's prometheus package.");
        }
        var directory = Directory.CreateTempSubdirectory("changdu-prometheus-").FullName;
        var config = new System.Text.StringBuilder($"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files:
              - {RepositoryRoot.Combine("deploy", "prometheus", "alerts.yml")}
            scrape_configs:

            """);
        foreach (var (job, targets, token) in jobs)
        {
            config.AppendLine(CultureInfo.InvariantCulture, $"  - job_name: {job}");
            if (token is not null)
            {
                var tokenFile = Path.Combine(directory, $"{job}.token");
                await File.WriteAllTextAsync(tokenFile, token);
                config.AppendLine(CultureInfo.InvariantCulture, $"    authorization: {{ type: Bearer, credentials_file: {tokenFile} }}");
            }
            config.AppendLine(CultureInfo.InvariantCulture, $"    static_configs: [{{ targets: [{string.Join(", ", targets.Select(target => $"\"{target}\""))}] }}]");
        }
        var configFile = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(configFile, config.ToString());

        var port = FreePort.Next();
        var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { $"--config.file={configFile}", $"--storage.tsdb.path={Path.Combine(directory, "data")}", $"--web.listen-address=127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start)!;
        var log = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, line) => { lock (log) { log.AppendLine(line.Data); } };
        process.OutputDataReceived += (_, line) => { lock (log) { log.AppendLine(line.Data); } };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var server = new PrometheusServer(process, directory, new Uri($"http://127.0.0.1:{port}/"));
        using var client = new HttpClient { BaseAddress = server.Address };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await server.DisposeAsync();
                lock (log)
                {
                    throw new InvalidOperationException($"Prometheus did not become ready:\n{log}");
                }
            }
            try
            {
                if ((await client.GetAsync("-/ready")).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
    }

    /// <summary>Evaluates a PromQL expression through the HTTP API; the <c>data</c> element of the answer.</summary>
    public async Task<JsonElement> QueryAsync(string promQl)
    {
        using var client = new HttpClient { BaseAddress = Address };
        var answer = await client.GetFromJsonAsync<JsonElement>($"api/v1/query?query={Uri.EscapeDataString(promQl)}");
        return answer.GetProperty("status").GetString() == "success"
            ? answer.GetProperty("data")
            : throw new InvalidOperationException($"PromQL '{promQl}' failed: {answer}");
    }

    /// <summary>The expression's single value, or null while it has none.</summary>
    public async Task<double?> ScalarAsync(string promQl)
    {
        var result = (await QueryAsync(promQl)).GetProperty("result");
        return result.GetArrayLength() == 0 ? null : double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    public async Task<JsonElement> GetAsync(string path)
    {
        using var client = new HttpClient { BaseAddress = Address };
        return await client.GetFromJsonAsync<JsonElement>(path);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Runs <c>promtool</c> with <paramref name="arguments"/>; its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> PromtoolAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("/usr/bin/promtool") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var promtool = Process.Start(start)!;
        var output = promtool.StandardOutput.ReadToEndAsync();
        var error = promtool.StandardError.ReadToEndAsync();
        await promtool.WaitForExitAsync();
        return (promtool.ExitCode, await output + await error);
    }
}
