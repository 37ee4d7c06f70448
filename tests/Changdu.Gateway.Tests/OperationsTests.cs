using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Changdu.Gateway.Tests;

public class OperationsTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    readonly HttpClient _client = factory.CreateCityOfficeClient();
    readonly HttpClient _operator = factory.CreateClientAs(Changdu.Gateway.Security.Roles.Operator, Seeded.City);

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_healthy(string path)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_expose_the_projects_and_orleans_instruments()
    {
        await _client.PostReport(Seeded.Teams[400], Reports.Weekly("metered", "2016-W15"));
        await _client.PostReport(Seeded.Teams[400], Reports.Weekly("metered-again", "2016-W15"));

        var text = "";
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && !(text.Contains("changdu_reports_accepted") && text.Contains("changdu_reports_rejected") && text.Contains("changdu_rollup_lag")))
        {
            await Task.Delay(200);
            text = await _operator.GetStringAsync("/metrics");
        }

        Assert.Contains("changdu_reports_accepted", text);
        Assert.Contains("changdu_reports_rejected", text);
        Assert.Contains("changdu_rollup_lag", text);
        Assert.Contains("orleans_", text);
    }

    [Fact]
    public void Directory_cache_is_sized_by_its_setting_not_by_orleans_s_million()
    {
        var cacheSize = factory.Services.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value.CacheSize;

        Assert.Equal(new Changdu.Hosting.SiloHostingOptions().DirectoryCacheSize, cacheSize);
        Assert.True(cacheSize < GrainDirectoryOptions.DEFAULT_CACHE_SIZE);
    }

    [Fact]
    public async Task OpenApi_document_lists_every_endpoint_with_a_summary_and_its_problem_answers()
    {
        var document = await _client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");

        (string Path, string Method, string[] Statuses)[] expected =
        [
            ("/api/units/{unitId}", "get", ["200", "404"]),
            ("/api/units/{unitId}/reports", "post", ["200", "201", "400", "401", "403", "404", "409", "413", "422", "429"]),
            ("/api/units/{unitId}/reports/{reportId}", "put", ["200", "400", "401", "403", "404", "409", "413", "429"]),
            ("/api/units/{unitId}/reports/{reportId}", "get", ["200", "401", "403", "404", "429"]),
            ("/api/units/{unitId}/rollup", "get", ["200", "400", "401", "403", "404", "429"]),
            ("/api/units/{unitId}/rollup/stream", "get", ["200", "400", "401", "403", "404", "429"]),
            ("/api/units/{unitId}/audit", "get", ["200", "400", "401", "403", "404", "429"]),
        ];
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
        foreach (var (path, method, statuses) in expected)
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()), $"{method} {path} has no summary");
            var answers = operation.GetProperty("responses").EnumerateObject().Select(response => response.Name).ToHashSet();
            Assert.Superset(statuses.ToHashSet(), answers);
        }
    }

    [Fact]
    public async Task The_orleans_dashboard_opens_only_for_operators_by_token_or_session_cookie()
    {
        using var anonymous = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/orleans/")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _client.GetAsync("/orleans/")).StatusCode);
        var page = await _operator.GetAsync("/orleans/");
        Assert.Equal((HttpStatusCode.OK, "text/html"), (page.StatusCode, page.Content.Headers.ContentType?.MediaType));

        Assert.Equal(HttpStatusCode.Forbidden, (await _client.PostAsync("/api/operators/session", null)).StatusCode);
        var session = await _operator.PostAsync("/api/operators/session", null);
        Assert.Equal(HttpStatusCode.NoContent, session.StatusCode);
        var cookie = Assert.Single(session.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/orleans", cookie, StringComparison.OrdinalIgnoreCase);

        using var browser = factory.CreateClient();
        browser.DefaultRequestHeaders.Add("Cookie", cookie.Split(';')[0]);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/orleans/")).StatusCode);
        // The cookie opens the dashboard and nothing else.
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task Readiness_fails_while_a_change_waits_for_its_parent_beyond_the_lag_bound()
    {
        var backlog = factory.Services.GetRequiredService<Grains.RollupBacklog>();
        var stuck = UnitId.Parse("540399999999");
        backlog.Hold(stuck, DateTimeOffset.UtcNow.AddMinutes(-5));
        try
        {
            var response = await _client.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health/live")).StatusCode);
        }
        finally
        {
            backlog.Release(stuck);
        }
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task A_freshly_seeded_store_is_walked_by_no_schedule()
    {
        var facts = factory.Services.GetRequiredService<Grains.IFactStore>();
        // Seeding an empty store notes that the due-lists are complete: nothing is reported and no cadre has joined yet.
        Assert.NotNull(await facts.ReadOneAsync(Grains.ClosingDueList.Owner, Grains.ClosingDueList.KeptKind, ""));
        Assert.NotNull(await facts.ReadOneAsync(Grains.AbsenceDueList.Owner, Grains.AbsenceDueList.KeptKind, ""));
        var schedules = factory.Services.GetServices<ILifecycleParticipant<ISiloLifecycle>>().OfType<Changdu.Hosting.Hierarchy.Schedule>().ToList();
        Assert.Equal(2, schedules.Count);
        foreach (var schedule in schedules)
        {
            Assert.Equal(0, await schedule.RunOnceAsync(CancellationToken.None));
        }
    }

    [Fact]
    public async Task Liveness_fails_only_once_the_heartbeat_has_stopped_for_half_a_minute()
    {
        var clock = new SettableClock(DateTimeOffset.UtcNow);
        var heartbeat = new Changdu.ServiceDefaults.LivenessHeartbeat(clock);
        var context = new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext();

        clock.Now += TimeSpan.FromSeconds(29);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, (await heartbeat.CheckHealthAsync(context)).Status);
        clock.Now += TimeSpan.FromSeconds(2);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, (await heartbeat.CheckHealthAsync(context)).Status);
    }

    sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
