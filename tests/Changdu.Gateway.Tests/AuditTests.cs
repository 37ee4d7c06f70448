using System.Net;
using System.Net.Http.Json;
using Changdu.Gateway.Audit;
using Changdu.Gateway.Security;

namespace Changdu.Gateway.Tests;

public class AuditTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    static readonly string Township = Seeded.Townships[20];
    static readonly string Team = Seeded.Teams.First(team => Seeded.ParentOf(team) == Township);
    static readonly string OtherTownship = Seeded.Townships[40];

    [Fact]
    public async Task Every_accepted_write_is_recorded_with_who_what_and_outcome()
    {
        using var office = factory.CreateClientAs(Roles.Office, Township);
        var created = await office.PostReport(Team, Reports.Weekly("audited-1", "2016-W44"));
        var corrected = await office.PutAsJsonAsync($"/api/units/{Team}/reports/audited-1", new { meetingsHeld = 3, problemsIdentified = 1, problemsResolved = 1 });

        var page = await office.GetFromJsonAsync<AuditPage>($"/api/units/{Township}/audit");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        var entries = page!.Items.Where(entry => entry.Target == "audited-1").ToList();
        Assert.Equal(["submit-report", "correct-report"], entries.Select(entry => entry.Action));
        Assert.Equal(["Created", "Corrected"], entries.Select(entry => entry.Outcome));
        Assert.All(entries, entry =>
        {
            Assert.Equal((Roles.Office, Township, Team), (entry.Role, entry.ActorUnit, entry.TargetUnit));
            Assert.Equal($"{Roles.Office}-test", entry.Actor);
            Assert.Matches("^[0-9a-f]{32}$", entry.RequestId);
            Assert.True(DateTimeOffset.UtcNow - entry.At < TimeSpan.FromMinutes(1));
        });
    }

    [Fact]
    public async Task Audit_of_a_unit_shows_its_subtree_only()
    {
        using var city = factory.CreateCityOfficeClient();
        await city.PostReport(Team, Reports.Weekly("inside", "2016-W45"));
        var elsewhere = Seeded.Teams.First(team => Seeded.ParentOf(team) == OtherTownship);
        await city.PostReport(elsewhere, Reports.Weekly("outside", "2016-W45"));

        var township = await city.GetFromJsonAsync<AuditPage>($"/api/units/{Township}/audit?limit=500");
        var other = await city.GetFromJsonAsync<AuditPage>($"/api/units/{OtherTownship}/audit?limit=500");
        var whole = await city.GetFromJsonAsync<AuditPage>($"/api/units/{Seeded.City}/audit?limit=500");

        Assert.Contains(township!.Items, entry => entry.Target == "inside");
        Assert.DoesNotContain(township.Items, entry => entry.Target == "outside");
        Assert.Contains(other!.Items, entry => entry.Target == "outside");
        Assert.Contains(whole!.Items, entry => entry.Target == "inside");
        Assert.Contains(whole.Items, entry => entry.Target == "outside");
    }

    [Fact]
    public async Task Audit_pages_on_from_the_last_entry_seen()
    {
        using var city = factory.CreateCityOfficeClient();
        for (var week = 1; week <= 5; week++)
        {
            await city.PostReport(Team, Reports.Weekly($"paged-{week}", $"2013-W{week:D2}"));
        }

        var pages = new List<AuditPage>();
        long? after = 0;
        while (after is { } next)
        {
            var page = await city.GetFromJsonAsync<AuditPage>($"/api/units/{Team}/audit?limit=2&after={next}");
            pages.Add(page!);
            after = page!.Next;
        }

        var ids = pages.SelectMany(page => page.Items).Select(entry => entry.Id).ToList();
        Assert.True(pages.Count >= 3);
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Distinct().Count(), ids.Count);
        Assert.Equal(5, pages.SelectMany(page => page.Items).Count(entry => entry.Target!.StartsWith("paged-", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.BadRequest, (await city.GetAsync($"/api/units/{Team}/audit?limit=0")).StatusCode);
    }
}
