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
}
