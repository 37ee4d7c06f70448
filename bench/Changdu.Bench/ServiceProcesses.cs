using System.Globalization;

/// <summary>
/// The service's processes by name (<c>--pids gateway=123,silo1=456</c>), and their resident memory
/// sampled while a load runs: VmRSS at each sample, whose peak is the load's, since VmHWM also holds
/// whatever the process reached before the load began.
/// </summary>
sealed class ServiceProcesses(IReadOnlyList<(string Name, int Pid)> processes)
{
    static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(250);

    public static ServiceProcesses Parse(string? pids) => new(
        (pids ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split('=') is [var name, var pid]
                ? (name, int.Parse(pid, CultureInfo.InvariantCulture))
                : throw new ArgumentException($"--pids: '{entry}' is not name=pid."))
            .ToList());

    /// <summary>Samples every process's VmRSS until <paramref name="stop"/>; answers each one's peak in bytes.</summary>
    public async Task<Dictionary<string, long>> PeakResidentAsync(CancellationToken stop)
    {
        var peaks = processes.ToDictionary(process => process.Name, _ => 0L);
        while (true)
        {
            foreach (var (name, pid) in processes)
            {
                peaks[name] = Math.Max(peaks[name], Status(pid, "VmRSS:"));
            }
            try
            {
                await Task.Delay(SampleInterval, stop);
            }
            catch (OperationCanceledException)
            {
                return peaks;
            }
        }
    }

    public long HighWaterMark(string name) => Status(processes.Single(process => process.Name == name).Pid, "VmHWM:");

    /// <summary>A field of /proc/&lt;pid&gt;/status in bytes (the file gives kB).</summary>
    static long Status(int pid, string field) => GatewayProcess.Field($"/proc/{pid}/status", field) * 1024;
}
