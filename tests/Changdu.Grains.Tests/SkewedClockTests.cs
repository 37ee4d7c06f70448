using Orleans.Core.Internal;
using Orleans.Runtime.Placement;

namespace Changdu.Grains.Tests;

/// <summary>
/// Versions that never go back (docs/architecture.md §4): a unit that moves to a silo whose clock is an
/// hour behind still outranks what its watchers and its parent saw of it.
/// </summary>
public class SkewedClockTests(SkewedClockTests.SkewedCluster fixture) : IClassFixture<SkewedClockTests.SkewedCluster>
{
    readonly IGrainFactory _grains = fixture.Grains;

    /// <summary>Two silos; the second's clock is an hour behind the first's.</summary>
    public sealed class SkewedCluster : ClusterFixture
    {
        protected override TimeProvider ClockOfSilo(int index) => index == 0 ? TimeProvider.System : new BehindClock(TimeSpan.FromHours(1));
    }

    sealed class BehindClock(TimeSpan behind) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() - behind;
    }

    /// <summary>Moves the unit's activation to the silo (Orleans' activation migration, with a placement hint).</summary>
    async Task<IRollupNode> ActivateOn(UnitId unit, SiloAddress silo)
    {
        var node = _grains.GetGrain<IRollupNode>(unit.Value);
        await node.GetRollupAsync(null);
        var management = _grains.GetGrain<IManagementGrain>(0);
        if (await management.GetActivationAddress(node) != silo)
        {
            RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
            try
            {
                await node.Cast<IGrainManagementExtension>().MigrateOnIdle();
            }
            finally
            {
                RequestContext.Clear();
            }
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (await management.GetActivationAddress(node) != silo)
            {
                Assert.True(DateTime.UtcNow < deadline, $"Unit {unit} did not move to silo {silo}.");
                await Task.Delay(20);
                await node.GetRollupAsync(null);
            }
        }
        return node;
    }

    [Fact]
    public async Task Watcher_of_the_root_sees_it_change_after_it_moves_to_a_silo_an_hour_behind()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);
        // Which silo is behind shows in the time a fresh activation starts at (the rollup's asOf).
        var silos = new List<(SiloAddress Silo, DateTimeOffset Now)>();
        foreach (var silo in fixture.Cluster.Silos.Select(handle => handle.SiloAddress))
        {
            silos.Add((silo, (await (await ActivateOn(tree.City, silo)).GetRollupAsync(null))!.AsOf));
        }
        var (ahead, behind) = (silos.MaxBy(silo => silo.Now).Silo, silos.MinBy(silo => silo.Now).Silo);
        Assert.True(silos.Max(silo => silo.Now) - silos.Min(silo => silo.Now) > TimeSpan.FromMinutes(50));
        var root = await ActivateOn(tree.City, ahead);
        await _grains.GetGrain<IUnitGrain>(tree.Teams[0].Value)
            .SubmitReportAsync(new ReportDraft("w-1", Cadence.Weekly, Period.Parse("2016-W20"), new ReportFigures(2, 0, 0), null));
        var seen = (await Eventually.Returns(() => root.GetRollupAsync(null), view => view!.Totals.Reports == 1))!.Version;

        root = await ActivateOn(tree.City, behind);
        var started = DateTime.UtcNow;
        var next = await root.WaitForChangeAsync(seen, TimeSpan.FromSeconds(10));

        Assert.True(next > seen, $"The root answered version {next}, not beyond {seen} that its watcher saw.");
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5), "The root waited instead of answering its newer version at once.");
        Assert.True((await root.GetRollupAsync(null))!.Version > seen);

        // A report filed now reaches the root on the slow silo, and its watcher sees a version beyond.
        await _grains.GetGrain<IUnitGrain>(tree.Teams[0].Value)
            .SubmitReportAsync(new ReportDraft("w-2", Cadence.Weekly, Period.Parse("2016-W21"), new ReportFigures(3, 0, 0), null));
        var after = await Eventually.Returns(() => root.GetRollupAsync(null), view => view!.Totals.Reports == 2);
        Assert.True(after!.Version > next);
    }
}
