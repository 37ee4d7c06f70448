using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Changdu.Gateway.Security;
using Changdu.Grains;
using Changdu.Hosting;
using Changdu.Hosting.Storage;
using Changdu.ReferenceYear;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Changdu.Gateway.Hosting;

/// <summary>What <c>--demo</c> fills, bound from the "Demo" configuration section.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>The unit whose subtree is filled (a county fills in seconds); the hierarchy's root when not given.</summary>
    [RegularExpression(@"^\d{12}$")]
    public string? Root { get; set; }
}

/// <summary>
/// <c>--demo</c>: once the gateway listens, fills a fresh store with the reference year Dec 2015 –
/// Oct 2016 through the public API, the same program as the replay benchmark (<see cref="ReferenceReplay"/>):
/// every tier's reports with the published 5,798 problems identified and 4,869 resolved, office work,
/// monthly rankings, cadres and cards, leave, absences, feedback and summons. Deterministic (fixed seeds),
/// paced by the gateway's own rate limit, so the dashboard fills up live, month by month.
/// With the embedded silo the year is filed live on the programme's clock (<see cref="DemoClock"/>): it
/// starts on 1 December 2015 and is brought to each day before what that day would see is filed, so
/// reports arrive on time and the programme's today is 1 November 2016 once the year is in, running on
/// at real speed; every programme day after that, the teams' cadres check in. A cluster's silos keep
/// their own clocks, so there the year is filed in the present.
/// </summary>
public sealed partial class DemoData(
    IServer server,
    IHostApplicationLifetime lifetime,
    IGrainFactory grains,
    TokenIssuer tokens,
    IOptions<DemoOptions> options,
    IOptions<ReportingOptions> reporting,
    ILogger<DemoData> logger,
    DemoClock? clock = null) : BackgroundService
{
    static readonly TimeSpan SeedPoll = TimeSpan.FromMilliseconds(200);
    // The programme's working day begins at nine: meetings, reports and check-ins happen after it.
    static readonly TimeOnly MorningMeeting = new(9, 0);
    static readonly DateOnly ReferenceYearStarts = new(2015, 12, 1);
    static readonly TimeSpan RetryAfterFailure = TimeSpan.FromMinutes(1);

    /// <summary>
    /// <c>--demo</c>: the demo's service and, with the embedded silo (one process, one clock), the demo's
    /// programme clock in place of the real one, for the grains and the gateway's calendar alike.
    /// </summary>
    public static WebApplicationBuilder AddDemo(WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<DemoOptions>(DemoOptions.Section);
        if (builder.Services.AddValidatedOptions<ClusterConnectionOptions>(builder.Configuration, ClusterConnectionOptions.Section).Mode == ClusterMode.Embedded)
        {
            builder.Services.AddSingleton(provider =>
                DemoClock.Open(provider.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectory, provider.GetRequiredService<TimeProvider>()));
            builder.Services.AddSingleton(provider => provider.GetRequiredService<DemoClock>().Clock);
        }
        builder.Services.AddHostedService<DemoData>();
        return builder;
    }

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
        var city = applied.Roots[0];
        var root = options.Value.Root is { } chosen ? UnitId.Parse(chosen) : city;
        using var http = new HttpClient(new RateLimitPacing(new SocketsHttpHandler { MaxConnectionsPerServer = ReferenceReplay.Concurrency }))
        {
            BaseAddress = new Uri(address),
            Timeout = TimeSpan.FromSeconds(60),
        };
        // Long enough for the whole year at the default rate limit; the daily check-ins take a new one each day.
        http.DefaultRequestHeaders.Authorization = Bearer(city);

        var rollup = await http.GetFromJsonAsync<RollupProbe>($"/api/units/{root}/rollup", stoppingToken);
        if (rollup!.Totals.Reports > 0)
        {
            LogSkipped(logger);
            if (clock is { IsKept: true })
            {
                await CheckInDailyAsync(http, city, new ReferenceReplay(http, root.ToString(), new LogWriter(logger)), clock, stoppingToken);
            }
            return;
        }
        LogFilling(logger, address);
        if (clock is null)
        {
            var present = await new ReferenceReplay(http, root.ToString(), new LogWriter(logger)).RunAsync().WaitAsync(stoppingToken);
            LogFilled(logger, present.Reports);
            return;
        }
        clock.StartAt(MorningOf(ReferenceYearStarts));
        var replay = new ReferenceReplay(http, root.ToString(), new LogWriter(logger), day =>
        {
            clock.AdvanceTo(MorningOf(day));
            return Task.CompletedTask;
        });
        var result = await replay.RunAsync().WaitAsync(stoppingToken);
        LogFilled(logger, result.Reports);
        LogProgrammeDay(logger, Today(clock));
        await CheckInDailyAsync(http, city, replay, clock, stoppingToken);
    }

    /// <summary>
    /// Every programme day from today on, the teams' cadres check in, the morning the day begins (or at once, on the
    /// day the demo starts). A day that fails (the cluster busy past the replay's retries) is tried again a minute later.
    /// </summary>
    async Task CheckInDailyAsync(HttpClient http, UnitId city, ReferenceReplay replay, DemoClock programme, CancellationToken stoppingToken)
    {
        LogCheckingIn(logger);
        var checkedIn = DateOnly.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            var today = Today(programme);
            var wait = RetryAfterFailure;
            try
            {
                if (today > checkedIn)
                {
                    http.DefaultRequestHeaders.Authorization = Bearer(city);
                    var accepted = await replay.CheckInAsync(today).WaitAsync(stoppingToken);
                    LogCheckedIn(logger, today, accepted);
                    checkedIn = today;
                }
                wait = MorningOf(today.AddDays(1)) - programme.Clock.GetUtcNow();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogCheckInFailed(logger, exception, today);
            }
            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, stoppingToken);
        }
    }

    /// <summary>The city office's token, whatever subtree is filled: the registry of dispatching units takes a city-level one.</summary>
    AuthenticationHeaderValue Bearer(UnitId city) => new("Bearer", tokens.Issue(city, Roles.Office, "demo", TimeSpan.FromDays(1)));

    DateOnly Today(DemoClock programme) => reporting.Value.LocalDay(programme.Clock.GetUtcNow());

    DateTimeOffset MorningOf(DateOnly day) => new(day.ToDateTime(MorningMeeting), reporting.Value.UtcOffset);

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo: the programme's today is {Today:yyyy-MM-dd}; its clock runs on at real speed from there")]
    static partial void LogProgrammeDay(ILogger logger, DateOnly today);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo: the teams' cadres check in every programme day from today")]
    static partial void LogCheckingIn(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo: the check-ins of {Day:yyyy-MM-dd} failed; trying again in a minute")]
    static partial void LogCheckInFailed(ILogger logger, Exception exception, DateOnly day);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo: {Accepted} check-ins on {Day:yyyy-MM-dd}")]
    static partial void LogCheckedIn(ILogger logger, DateOnly day, int accepted);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo: the store already holds reports; nothing added")]
    static partial void LogSkipped(ILogger logger);
}
