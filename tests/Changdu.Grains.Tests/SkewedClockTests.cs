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

    /// <summary>Deactivates the unit and activates it again on the silo at <paramref name="index"/>.</summary>
    async Task<IRollupNode> ActivateOn(UnitId unit, int index)
    {
        var node = _grains.GetGrain<IRollupNode>(unit.Value);
        await node.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        var silo = fixture.Cluster.Silos[index].SiloAddress;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
            try
            {
                await node.GetRollupAsync(null);
            }
            finally
            {
                RequestContext.Clear();
            }
            if (await _grains.GetGrain<IManagementGrain>(0).GetActivationAddress(node) == silo)
            {
                return node;
            }
            await node.Cast<IGrainManagementExtension>().DeactivateOnIdle();
            await Task.Delay(50);
        }
        throw new InvalidOperationException($"Unit {unit} could not be placed on silo {index}.");
    }

    [Fact]
    public async Task Watcher_of_the_root_sees_it_change_after_it_moves_to_a_silo_an_hour_behind()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);
        var root = await ActivateOn(tree.City, 0);
        await _grains.GetGrain<IUnitGrain>(tree.Teams[0].Value)
            .SubmitReportAsync(new ReportDraft("w-1", Cadence.Weekly, Period.Parse("2016-W20"), new ReportFigures(2, 0, 0), null));
        var seen = (await Eventually.Returns(() => root.GetRollupAsync(null), view => view!.Totals.Reports == 1))!.Version;

        root = await ActivateOn(tree.City, 1);
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
