using System.Net;
using System.Text.Json;
using Changdu.Gateway.Security;

namespace Changdu.Cluster.Tests;

/// <summary>Debian's Prometheus scrapes the cluster's silos and gateway as deploy/prometheus configures it, and answers PromQL about what happened.</summary>
public class PrometheusTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    readonly LocalCluster _cluster = fixture.Cluster;

    [Fact]
    public async Task Prometheus_scrapes_silos_and_gateway_and_answers_for_submissions_and_rollup_lag()
    {
        static string Target(ServiceProcess process) => $"{process.Address.Host}:{process.Address.Port}";
        await using var prometheus = await PrometheusServer.StartAsync(
            ("changdu-silo", _cluster.Silos.Select(Target).ToList(), null),
            ("changdu-gateway", [Target(_cluster.Gateway)], _cluster.IssueToken(Roles.Operator)));
        using var client = _cluster.CreateGatewayClient();
        var teams = Seeded.Teams.Skip(900).Take(20).ToList();
        var before = await prometheus.ScalarAsync("sum(changdu_reports_accepted_total)") ?? 0;

        foreach (var (team, n) in teams.Select((team, n) => (team, n)))
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostReport(team, Reports.Weekly($"scraped-{n}", "2016-W20"))).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostReport(teams[0], Reports.Weekly("scraped-0", "2016-W21"))).StatusCode);

        var accepted = await Eventually.Returns(() => prometheus.ScalarAsync("sum(changdu_reports_accepted_total)"), value => value >= before + teams.Count, TimeSpan.FromSeconds(30));
        Assert.Equal(before + teams.Count, accepted);
        var rejected = await Eventually.Returns(() => prometheus.ScalarAsync("sum(changdu_reports_rejected_total{reason=\"ReportIdTaken\"})"), value => value >= 1, TimeSpan.FromSeconds(30));
        Assert.Equal(1, rejected);
        var lagObserved = await Eventually.Returns(() => prometheus.ScalarAsync("sum(changdu_rollup_lag_seconds_count)"), value => value > 0, TimeSpan.FromSeconds(30));
        Assert.True(lagObserved > 0);
        // Over every observation since the processes started (a rate needs two scrapes of a changed bucket).
        var p99 = await prometheus.ScalarAsync("histogram_quantile(0.99, sum by (le) (changdu_rollup_lag_seconds_bucket))");
        Assert.InRange(p99 ?? -1, 0, 60);
        Assert.Equal(3, await Eventually.Returns(() => prometheus.ScalarAsync("sum(up{job=~\"changdu-.*\"})"), up => up == 3, TimeSpan.FromSeconds(30)));
        Assert.Equal(teams.Count, await prometheus.ScalarAsync("sum(changdu_reports_accepted_total{tier=\"village-team\", cadence=\"weekly\"})") - before);

        // The alert rules are loaded and evaluate; every panel of the Grafana dashboard is valid PromQL here.
        var rules = await Eventually.Returns(() => prometheus.GetAsync("api/v1/rules"),
            answer => answer.GetProperty("data").GetProperty("groups").EnumerateArray().SelectMany(group => group.GetProperty("rules").EnumerateArray())
                .All(rule => rule.TryGetProperty("lastEvaluation", out var at) && !at.GetString()!.StartsWith("0001", StringComparison.Ordinal)), TimeSpan.FromSeconds(30));
        var loaded = rules.GetProperty("data").GetProperty("groups").EnumerateArray().SelectMany(group => group.GetProperty("rules").EnumerateArray()).ToList();
        Assert.Equal(8, loaded.Count);
        Assert.All(loaded, rule => Assert.Equal("ok", rule.GetProperty("health").GetString()));
        Assert.DoesNotContain(loaded, rule => rule.GetProperty("state").GetString() == "firing");
        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(RepositoryRoot.Combine("deploy", "grafana", "changdu-orleans.json")));
        foreach (var target in dashboard.RootElement.GetProperty("panels").EnumerateArray().SelectMany(panel => panel.GetProperty("targets").EnumerateArray()))
        {
            await prometheus.QueryAsync(target.GetProperty("expr").GetString()!);
        }
    }

    [Fact]
    public void Processes_log_one_json_object_per_line_outside_development()
    {
        foreach (var process in _cluster.Silos.Append(_cluster.Gateway))
        {
            var lines = process.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.NotEmpty(lines);
            Assert.All(lines, line => Assert.True(JsonDocument.Parse(line).RootElement.TryGetProperty("LogLevel", out _), line));
        }
    }

    [Fact]
    public async Task The_alert_rules_pass_promtool_check_and_their_unit_tests()
    {
        var check = await PrometheusServer.PromtoolAsync("check", "rules", RepositoryRoot.Combine("deploy", "prometheus", "alerts.yml"));
        Assert.True(check.ExitCode == 0, check.Output);
        Assert.Contains("8 rules found", check.Output, StringComparison.Ordinal);
        var unitTests = await PrometheusServer.PromtoolAsync("test", "rules", RepositoryRoot.Combine("deploy", "prometheus", "alerts.test.yml"));
        Assert.True(unitTests.ExitCode == 0, unitTests.Output);
    }
}
