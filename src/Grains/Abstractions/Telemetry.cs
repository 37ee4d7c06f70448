using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Changdu;

/// <summary>
/// The project's own meter and activity source, and every instrument's name, in one place; every
/// process registers <see cref="Name"/>. Labels stay low-cardinality: tiers, cadences, outcomes and
/// state kinds, never a unit id or anything personal. docs/operations.md lists what each means.
/// </summary>
public static class ChangduTelemetry
{
    public const string Name = "Changdu.Orleans";

    public static readonly Meter Meter = new(Name);

    /// <summary>Spans of the rollup path: a report's trace continues through every offer up to the root.</summary>
    public static readonly ActivitySource Source = new(Name);

    public static readonly Counter<long> ReportsAccepted =
        Meter.CreateCounter<long>("changdu.reports.accepted", "{report}", "Reports stored or corrected, by tier, cadence and action (submit, correct).");

    public static readonly Counter<long> ReportsRejected =
        Meter.CreateCounter<long>("changdu.reports.rejected", "{report}", "Submissions and corrections refused, by tier, cadence, action and reason.");

    public static readonly Histogram<double> SubmissionDuration =
        Meter.CreateHistogram<double>("changdu.reports.submission.duration", "s", "Time to answer a report submission or correction at the gateway, by action and outcome.");

    public static readonly Counter<long> CheckIns =
        Meter.CreateCounter<long>("changdu.checkins.recorded", "{check-in}", "Daily on-duty check-ins stored.");

    public static readonly Histogram<double> RollupLag =
        Meter.CreateHistogram<double>("changdu.rollup.lag", "s", "Time from a change at any unit (a report acknowledged) until the root holds it.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30, 60] });

    public static readonly UpDownCounter<long> DirtyUnits =
        Meter.CreateUpDownCounter<long>("changdu.rollup.dirty_units", "{unit}", "Units whose latest summary the parent does not yet hold durably.");

    public static readonly UpDownCounter<long> OffersInFlight =
        Meter.CreateUpDownCounter<long>("changdu.rollup.offers_in_flight", "{offer}", "Summaries offered to a parent and not yet answered.");

    public static readonly Counter<long> OffersFailed =
        Meter.CreateCounter<long>("changdu.rollup.offers_failed", "{offer}", "Offers to a parent that failed (retried on the next tick).");

    public static readonly Histogram<double> StorageWriteDuration =
        Meter.CreateHistogram<double>("changdu.storage.write.duration", "s", "Time to write a grain state, by state kind.");

    public static readonly Histogram<long> StorageBatchSize =
        Meter.CreateHistogram<long>("changdu.storage.batch.size", "{item}", "Items written in one batch: child summaries a parent writes at once, audit entries in one transaction.");

    public static readonly Counter<long> StorageErrors =
        Meter.CreateCounter<long>("changdu.storage.errors", "{write}", "Writes to the store that failed, by state kind.");

    public static readonly UpDownCounter<long> StreamClients =
        Meter.CreateUpDownCounter<long>("changdu.stream.clients", "{client}", "Open server-sent-event streams.");

    public static readonly Counter<long> StreamEvents =
        Meter.CreateCounter<long>("changdu.stream.events", "{event}", "Rollup events written to server-sent-event streams.");

    public static readonly Histogram<double> StreamEventAge =
        Meter.CreateHistogram<double>("changdu.stream.event.age", "s", "Time from a unit's change until a stream wrote it to a browser: the streams' backlog.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60] });

    public static readonly UpDownCounter<long> Activations =
        Meter.CreateUpDownCounter<long>("changdu.grains.activations", "{activation}", "Active grains of this process, by kind (the unit's tier, cadre, dispatching unit).");
}
