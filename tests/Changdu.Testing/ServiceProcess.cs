using System.Diagnostics;
using System.Text;

namespace Changdu.Testing;

/// <summary>A built service (gateway or silo) run as a real process on free loopback ports, as an operator would run it.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    readonly Process _process;
    readonly StringBuilder _output = new();

    ServiceProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The Orleans silo port this process was given, if it is a silo.</summary>
    public int SiloPort { get; private init; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Load tests send thousands of requests a second as one principal.</summary>
    public static readonly string[] LoadTestLimits = ["--RateLimit:PermitsPerSecond=1000000", "--RateLimit:Burst=1000000"];

    /// <summary>The gateway with its embedded silo and SQLite store in <paramref name="dataDirectory"/>.</summary>
    public static Task<ServiceProcess> StartGatewayAsync(string dataDirectory, params string[] settings) =>
        StartAsync("Gateway",
        [
            $"--Storage:DataDirectory={dataDirectory}",
            $"--Orleans:SiloPort={FreePort.Next()}",
            $"--Orleans:GatewayPort={FreePort.Next()}",
            $"--Orleans:ClusterId=process-test-{Guid.NewGuid():N}",
            .. LoadTestLimits,
            .. settings,
        ]);

    /// <summary>Starts <c>src/{project}</c> with the given settings on a free HTTP port and waits until it is ready.</summary>
    public static async Task<ServiceProcess> StartAsync(string project, IEnumerable<string> settings, bool waitUntilReady = true)
    {
        var port = FreePort.Next();
        var dll = RepositoryRoot.ServiceDll(project);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { dll, "--urls", $"http://127.0.0.1:{port}" }.Concat(settings))
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        // Should the test host end without disposing (a crash, a cancelled run), take the service with it.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        };
        var siloPort = settings.Select(setting => setting.Split('=', 2)).Where(pair => pair[0] == "--Orleans:SiloPort").Select(pair => int.Parse(pair[1], System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        var service = new ServiceProcess(process, new Uri($"http://127.0.0.1:{port}")) { SiloPort = siloPort };
        process.OutputDataReceived += (_, line) => service.Append(line.Data);
        process.ErrorDataReceived += (_, line) => service.Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (waitUntilReady)
        {
            await service.WaitUntilReadyAsync();
        }
        return service;
    }

    /// <summary>A client of this process, sending <paramref name="token"/> as bearer token when given.</summary>
    public HttpClient CreateClient(string? token = null)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    /// <summary>Runs the gateway's <c>token</c> command, as an operator would, and returns what it printed.</summary>
    public static async Task<string> MintTokenAsync(string unit, string role, params string[] settings)
    {
        var dll = RepositoryRoot.ServiceDll("Gateway");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(dll)! };
        foreach (var argument in new[] { dll, "token", "--unit", unit, "--role", role }.Concat(settings))
        {
            start.ArgumentList.Add(argument);
        }
        using var command = Process.Start(start)!;
        var output = await command.StandardOutput.ReadToEndAsync();
        var error = await command.StandardError.ReadToEndAsync();
        await command.WaitForExitAsync();
        return command.ExitCode == 0 ? output.Trim() : throw new InvalidOperationException($"token command failed ({command.ExitCode}): {error}");
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, exactly what a crash or an OOM kill does.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }
        _process.Dispose();
    }

    /// <summary>SIGTERM: the graceful stop an operator or an orchestrator asks for.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    public async Task WaitUntilReadyAsync()
    {
        using var client = CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The service exited with {_process.ExitCode}:\n{Output}");
            }
            try
            {
                if ((await client.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The service was not ready within 90 s:\n{Output}");
            }
            await Task.Delay(200);
        }
    }

    void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
