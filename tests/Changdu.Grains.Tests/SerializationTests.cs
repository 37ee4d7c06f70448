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
        var summary = Summary.Sum(
            [KeyValuePair.Create(Period.Parse("2016-W23"), new Totals(1, 2, 3, 4)), KeyValuePair.Create(Period.Parse("2016-Q2"), new Totals(1, 1, 1, 1))], []);

        var copy = serializer.Deserialize<Summary>(serializer.SerializeToArray(summary));

        Assert.Equal(summary, copy);
        Assert.Equal(new Totals(2, 3, 4, 5), copy!.Within(null));
    }
}
