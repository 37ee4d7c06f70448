using System.Net;
using System.Net.Http.Json;
using Changdu.Gateway.Api;

namespace Changdu.Gateway.Tests;

public class UnitsApiTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    readonly HttpClient _client = factory.CreateCityOfficeClient();

    [Fact]
    public async Task City_lists_its_eleven_counties()
    {
        var city = await _client.GetFromJsonAsync<UnitDto>($"/api/units/{Seeded.City}");

        Assert.Equal(("昌都市", "city", (string?)null), (city!.Name, city.Tier, city.ParentId));
        Assert.Equal(11, city.Children.Count);
        Assert.Contains(city.Children, child => child is { UnitId: "540302000000", Name: "卡若区", Tier: "county" });
        Assert.Contains(city.Children, child => child is { UnitId: "540330000000", Name: "边坝县", Tier: "county" });
    }

    [Fact]
    public async Task Tiers_are_listed_in_the_files_order_with_their_cadences()
    {
        var tiers = (await factory.CreateClient().GetFromJsonAsync<List<TierDto>>("/api/tiers"))!;

        Assert.Equal(["city", "county", "township", "village-team"], tiers.Select(tier => tier.Name));
        Assert.Equal(["quarterly", "half-yearly"], tiers[1].Cadences);
    }

    [Fact]
    public async Task Seeded_hierarchy_has_138_townships_and_1142_village_teams_under_the_city()
    {
        var byTier = new Dictionary<string, int>();
        var level = new List<string> { Seeded.City };
        while (level.Count > 0)
        {
            var units = await Task.WhenAll(level.Select(id => _client.GetFromJsonAsync<UnitDto>($"/api/units/{id}")));
            foreach (var unit in units)
            {
                byTier[unit!.Tier] = byTier.GetValueOrDefault(unit.Tier) + 1;
                Assert.All(unit.Children, child => Assert.Matches("^[0-9]{12}$", child.UnitId));
            }
            level = units.SelectMany(unit => unit!.Children.Select(child => child.UnitId)).ToList();
        }

        Assert.Equal(new Dictionary<string, int> { ["city"] = 1, ["county"] = 11, ["township"] = 138, ["village-team"] = 1142 }, byTier);
    }

    [Fact]
    public async Task Village_team_names_its_township_as_parent_and_has_no_children()
    {
        var team = Seeded.Teams[^1];

        var unit = await _client.GetFromJsonAsync<UnitDto>($"/api/units/{team}");

        Assert.Equal("village-team", unit!.Tier);
        Assert.Equal(Seeded.ParentOf(team), unit.ParentId);
        Assert.Empty(unit.Children);
        Assert.EndsWith("驻村工作队", unit.Name);
    }

    [Theory]
    [InlineData("540399000000")]
    [InlineData("abc")]
    public async Task Unknown_unit_is_404_problem(string unitId)
    {
        var response = await _client.GetAsync($"/api/units/{unitId}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
