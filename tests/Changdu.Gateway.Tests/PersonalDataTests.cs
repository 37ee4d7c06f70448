using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Http.Headers;
using Changdu.Gateway.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Changdu.Gateway.Tests;

/// <summary>The gateway with every log record down to Debug, and traces on, captured in memory.</summary>
public sealed class TelemetryCaptureFactory : GatewayFactory
{
    public ConcurrentQueue<string> Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // A collector address turns tracing on; nothing listens there, the spans are read in-process.
        builder.UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", $"http://127.0.0.1:{FreePort.Next()}");
        builder.ConfigureLogging(logging => logging
            .AddProvider(new CapturingLoggerProvider(Logs))
            .AddFilter<CapturingLoggerProvider>(null, LogLevel.Debug));
    }

    sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, lines);

        public void Dispose()
        {
        }
    }

    sealed class CapturingLogger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            lines.Enqueue($"{category} scope {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var fields = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(pair => $"{pair.Key}={pair.Value}")) : "";
            lines.Enqueue($"{category} {logLevel} {formatter(state, exception)} {fields} {exception}");
        }
    }
}

public class PersonalDataTests(TelemetryCaptureFactory factory) : IClassFixture<TelemetryCaptureFactory>
{
    // A made-up national ID number (GB 11643 shape) and mobile number, as a clerk might paste into notes.
    const string IdNumber = "54212119880715001X";
    const string Phone = "13908950123";

    // A cadre's: these go only where the registry keeps them, encrypted.
    const string CadreIdNumber = "540321199007044562";
    const string CadrePhone = "13512340987";

    [Fact]
    public async Task No_token_id_number_or_phone_reaches_logs_traces_or_metrics()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var token = factory.Services.GetRequiredService<TokenIssuer>().Issue(UnitId.Parse(Seeded.City), Roles.Office, "clerk", TimeSpan.FromHours(1));
        var expired = factory.Services.GetRequiredService<TokenIssuer>().Issue(UnitId.Parse(Seeded.City), Roles.Office, "clerk", TimeSpan.FromSeconds(-120));
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var stale = factory.CreateClient();
        stale.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", expired);
        using var operatorClient = factory.CreateClientAs(Roles.Operator, Seeded.City);

        var team = Seeded.Teams[700];
        await client.PostReport(team, Reports.Weekly("pii-1", "2016-W09", notes: $"联系 {Phone}，身份证 {IdNumber}"));
        await client.PostReport(team, Reports.Weekly("pii-1", "2016-W09", notes: $"改 {Phone} {IdNumber}"));
        await client.PostReport(team, new { reportId = "pii-2", cadence = "weekly", period = "2016-W10", meetingsHeld = 1, problemsIdentified = 1, problemsResolved = 1, idNumber = IdNumber });
        await stale.GetAsync($"/api/units/{team}/rollup");
        await client.GetAsync($"/api/units/{team}/reports/pii-1");
        await client.RollupOnce(Seeded.City, rollup => rollup.Totals.Reports >= 1);
        // A cadre registered (and once refused: a wrong check character), listed, revealed and transferred.
        var cadre = new { cadreId = "pii-cadre", name = "Dawa", gender = "female", politicalStatus = "party member", nationalIdNumber = CadreIdNumber,
            phone = CadrePhone, dispatchingUnit = "City Education Bureau", role = "member", from = "2016-03-01" };
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/units/{team}/cadres", cadre)).StatusCode);
        var refused = await client.PostAsJsonAsync($"/api/units/{team}/cadres", cadre with { cadreId = "pii-other", nationalIdNumber = CadreIdNumber[..^1] + "3" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.DoesNotContain(CadreIdNumber[..17], await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var roster = await client.GetStringAsync($"/api/units/{team}/cadres");
        Assert.Contains("540*************62", roster, StringComparison.Ordinal);
        Assert.DoesNotContain(CadreIdNumber, roster, StringComparison.Ordinal);
        Assert.Contains(CadreIdNumber, await client.GetStringAsync($"/api/units/{team}/cadres/pii-cadre?reveal=true"), StringComparison.Ordinal);
        await client.PostAsJsonAsync($"/api/units/{team}/cadres/pii-cadre/transfer", new { toUnitId = Seeded.Teams[701], role = "leader", from = "2016-07-01" });
        var metrics = await operatorClient.GetStringAsync("/metrics");

        var tags = spans.SelectMany(span => span.TagObjects.Select(tag => $"{span.OperationName} {tag.Key}={tag.Value}")
            .Concat(span.Events.Select(e => e.Name)).Append(span.DisplayName)).ToList();
        // The capture sees what matters: the refused token was logged (without the token), the write was traced.
        Assert.Contains(factory.Logs, line => line.Contains("expired", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(tags, tag => tag.Contains("SubmitReport", StringComparison.Ordinal));
        foreach (var secret in new[] { token, token.Split('.')[2], expired.Split('.')[2], IdNumber, Phone, CadreIdNumber, CadrePhone })
        {
            Assert.DoesNotContain(factory.Logs, line => line.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(tags, tag => tag.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(secret, metrics, StringComparison.Ordinal);
        }
        // The store (database and write-ahead log) holds the cadre, but the ID number and phone only encrypted.
        using var store = new MemoryStream();
        foreach (var file in Directory.EnumerateFiles(factory.DataDirectory, "changdu.db*"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            await stream.CopyToAsync(store);
        }
        var stored = System.Text.Encoding.Latin1.GetString(store.ToArray());
        Assert.Contains("pii-cadre", stored, StringComparison.Ordinal);
        Assert.Contains("Dawa", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(CadreIdNumber, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(CadrePhone, stored, StringComparison.Ordinal);
    }
}
