using Changdu.ReferenceYear;

// Replays a synthetic Dec 2015 – Oct 2016 for Changdu (or one county of it) through the public
// HTTP API only, shaped after docs/domain.md's reference table, then reads the rollup of the root.
//   dotnet run -c Release --project bench/Changdu.Replay -- --url http://127.0.0.1:5000 --token <city office token> [--root 540300000000]
string Value(string name, string fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = ReferenceReplay.Concurrency }) { BaseAddress = new Uri(Value("--url", "http://127.0.0.1:5000")), Timeout = TimeSpan.FromSeconds(60) };
http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Value("--token", ""));
var result = await new ReferenceReplay(http, Value("--root", ReferenceReplay.City), Console.Out).RunAsync();
return result.RollupMatchesAccepted ? 0 : 1;
