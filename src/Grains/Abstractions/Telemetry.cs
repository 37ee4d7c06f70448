using System.Diagnostics.Metrics;

namespace Changdu;

/// <summary>The project's own meter; every process registers its name.</summary>
public static class ChangduTelemetry
{
    public const string Name = "Changdu.Orleans";

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> ReportsAccepted =
        Meter.CreateCounter<long>("changdu.reports.accepted", "{report}", "Reports stored or corrected.");

    public static readonly Counter<long> ReportsRejected =
        Meter.CreateCounter<long>("changdu.reports.rejected", "{report}", "Submissions and corrections refused, by reason.");

    public static readonly Counter<long> CheckIns =
        Meter.CreateCounter<long>("changdu.checkins.recorded", "{check-in}", "Daily on-duty check-ins stored.");

    public static readonly Histogram<double> RollupLag =
        Meter.CreateHistogram<double>("changdu.rollup.lag", "s", "Time from a change at any unit until the root holds it.");

    public static readonly UpDownCounter<long> DirtyUnits =
        Meter.CreateUpDownCounter<long>("changdu.rollup.dirty_units", "{unit}", "Units whose latest summary the parent does not yet hold durably.");

    public static readonly UpDownCounter<long> StreamClients =
        Meter.CreateUpDownCounter<long>("changdu.stream.clients", "{client}", "Open server-sent-event streams.");
}
