using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Changdu.Gateway.Security;
using Changdu.ReferenceYear;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Changdu.Gateway.Hosting;

/// <summary>
/// <c>--demo</c>: once the gateway listens, fills a fresh store with the reference year Dec 2015 –
/// Oct 2016 through the public API, the same program as the replay benchmark (<see cref="ReferenceReplay"/>):
/// every tier's reports with the published 5,798 problems identified and 4,869 resolved, office work,
/// monthly rankings, cadres and cards, leave, absences and summons. Deterministic (fixed seeds), paced by
/// the gateway's own rate limit, so the dashboard fills up live, month by month.
/// </summary>
public sealed partial class DemoData(
    IServer server,
    IHostApplicationLifetime lifetime,
    IGrainFactory grains,
    TokenIssuer tokens,
    ILogger<DemoData> logger) : BackgroundService
{
    static readonly TimeSpan SeedPoll = TimeSpan.FromMilliseconds(200);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStarted.Register(started.SetResult);
        await started.Task.WaitAsync(stoppingToken);
        var address = server.Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("://+", "://127.0.0.1").Replace("://*", "://127.0.0.1").Replace("://[::]", "://127.0.0.1");
        // The silo seeds the hierarchy in the background once it is active: wait for it.
        AppliedHierarchy? applied;
        while ((applied = await grains.GetGrain<IHierarchyGrain>(IHierarchyGrain.Key).GetAppliedAsync()) is null)
        {
            await Task.Delay(SeedPoll, stoppingToken);
        }
        var root = applied.Roots[0];
        using var http = new HttpClient(new RateLimitPacing(new SocketsHttpHandler { MaxConnectionsPerServer = ReferenceReplay.Concurrency }))
        {
            BaseAddress = new Uri(address),
            Timeout = TimeSpan.FromSeconds(60),
        };
        // Long enough for the whole year at the default rate limit.
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Issue(root, Roles.Office, "demo", TimeSpan.FromDays(1)));

        var rollup = await http.GetFromJsonAsync<RollupProbe>($"/api/units/{root}/rollup", stoppingToken);
        if (rollup!.Totals.Reports > 0)
        {
            LogSkipped(logger);
            return;
        }
        LogFilling(logger, address);
        var result = await new ReferenceReplay(http, root.ToString(), new LogWriter(logger)).RunAsync().WaitAsync(stoppingToken);
        LogFilled(logger, result.Reports);
    }

    /// <summary>Waits out every 429 for as long as the rate limit asks, like a patient caller; the replay itself retries a 503 a few times.</summary>
    sealed class RateLimitPacing(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            while (true)
            {
                var response = await base.SendAsync(request, cancellationToken);
                if (response.StatusCode != HttpStatusCode.TooManyRequests)
                {
                    return response;
                }
                var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                response.Dispose();
                await Task.Delay(wait, cancellationToken);
            }
        }
    }

    /// <summary>The replay's progress lines (a month filed, the figures read back) as log entries.</summary>
    sealed class LogWriter(ILogger logger) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void WriteLine(string? value) => LogProgress(logger, value ?? "");
    }

    sealed record RollupProbe(TotalsProbe Totals);

    sealed record TotalsProbe(long Reports);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo: filling the store with the reference year through {Address}; the dashboard shows it as it arrives")]
    static partial void LogFilling(ILogger logger, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo: {Line}")]
    static partial void LogProgress(ILogger logger, string line);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo: the reference year is filed ({Reports} reports)")]
    static partial void LogFilled(ILogger logger, long reports);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo: the store already holds reports; nothing added")]
    static partial void LogSkipped(ILogger logger);
}
