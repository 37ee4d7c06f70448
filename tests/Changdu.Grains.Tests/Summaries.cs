namespace Changdu.Grains.Tests;

/// <summary>Summaries built the way a unit builds its own, for tests that need one by hand.</summary>
static class Summaries
{
    public static Summary Of(IEnumerable<KeyValuePair<Period, Totals>> buckets, IEnumerable<Summary> parts, IEnumerable<Cadence>? cadences = null)
    {
        var builder = new SummaryBuilder();
        if (cadences is not null)
        {
            builder.AddUnit("unit", cadences);
        }
        foreach (var (period, totals) in buckets)
        {
            builder.Add(period, totals);
        }
        foreach (var part in parts)
        {
            builder.Add(part);
        }
        return builder.Build();
    }
}
