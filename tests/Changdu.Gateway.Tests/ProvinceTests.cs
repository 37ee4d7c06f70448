using System.Diagnostics;
using System.Net;
using Changdu.Gateway.Security;
using Changdu.Hosting.Hierarchy;
using Microsoft.AspNetCore.Hosting;

namespace Changdu.Gateway.Tests;

/// <summary>
/// A province-sized hierarchy (Tibet, 6,371 units from the real division codes) through the same
/// paths as Changdu's: seeded and swept at start, a village's report rolled up through five tiers.
/// </summary>
public class ProvinceTests(ProvinceTests.TibetFactory factory) : IClassFixture<ProvinceTests.TibetFactory>
{
    const string Tibet = "540000000000";
    const string Changdu = "540300000000";

    [Fact]
    public async Task Tibet_is_seeded_and_a_village_report_reaches_the_province()
    {
        var village = factory.Document.Units.First(unit => unit.Tier == "village-team" && unit.UnitId.StartsWith("5403", StringComparison.Ordinal)).UnitId;
        using var client = factory.CreateClientAs(Roles.Office, Tibet);

        var filed = await client.PostReport(village, Reports.Weekly("tibet-1", "2016-W12", meetings: 3));

        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var province = await client.RollupOnce(Tibet, rollup => rollup.Totals.Reports == 1, seconds: 20);
        Assert.Equal(1, province.Totals.Reports);
        Assert.Equal(3, province.Totals.MeetingsHeld);
        Assert.Equal(7, province.Children.Count);
        Assert.Equal(1, (await client.Rollup(Changdu)).Totals.Reports);
    }

    /// <summary>The gateway seeding Tibet, written by the project's own script from the npm data.</summary>
    public sealed class TibetFactory : GatewayFactory
    {
        readonly string _seedFile;

        public TibetFactory()
        {
            _seedFile = Path.Combine(DataDirectory, "tibet.json");
            var start = new ProcessStartInfo("python3", ["divisions.py", "--province", "54", "--with-communities", "--output", _seedFile])
            {
                WorkingDirectory = RepositoryRoot.Combine("deploy", "hierarchy"),
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var script = Process.Start(start)!;
            var stderr = script.StandardError.ReadToEnd();
            script.WaitForExit();
            if (script.ExitCode != 0)
            {
                throw new InvalidOperationException($"divisions.py failed (exit {script.ExitCode}): {stderr}");
            }
            Document = HierarchyDocument.Load(_seedFile);
        }

        public HierarchyDocument Document { get; }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Hierarchy:SeedFile", _seedFile);
        }
    }
}
