using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Changdu.Gateway.Api;
using Changdu.Gateway.Security;
using Changdu.Hosting.Hierarchy;
using Microsoft.AspNetCore.Hosting;

namespace Changdu.Gateway.Tests;

/// <summary>
/// A store seeded with an older hierarchy file, restarted with the newer one built into the silo:
/// the differences arrive as changes of the map, with history, and the rollups follow them.
/// </summary>
public sealed class HierarchyUpgradeTests : IDisposable
{
    static readonly JsonSerializerOptions FileFormat = new(JsonSerializerDefaults.Web);

    readonly DirectoryInfo _store = Directory.CreateTempSubdirectory("changdu-upgrade-");

    public void Dispose() => _store.Delete(recursive: true);

    [Fact]
    public async Task Newer_file_moves_renames_opens_and_closes_units_of_a_store_seeded_with_the_older_one()
    {
        var current = HierarchyDocument.Load(null);
        var townships = Seeded.Townships.Where(township => Seeded.ParentOf(township) == Seeded.Counties[7]).Take(2).ToList();
        var teams = Seeded.Teams.Where(team => Seeded.ParentOf(team) == townships[0]).ToList();
        var (moved, renamed, added) = (teams[0], teams[1], teams[2]);
        var dropped = townships[0][..9] + "999";
        // The older file: one team under the neighbouring township, one under another name, one missing, one the newer file no longer has.
        var older = current with
        {
            Version = current.Version - 1,
            Units = [.. current.Units
                .Where(unit => unit.UnitId != added)
                .Select(unit => unit.UnitId == moved ? unit with { ParentId = townships[1] } : unit.UnitId == renamed ? unit with { Name = "旧名村" } : unit),
                new UnitEntry(dropped, "撤销村", "village-team", townships[0])],
        };
        var olderFile = Path.Combine(_store.FullName, "older.json");
        await File.WriteAllTextAsync(olderFile, JsonSerializer.Serialize(older, FileFormat));

        await using (var before = new StoreFactory(_store.FullName, olderFile))
        {
            await before.InitializeAsync();
            using var office = before.CreateCityOfficeClient();
            Assert.Equal(HttpStatusCode.Created, (await office.PostReport(moved, Reports.Weekly("up-1", "2017-W05", meetings: 3))).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await office.PostReport(dropped, Reports.Weekly("up-2", "2017-W05", meetings: 4))).StatusCode);
            Assert.Equal(1, (await office.RollupOnce(townships[1], rollup => rollup.Totals.Reports == 1, "2017-Q1")).Totals.Reports);
            await office.RollupOnce(Seeded.City, rollup => rollup.Totals.Reports == 2, "2017-Q1");
        }

        await using var after = new StoreFactory(_store.FullName, seedFile: null);
        await after.InitializeAsync();
        using var city = after.CreateCityOfficeClient();

        Assert.Equal(townships[0], (await city.GetFromJsonAsync<UnitDto>($"/api/units/{moved}"))!.ParentId);
        Assert.Equal(current.Units.Single(unit => unit.UnitId == renamed).Name, (await city.GetFromJsonAsync<UnitDto>($"/api/units/{renamed}"))!.Name);
        Assert.Equal(townships[0], (await city.GetFromJsonAsync<UnitDto>($"/api/units/{added}"))!.ParentId);
        Assert.NotNull((await city.GetFromJsonAsync<UnitDto>($"/api/units/{dropped}"))!.ClosedOn);
        var opened = Assert.Single((await city.GetFromJsonAsync<List<MapChangeDto>>($"/api/units/{added}/history"))!);
        Assert.Equal((MapChangeKind.Opened, $"hierarchy file version {current.Version}"), (opened.Kind, opened.By));
        Assert.Equal(MapChangeKind.Moved, Assert.Single((await city.GetFromJsonAsync<List<MapChangeDto>>($"/api/units/{moved}/history"))!).Kind);
        var atNew = await city.RollupOnce(townships[0], rollup => rollup.Totals.Reports == 2, "2017-Q1");
        Assert.Equal((2, 7), (atNew.Totals.Reports, atNew.Totals.MeetingsHeld));
        Assert.Equal(0, (await city.RollupOnce(townships[1], rollup => rollup.Totals.Reports == 0, "2017-Q1")).Totals.Reports);
        Assert.Equal(2, (await city.RollupOnce(Seeded.City, rollup => rollup.Totals.Reports == 2, "2017-Q1")).Totals.Reports);
    }

    /// <summary>The gateway on a given store, seeded from <c>seedFile</c> or, without one, from the file built into the silo.</summary>
    sealed class StoreFactory(string dataDirectory, string? seedFile) : GatewayFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Storage:DataDirectory", dataDirectory);
            if (seedFile is not null)
            {
                builder.UseSetting("Hierarchy:SeedFile", seedFile);
            }
        }
    }
}
