using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Changdu.Grains.Tests;

/// <summary>
/// A new tree seeded as rows (HierarchySeeder, <see cref="UnitGrain.SettledRowsOfNewTree"/>) holds what
/// the grains write when its units are defined one by one and settle, so a unit activated later
/// reads the same state either way.
/// </summary>
public class NewTreeTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    static readonly string[] SettledKinds = ["definition", UnitPartGrain.PartsCountedKind, "held", "held-version"];

    readonly IGrainFactory _grains = fixture.Grains;
    readonly FactCodec _codec = new(fixture.Cluster.Client.ServiceProvider.GetRequiredService<Serializer>());

    /// <summary>A tree whose teams differ: one opened during the programme, one closed, so bounded reporters and closed units are counted too.</summary>
    static List<UnitDefinition> Varied(TestTree tree) =>
        tree.Definitions.Select(unit => unit.UnitId == tree.Teams[0] ? unit with { OpenedOn = new DateOnly(2016, 3, 1) }
            : unit.UnitId == tree.Teams[1] ? unit with { ClosedOn = new DateOnly(2016, 6, 1) }
            : unit).ToList();

    async Task<Dictionary<(string Owner, string Kind, string Key), byte[]>> SettledRowsOf(IEnumerable<UnitDefinition> units)
    {
        var rows = new Dictionary<(string, string, string), byte[]>();
        foreach (var unit in units)
        {
            foreach (var kind in SettledKinds)
            {
                foreach (var row in await fixture.Facts.ReadAsync(unit.UnitId.Value, kind))
                {
                    rows[(row.Owner, row.Kind, row.Key)] = row.Payload!;
                }
            }
        }
        return rows;
    }

    [Fact]
    public async Task Rows_of_a_new_tree_are_those_its_grains_write_once_settled()
    {
        var plan = TestTree.Plan(counties: 2, townshipsPerCounty: 2, teamsPerTownship: 3);
        var units = Varied(plan);
        foreach (var unit in units)
        {
            await _grains.GetGrain<IUnitGrain>(unit.UnitId.Value).DefineAsync(unit);
        }
        var computed = UnitGrain.SettledRowsOfNewTree(units, version: 1, _codec).ToDictionary(row => (row.Owner, row.Kind, row.Key), row => row.Payload!);
        Assert.Equal(11, (await Eventually.Returns(() => _grains.GetGrain<IRollupNode>(plan.City.Value).GetRollupAsync(Period.Parse("2016-W30")),
            view => view!.ExpectedReports == 11))!.ExpectedReports);

        var written = await Eventually.Returns(() => SettledRowsOf(units), rows => Differences(rows, computed).Count == 0);

        Assert.Empty(Differences(written, computed));
    }

    /// <summary>The rows that are missing, extra, or hold another value (a version held may differ: it is the child's at the time).</summary>
    List<string> Differences(Dictionary<(string Owner, string Kind, string Key), byte[]> written, Dictionary<(string Owner, string Kind, string Key), byte[]> computed)
    {
        var differences = written.Keys.Except(computed.Keys).Select(key => $"extra {key}")
            .Concat(computed.Keys.Except(written.Keys).Select(key => $"missing {key}")).ToList();
        foreach (var (key, payload) in computed.Where(row => written.ContainsKey(row.Key)))
        {
            var same = key.Kind switch
            {
                "definition" => _codec.Decode<UnitDefinition>(written[key]).Equals(_codec.Decode<UnitDefinition>(payload)),
                "held" => HeldEntryPayload.Decode(_codec, key.Key[..key.Key.LastIndexOf('|')], written[key])
                    .SequenceEqual(HeldEntryPayload.Decode(_codec, key.Key[..key.Key.LastIndexOf('|')], payload)),
                "held-version" => true,
                _ => written[key].AsSpan().SequenceEqual(payload),
            };
            if (!same)
            {
                differences.Add($"differs {key}");
            }
        }
        return differences;
    }

    [Fact]
    public async Task New_tree_written_as_rows_rolls_up_and_takes_reports()
    {
        var plan = TestTree.Plan(counties: 1, townshipsPerCounty: 2, teamsPerTownship: 2);
        await fixture.Facts.WriteAsync(UnitGrain.SettledRowsOfNewTree(plan.Definitions, DateTimeOffset.UtcNow.UtcTicks, _codec).ToList());

        var city = _grains.GetGrain<IRollupNode>(plan.City.Value);
        var week = Period.Parse("2016-W20");
        Assert.Equal(4, (await city.GetRollupAsync(week))!.ExpectedReports);
        var filed = await _grains.GetGrain<IUnitGrain>(plan.Teams[3].Value)
            .SubmitReportAsync(new ReportDraft("w-1", Cadence.Weekly, week, new ReportFigures(2, 0, 0), null));

        Assert.Equal(ReportOutcome.Created, filed.Outcome);
        var rolled = await Eventually.Returns(() => city.GetRollupAsync(week), view => view!.Totals.Reports == 1);
        Assert.Equal(1, rolled!.Totals.Reports);
        Assert.Equal(4, rolled.ExpectedReports);
        Assert.Equal(2, rolled.Totals.MeetingsHeld);
    }

    [Fact]
    public async Task Held_entries_written_by_an_earlier_version_read_as_before_beside_those_written_now()
    {
        var plan = TestTree.Plan(counties: 1, townshipsPerCounty: 2, teamsPerTownship: 2);
        var rows = UnitGrain.SettledRowsOfNewTree(plan.Definitions, DateTimeOffset.UtcNow.UtcTicks, _codec).ToList();
        // Earlier versions held each entry as a one-entry summary: the first township's rows and the county's are rewritten so.
        var earlierOwners = new[] { plan.Townships[0].Value, plan.Counties[0].Value };
        var earlier = rows.Select(row => row.Kind == "held" && earlierOwners.Contains(row.Owner)
            ? row with { Payload = _codec.Encode(Summary.FromEntries(HeldEntryPayload.Decode(_codec, row.Key[..row.Key.LastIndexOf('|')], row.Payload!))) }
            : row).ToList();
        Assert.Contains(earlier, row => row.Kind == "held" && row.Payload![0] != HeldEntryPayload.ValueFormat);
        Assert.Contains(earlier, row => row.Kind == "held" && row.Payload![0] == HeldEntryPayload.ValueFormat);
        await fixture.Facts.WriteAsync(earlier);

        var city = _grains.GetGrain<IRollupNode>(plan.City.Value);
        var week = Period.Parse("2016-W20");
        Assert.Equal(4, (await city.GetRollupAsync(week))!.ExpectedReports);
        Assert.Equal(2, (await _grains.GetGrain<IRollupNode>(plan.Townships[0].Value).GetRollupAsync(week))!.ExpectedReports);
        foreach (var (team, index) in new[] { plan.Teams[0], plan.Teams[3] }.Select((team, index) => (team, index)))
        {
            await _grains.GetGrain<IUnitGrain>(team.Value).SubmitReportAsync(new ReportDraft($"w-{index}", Cadence.Weekly, week, new ReportFigures(2, 0, 0), null));
        }

        var rolled = await Eventually.Returns(() => city.GetRollupAsync(week), view => view!.Totals.Reports == 2);
        Assert.Equal(4, rolled!.ExpectedReports);
        Assert.Equal(4, rolled.Totals.MeetingsHeld);
    }

    [Fact]
    public async Task Settled_unit_read_cold_wakes_nothing_above_it_until_it_has_something_to_offer()
    {
        var plan = TestTree.Plan(counties: 1, townshipsPerCounty: 1, teamsPerTownship: 2);
        await fixture.Facts.WriteAsync(UnitGrain.SettledRowsOfNewTree(plan.Definitions, DateTimeOffset.UtcNow.UtcTicks, _codec).ToList());
        var team = _grains.GetGrain<IUnitGrain>(plan.Teams[0].Value);
        var township = plan.Townships[0].Value;

        Assert.NotNull(await team.GetDefinitionAsync());
        await Task.Delay(500);

        Assert.Equal(0, fixture.Calls.Received(nameof(IRollupNode.OfferChildSummaryAsync), township));
        await team.SubmitReportAsync(new ReportDraft("w-1", Cadence.Weekly, Period.Parse("2016-W20"), new ReportFigures(1, 0, 0), null));
        await Eventually.Returns(() => _grains.GetGrain<IRollupNode>(plan.City.Value).GetRollupAsync(null), view => view!.Totals.Reports == 1);
        Assert.True(fixture.Calls.Received(nameof(IRollupNode.OfferChildSummaryAsync), township) > 0);
    }

    [Fact]
    public async Task Settled_unit_s_concern_woken_tells_its_unit_nothing_until_it_has_something_new()
    {
        var plan = TestTree.Plan(counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);
        await fixture.Facts.WriteAsync(UnitGrain.SettledRowsOfNewTree(plan.Definitions, DateTimeOffset.UtcNow.UtcTicks, _codec).ToList());
        var township = plan.Townships[0].Value;
        var trainings = _grains.GetGrain<ITrainingRegister>(township);

        Assert.Empty((await trainings.ListTrainingsAsync(null))!);
        await Task.Delay(500);

        Assert.Equal(0, fixture.Calls.Received(nameof(IRollupNode.OfferPartAsync), township));
        Assert.Null(await fixture.Facts.ReadOneAsync(UnsettledMarks.Owner, UnsettledMarks.UnitKind, township));
        var today = new ReportingOptions().LocalDay(DateTimeOffset.UtcNow);
        await trainings.RecordTrainingAsync(new Training("t-1", TrainingKind.Class, "政策宣讲", today, today, 12, []));
        await Eventually.Returns(() => _grains.GetGrain<IRollupNode>(plan.City.Value).GetRollupAsync(null), view => view!.Totals.PeopleTrained == 12);
        Assert.True(fixture.Calls.Received(nameof(IRollupNode.OfferPartAsync), township) > 0);
    }

    [Fact]
    public async Task One_silo_at_a_time_holds_the_claim_to_seed_until_it_stops_renewing_it()
    {
        var ledger = _grains.GetGrain<IHierarchyGrain>(IHierarchyGrain.Key);
        // Half a lease between renewals: the check after the second wait falls past the first lease's end (the
        // renewal is what refuses silo-b) with half a lease to spare for a busy machine's late timers.
        var lease = TimeSpan.FromSeconds(3);
        var half = lease / 2;

        Assert.True(await ledger.ClaimSeedingAsync("silo-a", lease));
        Assert.False(await ledger.ClaimSeedingAsync("silo-b", lease));
        await Task.Delay(half);
        Assert.True(await ledger.ClaimSeedingAsync("silo-a", lease));
        await Task.Delay(half);
        Assert.False(await ledger.ClaimSeedingAsync("silo-b", lease));
        await Task.Delay(lease + half);
        Assert.True(await ledger.ClaimSeedingAsync("silo-b", lease));
        Assert.False(await ledger.ClaimSeedingAsync("silo-a", lease));
    }

    [Fact]
    public async Task Unit_asked_about_before_its_rows_are_written_reads_them_once_written()
    {
        var plan = TestTree.Plan(counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);
        var city = _grains.GetGrain<IUnitGrain>(plan.City.Value);
        Assert.Null(await city.GetDefinitionAsync());

        await fixture.Facts.WriteAsync(UnitGrain.SettledRowsOfNewTree(plan.Definitions, DateTimeOffset.UtcNow.UtcTicks, _codec).ToList());

        var defined = await Eventually.Returns(() => city.GetDefinitionAsync(), definition => definition is not null);
        Assert.Equal(plan.Counties, defined!.Children.Select(child => child.UnitId));
    }
}
