using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Changdu.Gateway.Tests;

/// <summary>Without <c>--demo</c> the programme's clock is the real one: today is the offices' real day and a report is received now.</summary>
public class ProgrammeClockTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    static readonly Grains.ReportingOptions Offices = new();

    [Fact]
    public async Task Without_demo_today_is_the_real_day_and_a_report_is_received_now()
    {
        using var client = factory.CreateCityOfficeClient();
        var before = DateTimeOffset.UtcNow;

        var today = (await client.GetFromJsonAsync<JsonElement>("/api/today")).GetProperty("date").GetString();
        using var filed = await client.PostAsJsonAsync($"/api/units/{Seeded.Teams[3]}/reports",
            new { reportId = "clock-w23", cadence = "weekly", period = "2016-W23", meetingsHeld = 1, problemsIdentified = 2, problemsResolved = 1 });
        var after = DateTimeOffset.UtcNow;

        Assert.Equal(TimeSpan.Zero, factory.Services.GetRequiredService<Grains.ProgrammeClock>().Offset);
        Assert.Contains(today, new[] { Offices.LocalDay(before), Offices.LocalDay(after) }.Select(day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var report = await filed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.InRange(report.GetProperty("receivedAt").GetDateTimeOffset(), before, after);
        Assert.False(report.GetProperty("onTime").GetBoolean());
    }
}
