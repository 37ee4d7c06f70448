using System.Globalization;
using Changdu.Grains;

namespace Changdu.Gateway.Hosting;

/// <summary>
/// The demo's programme clock (<see cref="ProgrammeClock"/>) and the file in the data directory that keeps
/// its offset from the real clock, so a restarted demo store goes on from the day it had reached plus the
/// time it was stopped: receipts, deadlines and ages stay consistent with what is filed.
/// </summary>
public sealed class DemoClock(ProgrammeClock clock, string file)
{
    const string FileName = "demo-clock";

    /// <summary>The clock of the store in <paramref name="dataDirectory"/>: its kept offset, or none yet.</summary>
    public static DemoClock Open(string dataDirectory, TimeProvider host)
    {
        var file = Path.Combine(Path.GetFullPath(dataDirectory), FileName);
        var offset = File.Exists(file) ? TimeSpan.FromTicks(long.Parse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture)) : TimeSpan.Zero;
        return new DemoClock(new ProgrammeClock(host, offset), file);
    }

    public ProgrammeClock Clock => clock;

    /// <summary>Whether this store's programme runs on the demo's clock (a demo filed it live).</summary>
    public bool IsKept => File.Exists(file);

    /// <summary>Starts the programme at <paramref name="moment"/>: a fresh store, before the demo files anything.</summary>
    public void StartAt(DateTimeOffset moment)
    {
        clock.Set(moment);
        Keep();
    }

    /// <summary>Brings the programme forward to <paramref name="moment"/> if it is not there yet.</summary>
    public void AdvanceTo(DateTimeOffset moment)
    {
        if (clock.AdvanceTo(moment))
        {
            Keep();
        }
    }

    /// <summary>Written whole to a temporary file and moved over the old one, so a crash leaves one or the other.</summary>
    void Keep()
    {
        var temporary = file + ".tmp";
        File.WriteAllText(temporary, clock.Offset.Ticks.ToString(CultureInfo.InvariantCulture));
        File.Move(temporary, file, overwrite: true);
    }
}
