using System.Globalization;
using System.Net;
using Microsoft.Playwright;
using MiniExcelLibs;

namespace Changdu.Dashboard.Tests;

/// <summary>Issue 16, item 3 in the browser: a leader on a phone takes the children's rollup away as a spreadsheet.</summary>
public class ExportDashboardTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    [Fact]
    public async Task On_a_phone_the_rollups_xlsx_button_saves_a_file_equal_to_the_rollup()
    {
        var county = Seeded.Counties[3];
        var townships = Seeded.Townships.Where(township => Seeded.ParentOf(township) == county).ToList();
        using var api = fixture.Gateway.CreateClient(fixture.OfficeToken);
        foreach (var (township, i) in townships.Select((township, i) => (township, i)))
        {
            var team = Seeded.Teams.First(team => Seeded.ParentOf(team) == township);
            Assert.Equal(HttpStatusCode.Created, (await api.PostReport(team, Reports.Weekly($"export-{i}", "2016-W20", i + 1, i + 2, i % 2))).StatusCode);
        }
        var rollup = await api.RollupOnce(county, view => view.Totals.Reports == townships.Count, "2016-05");

        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            Locale = "zh-CN",
            AcceptDownloads = true,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(fixture.Gateway.Address + $"units/{county}?period=2016-05#token={fixture.ViewerToken}");
        await Assertions.Expect(page.Locator("[data-testid=children] tbody tr")).ToHaveCountAsync(townships.Count);
        var button = page.GetByTestId("export-rollup-xlsx");
        await Assertions.Expect(button).ToHaveTextAsync("导出 Excel");
        var box = await button.BoundingBoxAsync();
        Assert.True(box!.X + box.Width <= 390, $"the button ends at {box.X + box.Width} px, past the phone's 390");

        var download = await page.RunAndWaitForDownloadAsync(() => button.ClickAsync());
        var saved = Path.Combine(Directory.CreateTempSubdirectory("changdu-export-").FullName, download.SuggestedFilename);
        await download.SaveAsAsync(saved);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(DashboardFixture.Screenshots, "export-390.png"), FullPage = true });

        Assert.Equal($"{rollup.Name}-{county}-2016-05-汇总.xlsx", download.SuggestedFilename);
        var sheet = MiniExcel.Query(saved).Cast<IDictionary<string, object?>>()
            .Select(row => row.Values.Select(cell => Convert.ToString(cell, CultureInfo.InvariantCulture) ?? "").ToList())
            .ToList();
        Assert.Equal(["单位代码", "单位", "层级", "报告", "应报", "按时报告", "会议", "梳理问题", "解决问题", "未解决"], sheet[0]);
        var expected = rollup.Children
            .Select(child => Row(child.UnitId, child.Name, child.Totals, child.ExpectedReports))
            .Append(Row(county, $"合计：{rollup.Name}", rollup.Totals, rollup.ExpectedReports));
        Assert.Equal(expected, sheet.Skip(1).Select(cells => string.Join('|', cells.Where((_, column) => column != 2))));
        Assert.Contains(sheet, cells => cells[0] == county && cells[3] == townships.Count.ToString(CultureInfo.InvariantCulture));
        await context.CloseAsync();
    }

    static string Row(string unitId, string name, Gateway.Api.TotalsDto totals, long? expected) =>
        string.Join('|', unitId, name, totals.Reports, expected?.ToString(CultureInfo.InvariantCulture) ?? "", totals.OnTimeReports,
            totals.MeetingsHeld, totals.ProblemsIdentified, totals.ProblemsResolved, totals.ProblemsOpen);
}
