using System.Diagnostics;
using System.Globalization;
using Changdu;
using Changdu.Grains;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

// What an office's activation spends reading the rows it holds of its children into its ledger (UnitGrain's
// activation): rows in the format written before (a one-entry summary per row, gathered into a summary per
// child) and in the one written now (the value alone, fed to the ledger as read), side by side in one process.
//   dotnet run -c Release --project bench/Changdu.HeldRows -- [--children 30] [--weeks 52] [--activations 2000]
string Value(string name, string fallback) => Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
var children = int.Parse(Value("--children", "30"), CultureInfo.InvariantCulture);
var weeks = int.Parse(Value("--weeks", "52"), CultureInfo.InvariantCulture);
var activations = int.Parse(Value("--activations", "2000"), CultureInfo.InvariantCulture);

var codec = new FactCodec(new ServiceCollection().AddSerializer(serializer => serializer.AddAssembly(typeof(Summary).Assembly))
    .BuildServiceProvider().GetRequiredService<Serializer>());
// A team's summary after a year: its tier and cadence, a bucket per week reported, a month of duty days.
var team = new SummaryBuilder().AddUnit("village-team", [Cadence.Weekly]);
for (var week = 1; week <= weeks; week++)
{
    team.Add(Period.Week(2016, week), new Totals(1, 2, week % 3, week % 2) { OnTimeReports = 1 });
}
for (var day = 1; day <= 30; day++)
{
    team.AddDuty(new DateOnly(2016, 6, day), new DutyCounts(4, day % 2));
}
var entries = team.Build().Entries().ToList();
var ids = Enumerable.Range(1, children).Select(child => UnitId.Parse($"5403210{child:D5}")).ToList();
List<(UnitId Child, string Entry, byte[] Payload)> Rows(Func<KeyValuePair<SummaryKey, object>, byte[]> encode) =>
    [.. ids.SelectMany(child => entries.Select(entry => (child, entry.Key.Text, encode(entry))))];
var earlier = Rows(entry => codec.Encode(Summary.FromEntries([entry])));
var now = Rows(entry => HeldEntryPayload.Encode(codec, entry.Value));
Console.WriteLine($"an office holding {children} children × {entries.Count} entries = {earlier.Count} rows; {activations} activations each way");
Console.WriteLine($"payload bytes per row: before {earlier.Average(row => row.Payload.Length):F0}, now {now.Average(row => row.Payload.Length):F0}");

SummaryLedger LoadEarlier()
{
    var ledger = new SummaryLedger();
    foreach (var child in earlier.GroupBy(row => row.Child))
    {
        ledger.ReplaceChild(child.Key, Summary.FromEntries(child.SelectMany(row => codec.Decode<Summary>(row.Payload).Entries())), whole: false, 1);
    }
    return ledger;
}
SummaryLedger LoadNow()
{
    var ledger = new SummaryLedger();
    foreach (var child in now.GroupBy(row => row.Child))
    {
        ledger.ReplaceChild(child.Key, child.SelectMany(row => HeldEntryPayload.Decode(codec, row.Entry, row.Payload)), whole: false, 1);
    }
    return ledger;
}
if (!LoadEarlier().Total.Equals(LoadNow().Total))
{
    Console.Error.WriteLine("the two formats load different totals");
    return 1;
}
for (var round = 1; round <= 3; round++)
{
    Measure($"round {round}, before", LoadEarlier);
    Measure($"round {round}, now", LoadNow);
}
return 0;

void Measure(string name, Func<SummaryLedger> load)
{
    GC.Collect();
    var allocated = GC.GetTotalAllocatedBytes(precise: true);
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var wall = Stopwatch.StartNew();
    for (var activation = 0; activation < activations; activation++)
    {
        load();
    }
    var rows = (double)activations * earlier.Count;
    var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
    Console.WriteLine($"{name,-18} {wall.Elapsed.TotalMicroseconds * 1000 / rows,7:F0} ns/row wall, {used.TotalMicroseconds * 1000 / rows,7:F0} ns/row CPU, "
        + $"{(GC.GetTotalAllocatedBytes(precise: true) - allocated) / rows,6:F0} B/row allocated, {wall.Elapsed.TotalMilliseconds / activations,6:F2} ms per activation");
}
