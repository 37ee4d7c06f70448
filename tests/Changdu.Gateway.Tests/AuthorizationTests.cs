using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Changdu.Gateway.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Changdu.Gateway.Tests;

/// <summary>Who may do what, by role and place in the tree (docs/architecture.md §7).</summary>
public class AuthorizationTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    // Two townships in different counties, each with two teams.
    static readonly string CountyA = Seeded.Counties[0];
    static readonly string TownshipA = Seeded.Townships.First(t => Seeded.ParentOf(t) == CountyA);
    static readonly string TownshipB = Seeded.Townships.First(t => Seeded.ParentOf(t) == Seeded.Counties[1]);
    static readonly string TeamA = Seeded.Teams.First(t => Seeded.ParentOf(t) == TownshipA);
    static readonly string TeamA2 = Seeded.Teams.Where(t => Seeded.ParentOf(t) == TownshipA).Skip(1).First();
    static readonly string TeamB = Seeded.Teams.First(t => Seeded.ParentOf(t) == TownshipB);

    static int _reportSequence;

    public enum Endpoint
    {
        SubmitReport,
        CorrectReport,
        GetReport,
        GetRollup,
        StreamRollup,
        GetAudit,
    }

    /// <summary>(role, the token's unit, endpoint, target unit, allowed?)</summary>
    public static TheoryData<string, string, Endpoint, string, bool> Matrix()
    {
        var data = new TheoryData<string, string, Endpoint, string, bool>();
        foreach (var endpoint in Enum.GetValues<Endpoint>())
        {
            var write = endpoint is Endpoint.SubmitReport or Endpoint.CorrectReport;
            var audit = endpoint is Endpoint.GetAudit;
            // An office acts on its own unit and everything below, nothing above or beside.
            data.Add(Roles.Office, TownshipA, endpoint, TownshipA, true);
            data.Add(Roles.Office, TownshipA, endpoint, TeamA, true);
            data.Add(Roles.Office, TownshipA, endpoint, TeamB, false);
            data.Add(Roles.Office, TownshipA, endpoint, CountyA, false);
            // A team acts on its own team only, and reads no audit log.
            data.Add(Roles.Team, TeamA, endpoint, TeamA, !audit);
            data.Add(Roles.Team, TeamA, endpoint, TeamA2, false);
            data.Add(Roles.Team, TeamA, endpoint, TownshipA, false);
            // A viewer reads its subtree and writes nothing.
            data.Add(Roles.Viewer, TownshipA, endpoint, TeamA, !write && !audit);
            data.Add(Roles.Viewer, TownshipA, endpoint, TeamB, false);
            // An operator reads the audit log of its subtree, and no programme data.
            data.Add(Roles.Operator, Seeded.City, endpoint, TeamB, audit);
            data.Add(Roles.Operator, CountyA, endpoint, TeamB, false);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Role_and_place_decide_access(string role, string tokenUnit, Endpoint endpoint, string target, bool allowed)
    {
        using var client = factory.CreateClientAs(role, tokenUnit);

        var status = await CallAsync(client, endpoint, target);

        if (allowed)
        {
            Assert.True(status is HttpStatusCode.OK or HttpStatusCode.Created, $"{role}@{tokenUnit} {endpoint} {target}: {status}");
        }
        else
        {
            Assert.Equal(HttpStatusCode.Forbidden, status);
        }
    }

    [Theory]
    [InlineData(Endpoint.SubmitReport)]
    [InlineData(Endpoint.CorrectReport)]
    [InlineData(Endpoint.GetReport)]
    [InlineData(Endpoint.GetRollup)]
    [InlineData(Endpoint.StreamRollup)]
    [InlineData(Endpoint.GetAudit)]
    public async Task Without_a_valid_token_every_scoped_endpoint_answers_401(Endpoint endpoint)
    {
        using var anonymous = factory.CreateClient();
        using var forged = factory.CreateClient();
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ForgedToken());
        using var garbage = factory.CreateClient();
        garbage.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not.a.token");

        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(anonymous, endpoint, TeamA));
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(forged, endpoint, TeamA));
        Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(garbage, endpoint, TeamA));
    }

    [Fact]
    public async Task Refusals_are_problem_details()
    {
        using var anonymous = factory.CreateClient();
        using var outsider = factory.CreateClientAs(Roles.Office, TownshipB);

        var unauthorized = await anonymous.GetAsync($"/api/units/{TeamA}/rollup");
        var forbidden = await outsider.GetAsync($"/api/units/{TeamA}/rollup");

        foreach (var (response, status) in new[] { (unauthorized, 401), (forbidden, 403) })
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(status, problem.GetProperty("status").GetInt32());
        }
        Assert.Contains("Bearer", unauthorized.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Unit_structure_and_health_are_public_metrics_are_for_operators()
    {
        using var anonymous = factory.CreateClient();
        using var office = factory.CreateClientAs(Roles.Office, Seeded.City);
        using var @operator = factory.CreateClientAs(Roles.Operator, Seeded.City);

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/units/{TeamA}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await office.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await @operator.GetAsync("/metrics")).StatusCode);
    }

    async Task<HttpStatusCode> CallAsync(HttpClient client, Endpoint endpoint, string unit)
    {
        var sequence = Interlocked.Increment(ref _reportSequence);
        var reportId = $"authz-{sequence}";
        if (endpoint is Endpoint.CorrectReport or Endpoint.GetReport)
        {
            // The report exists, filed by the city office, so only authorisation can refuse.
            using var city = factory.CreateCityOfficeClient();
            var filed = await city.PostReport(unit, Report(unit, reportId, sequence));
            Assert.True(filed.IsSuccessStatusCode, $"filing {reportId} at {unit}: {filed.StatusCode}");
        }
        using var response = endpoint switch
        {
            Endpoint.SubmitReport => await client.PostReport(unit, Report(unit, reportId, sequence)),
            Endpoint.CorrectReport => await client.PutAsJsonAsync($"/api/units/{unit}/reports/{reportId}", new { meetingsHeld = 2, problemsIdentified = 2, problemsResolved = 2 }),
            Endpoint.GetReport => await client.GetAsync($"/api/units/{unit}/reports/{reportId}"),
            Endpoint.GetRollup => await client.GetAsync($"/api/units/{unit}/rollup"),
            Endpoint.StreamRollup => await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"/api/units/{unit}/rollup/stream"), HttpCompletionOption.ResponseHeadersRead),
            _ => await client.GetAsync($"/api/units/{unit}/audit"),
        };
        return response.StatusCode;
    }

    [Fact]
    public async Task Places_are_found_for_every_unit_asked_while_the_cache_keeps_only_its_size()
    {
        var places = new UnitPlaces(factory.Services.GetRequiredService<IGrainFactory>(), TimeProvider.System,
            Options.Create(new PlacesOptions { CacheSize = 20 }), NullLogger<UnitPlaces>.Instance);

        foreach (var team in Seeded.Teams.Take(300))
        {
            var path = await places.PathAsync(UnitId.Parse(team));

            Assert.NotNull(path);
            Assert.Equal([Seeded.City, Seeded.ParentOf(Seeded.ParentOf(team)), Seeded.ParentOf(team), team], path.Select(unit => unit.Value));
            Assert.True(places.CachedCount <= 20, $"{places.CachedCount} paths cached");
        }
    }

    /// <summary>A report of the cadence the unit's tier files, for a period no other call of this class uses.</summary>
    static object Report(string unit, string reportId, int sequence)
    {
        var (cadence, period) = unit == CountyA ? ("quarterly", $"{2000 + sequence / 4}-Q{1 + sequence % 4}")
            : Seeded.Townships.Contains(unit) ? ("monthly", $"{2000 + sequence / 12}-{1 + sequence % 12:D2}")
            : ("weekly", $"{2000 + sequence / 52}-W{1 + sequence % 52:D2}");
        return new { reportId, cadence, period, meetingsHeld = 1, problemsIdentified = 1, problemsResolved = 1 };
    }

    /// <summary>A well-formed token signed with a key the gateway does not know.</summary>
    static string ForgedToken() =>
        new TokenIssuer(new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(new byte[32]), new AuthOptions(), TimeProvider.System)
            .Issue(UnitId.Parse(Seeded.City), Roles.Office, "forger", TimeSpan.FromHours(1));
}
