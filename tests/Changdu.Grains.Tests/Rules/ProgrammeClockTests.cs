namespace Changdu.Grains.Tests;

/// <summary>The programme's clock, without a cluster: the host's time plus an offset that only moves forward, except when the demo sets it.</summary>
public class ProgrammeClockTests
{
    static readonly DateTimeOffset RealNow = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset ReferenceYear = new(2015, 12, 1, 1, 0, 0, TimeSpan.Zero);

    sealed class HostClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void Without_an_offset_it_reads_the_host_clock()
    {
        var host = new HostClock(RealNow);
        var programme = new ProgrammeClock(host);

        host.Now = RealNow.AddMinutes(5);

        Assert.Equal(RealNow.AddMinutes(5), programme.GetUtcNow());
        Assert.Equal(TimeSpan.Zero, programme.Offset);
    }

    [Fact]
    public void Set_places_it_in_the_past_and_it_runs_on_at_the_host_clocks_speed()
    {
        var host = new HostClock(RealNow);
        var programme = new ProgrammeClock(host);

        programme.Set(ReferenceYear);
        host.Now = RealNow.AddHours(2);

        Assert.Equal(ReferenceYear.AddHours(2), programme.GetUtcNow());
    }

    [Fact]
    public void AdvanceTo_moves_forward_and_never_back()
    {
        var host = new HostClock(RealNow);
        var programme = new ProgrammeClock(host, ReferenceYear - RealNow);

        var forward = programme.AdvanceTo(ReferenceYear.AddDays(7));
        var back = programme.AdvanceTo(ReferenceYear.AddDays(3));

        Assert.True(forward);
        Assert.False(back);
        Assert.Equal(ReferenceYear.AddDays(7), programme.GetUtcNow());
    }

    [Fact]
    public void Its_timestamps_are_the_host_clocks()
    {
        var programme = new ProgrammeClock(TimeProvider.System, TimeSpan.FromDays(-4_000));

        var before = TimeProvider.System.GetTimestamp();
        var stamp = programme.GetTimestamp();

        Assert.InRange(stamp, before, TimeProvider.System.GetTimestamp());
        Assert.Equal(TimeProvider.System.TimestampFrequency, programme.TimestampFrequency);
    }
}
