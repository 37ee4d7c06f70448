using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Changdu.Grains.Tests;

/// <summary>Summaries cross silos and go to storage in Orleans's binary format: nothing may be lost on the way.</summary>
public class SerializationTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public void Summary_survives_a_round_trip_through_the_orleans_serializer()
    {
        var serializer = fixture.Cluster.Client.ServiceProvider.GetRequiredService<Serializer>();
        var summary = new SummaryBuilder()
            .AddUnit("village-team", [Cadence.Weekly])
            .AddUnit("village-team", [Cadence.Weekly], openedOn: new DateOnly(2016, 3, 1))
            .Add(Period.Parse("2016-W23"), new Totals(1, 2, 3, 4) { OnTimeReports = 1 })
            .Add(Period.Parse("2016-Q2"), new Totals(1, 1, 1, 1) { Flags = 3, AwardRounds = 1, PeopleTrained = 40 })
            .AddInspected("village-team", 2016, 2)
            .AddOpenProblem(new DateOnly(2016, 5, 3))
            .Build();

        var copy = serializer.Deserialize<Summary>(serializer.SerializeToArray(summary));

        Assert.Equal(summary, copy);
        Assert.Equal(new Totals(2, 3, 4, 5) { OnTimeReports = 1, Flags = 3, AwardRounds = 1, PeopleTrained = 40 }, copy!.Within(null));
        Assert.Equal(2, copy.Inspected[new TierYear("village-team", 2016)]);
        Assert.Single(copy.BoundedReporters);
    }

    [Fact]
    public void Summary_holding_some_of_its_maps_reads_back_with_the_others_empty()
    {
        var serializer = fixture.Cluster.Client.ServiceProvider.GetRequiredService<Serializer>();
        var team = new SummaryBuilder().AddUnit("village-team", [Cadence.Weekly, Cadence.Monthly]).Build();

        var copy = serializer.Deserialize<Summary>(serializer.SerializeToArray(team))!;

        Assert.Equal(team, copy);
        Assert.Equal(team, Summary.FromEntries(team.Entries()));
        Assert.Equal(3, copy.EntryCount);
        Assert.Empty(copy.Buckets);
        Assert.Empty(copy.DutyByDay);
        Assert.Equal(Totals.Zero, copy.Within(null));
        Assert.Empty(Summary.Empty.Entries());
        Assert.Equal(Summary.Empty, serializer.Deserialize<Summary>(serializer.SerializeToArray(Summary.Empty)));
        Assert.Equal(Summary.Empty, Summary.FromEntries([]));
        Assert.Equal(Summary.Empty, new SummaryBuilder().Add(Period.Parse("2016-W23"), Totals.Zero).Build());
    }

    /// <summary>One entry of every part, each bounded or open-ended where its key allows.</summary>
    static readonly Summary EveryPart = new SummaryBuilder()
        .AddUnit("village-team", [Cadence.Weekly, Cadence.HalfYearly])
        .AddUnit("township", [Cadence.Monthly], openedOn: new DateOnly(2016, 3, 1))
        .AddUnit("county", [Cadence.Quarterly], closedOn: new DateOnly(2017, 1, 1))
        .Add(Period.Parse("2016-W23"), new Totals(1, 2, 3, 4) { OnTimeReports = 1 })
        .Add(Period.Parse("2016-H2"), new Totals(0, 0, 0, 0) { Flags = 3, AwardRounds = 1 })
        .AddInspected("village-team", 2016, 2)
        .AddOpenProblem(new DateOnly(2016, 5, 3))
        .AddAssigned(new DateSpan(new DateOnly(2016, 1, 4), null))
        .AddAssigned(new DateSpan(new DateOnly(2016, 1, 4), new DateOnly(2016, 12, 31)))
        .AddDuty(new DateOnly(2016, 6, 1), new DutyCounts(7, 2))
        .Build();

    [Fact]
    public void Every_summary_entry_is_read_back_from_its_name()
    {
        var entries = EveryPart.Entries().ToList();

        Assert.Equal(Enum.GetValues<SummaryPart>().Order(), entries.Select(entry => entry.Key.Part).Distinct().Order());
        Assert.All(entries, entry => Assert.Equal(entry.Key, SummaryKey.Parse(entry.Key.Text)));
        Assert.Throws<FormatException>(() => SummaryKey.Parse("x/2016"));
        Assert.Throws<FormatException>(() => SummaryKey.Parse("b/2016-W99"));
    }

    [Fact]
    public void Held_entry_is_read_from_its_value_alone_and_from_the_one_entry_summary_written_before()
    {
        var codec = new FactCodec(fixture.Cluster.Client.ServiceProvider.GetRequiredService<Serializer>());

        foreach (var (key, value) in EveryPart.Entries())
        {
            var current = HeldEntryPayload.Encode(codec, value);
            var earlier = codec.Encode(Summary.FromEntries([new(key, value)]));

            Assert.NotEqual(HeldEntryPayload.ValueFormat, earlier[0]);
            Assert.True(current.Length < earlier.Length, $"{key.Text}: {current.Length} bytes, {earlier.Length} before");
            Assert.Equal(new KeyValuePair<SummaryKey, object>(key, value), Assert.Single(HeldEntryPayload.Decode(codec, key.Text, current)));
            Assert.Equal(new KeyValuePair<SummaryKey, object>(key, value), Assert.Single(HeldEntryPayload.Decode(codec, key.Text, earlier)));
        }
    }
}
