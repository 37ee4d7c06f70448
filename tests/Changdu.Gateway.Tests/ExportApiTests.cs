using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Changdu.Gateway.Api;
using Changdu.Gateway.Export;
using Changdu.Gateway.Security;
using MiniExcelLibs;

namespace Changdu.Gateway.Tests;

/// <summary>Issue 16, item 3: every table the dashboard shows downloads as .xlsx and CSV with the JSON's figures, and a subtree's reports list.</summary>
public class ExportApiTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    static readonly DateOnly Today = new Grains.ReportingOptions().LocalDay(DateTimeOffset.UtcNow);
    readonly HttpClient _city = factory.CreateCityOfficeClient();

    static List<string> TeamsOf(string township) => Seeded.Teams.Where(team => Seeded.ParentOf(team) == township).ToList();

    [Fact]
    public async Task The_rollup_exports_as_xlsx_and_csv_with_the_figures_of_the_json_rollup()
    {
        var township = Seeded.Townships[60];
        var teams = TeamsOf(township);
        foreach (var (team, i) in teams.Take(4).Select((team, i) => (team, i)))
        {
            Assert.Equal(HttpStatusCode.Created, (await _city.PostReport(team, Reports.Weekly($"x{i}", "2016-W19", i + 1, 2 * i + 3, i))).StatusCode);
        }
        var rollup = await _city.RollupOnce(township, view => view.Totals.Reports == 4, "2016-05");

        var xlsx = await _city.GetAsync($"/api/units/{township}/rollup?period=2016-05&format=xlsx");
        var csv = await _city.GetAsync($"/api/units/{township}/rollup?period=2016-05&format=csv");

        AssertFile(xlsx, Xlsx, $"{rollup.Name}-{township}-2016-05-汇总.xlsx", $"{township}-2016-05-rollup.xlsx");
        AssertFile(csv, "text/csv", $"{rollup.Name}-{township}-2016-05-汇总.csv", $"{township}-2016-05-rollup.csv");
        var expected = rollup.Children.Select(child => Figures(child.UnitId, child.Name, child.Totals, child.ExpectedReports))
            .Append(Figures(township, RollupTable.TotalName(rollup.Name), rollup.Totals, rollup.ExpectedReports))
            .ToList();
        Assert.Equal(teams.Count + 1, expected.Count);
        var (xlsxHeaders, xlsxRows) = await ReadXlsxAsync(xlsx);
        var (csvHeaders, csvRows) = await ReadCsvAsync(csv);
        Assert.Equal(RollupTable.Headers, xlsxHeaders);
        Assert.Equal(RollupTable.Headers, csvHeaders);
        Assert.Equal(expected, xlsxRows.Select(RollupFigures).ToList());
        Assert.Equal(expected, csvRows.Select(RollupFigures).ToList());
        Assert.Contains(xlsxRows, row => row["单位代码"] == teams[3] && row["梳理问题"] == "9" && row["未解决"] == "6");
    }

    [Fact]
    public async Task Each_table_exports_with_its_content_type_file_name_and_a_row_per_line()
    {
        var township = Seeded.Townships[61];
        var county = Seeded.ParentOf(township);
        var teams = TeamsOf(township);
        foreach (var week in new[] { "2016-W09", "2016-W10", "2016-W11" })
        {
            await _city.PostReport(teams[0], Reports.Weekly($"e-{week}", week));
        }
        await _city.RollupOnce(township, view => view.Totals.Reports == 3, "2016-03");
        var leaveMonth = await FileLeaveAsync(teams[0]);
        var month = $"{Today:yyyy-MM}";
        var townshipName = (await _city.Rollup(township)).Name;

        var tables = new (string Path, string Table, string Period, Func<Task<int>> Lines)[]
        {
            ($"/api/units/{township}/assessments/2016-03", "月度考评", "2016-03",
                async () => (await _city.GetFromJsonAsync<AssessmentDto>($"/api/units/{township}/assessments/2016-03"))!.Ranking.Count),
            ($"/api/units/{township}/year-end/2016", "年终积分", "2016",
                async () => (await _city.GetFromJsonAsync<YearEndDto>($"/api/units/{township}/year-end/2016"))!.Ranking.Count),
            ($"/api/units/{township}/missing?period=2016-03", "未报单位", "2016-03",
                async () => (await _city.GetFromJsonAsync<MissingDto>($"/api/units/{township}/missing?period=2016-03"))!.Units.Count),
            ($"/api/units/{township}/duty?month={month}", "在岗情况", month,
                async () => (await _city.GetFromJsonAsync<DutyDto>($"/api/units/{township}/duty?month={month}"))!.Days.Count + 1),
            ($"/api/units/{township}/leave-roster/{leaveMonth}", "请销假公示", leaveMonth,
                async () => (await _city.GetFromJsonAsync<LeaveRosterDto>($"/api/units/{township}/leave-roster/{leaveMonth}"))!.Entries.Count),
            ($"/api/units/{township}/reports?period=2016-03", "报告", "2016-03",
                async () => (await _city.GetFromJsonAsync<SubtreeReportsDto>($"/api/units/{township}/reports?period=2016-03"))!.Reports.Count),
            ($"/api/units/{township}/inspections/coverage?year=2016", "交叉检查覆盖", "2016",
                async () => (await _city.GetFromJsonAsync<CoverageDto>($"/api/units/{township}/inspections/coverage?year=2016"))!.Tiers.Count),
        };
        foreach (var (path, table, period, lines) in tables)
        {
            var expectedRows = await lines();
            Assert.True(expectedRows > 0, path);
            var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            var xlsx = await _city.GetAsync($"{path}{separator}format=xlsx");
            var csv = await _city.GetAsync($"{path}{separator}format=csv");
            Assert.True(xlsx.IsSuccessStatusCode, path);
            AssertFile(xlsx, Xlsx, $"{townshipName}-{township}-{period}-{table}.xlsx", null);
            AssertFile(csv, "text/csv", $"{townshipName}-{township}-{period}-{table}.csv", null);
            Assert.Equal(expectedRows, (await ReadXlsxAsync(xlsx)).Rows.Count);
            Assert.Equal(expectedRows, (await ReadCsvAsync(csv)).Rows.Count);
        }

        // Closing the month gives the team that reported its red flag, listed on its page.
        Assert.Equal(HttpStatusCode.OK, (await _city.PostAsync($"/api/units/{township}/assessments/2016-03/close", null)).StatusCode);
        var flags = await _city.GetFromJsonAsync<List<FlagAwardDto>>($"/api/units/{teams[0]}/flags");
        var flagsFile = await _city.GetAsync($"/api/units/{teams[0]}/flags?format=xlsx");
        AssertFile(flagsFile, Xlsx, $"{(await _city.Rollup(teams[0])).Name}-{teams[0]}-流动红旗.xlsx", $"{teams[0]}-flags.xlsx");
        Assert.Equal("2016-03", Assert.Single(flags!).Month);
        Assert.Equal("2016-03", Assert.Single((await ReadXlsxAsync(flagsFile)).Rows)["月份"]);

        // The city-wide tables: the bulletin (public) and the summons candidates, named by the root and by the month.
        var bulletin = await _city.GetFromJsonAsync<AbsenceBulletinDto>($"/api/bulletins/absences/{month}");
        var bulletinFile = await _city.GetAsync($"/api/bulletins/absences/{month}?format=xlsx");
        AssertFile(bulletinFile, Xlsx, $"{(await _city.Rollup(Seeded.City)).Name}-{Seeded.City}-{month}-擅自离岗通报.xlsx", $"{Seeded.City}-{month}-absence-bulletin.xlsx");
        Assert.Equal(bulletin!.Entries.Count, (await ReadXlsxAsync(bulletinFile)).Rows.Count);
        var candidates = await _city.GetFromJsonAsync<List<ConductDto>>($"/api/dispatching-units/summons-candidates?month={month}");
        var candidatesFile = await _city.GetAsync($"/api/dispatching-units/summons-candidates?month={month}&format=csv");
        AssertFile(candidatesFile, "text/csv", $"{(await _city.Rollup(Seeded.City)).Name}-{Seeded.City}-{month}-拟约谈派驻单位.csv", $"{Seeded.City}-{month}-summons-candidates.csv");
        Assert.Equal(candidates!.Count, (await ReadCsvAsync(candidatesFile)).Rows.Count);
        Assert.Equal(HttpStatusCode.OK, (await _city.GetAsync($"/api/units/{county}/rollup?format=json")).StatusCode);
    }

    [Fact]
    public async Task A_units_history_exports_a_row_per_change_without_a_period_in_its_name()
    {
        var team = TeamsOf(Seeded.Townships[65])[0];
        var renamed = await _city.PatchAsJsonAsync($"/api/units/{team}", new { name = "导出村" });
        Assert.True(renamed.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted, renamed.StatusCode.ToString());
        var history = await Eventually.Returns(() => _city.GetFromJsonAsync<List<MapChangeDto>>($"/api/units/{team}/history"), changes => changes!.Count > 0);

        var csv = await _city.GetAsync($"/api/units/{team}/history?format=csv");

        AssertFile(csv, "text/csv", $"导出村-{team}-变更历史.csv", $"{team}-history.csv");
        var (headers, rows) = await ReadCsvAsync(csv);
        Assert.Equal(HistoryTable.Headers, headers);
        Assert.Equal(history!.Count, rows.Count);
        Assert.Contains(rows, row => row["变更"] == "更名" && row["名称"] == "导出村");
    }

    [Fact]
    public async Task A_subtree_lists_its_reports_for_the_period_one_row_each_and_stops_at_the_limit()
    {
        var township = Seeded.Townships[62];
        var teams = TeamsOf(township);
        await _city.PostReport(teams[0], Reports.Weekly("s-1", "2016-W23", 2, 5, 1));
        await _city.PostReport(teams[1], Reports.Weekly("s-2", "2016-W24", 1, 1, 1));
        await _city.PostReport(township, new { reportId = "s-m", cadence = "monthly", period = "2016-06", meetingsHeld = 1, problemsIdentified = 0, problemsResolved = 0 });
        await _city.PostReport(teams[2], Reports.Weekly("s-out", "2016-W28", 1, 1, 1));
        var corrected = await _city.PutAsJsonAsync($"/api/units/{teams[0]}/reports/s-1", Reports.Weekly("s-1", "2016-W23", 2, 6, 1));
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        await _city.RollupOnce(Seeded.City, view => view.Totals.Reports >= 3, "2016-06");

        var listed = await Eventually.Returns(() => _city.GetFromJsonAsync<SubtreeReportsDto>($"/api/units/{Seeded.ParentOf(township)}/reports?period=2016-06"),
            reports => reports!.Reports.Count == 3);
        var first = await _city.GetFromJsonAsync<SubtreeReportsDto>($"/api/units/{township}/reports?period=2016-06&limit=2");

        Assert.Equal(["s-1", "s-2", "s-m"], listed!.Reports.Select(report => report.ReportId).Order());
        Assert.False(listed.Truncated);
        var one = listed.Reports.Single(report => report.ReportId == "s-1");
        Assert.Equal((teams[0], "village-team", "weekly", "2016-W23", 2, 6, 1, 2), (one.UnitId, one.Tier, one.Cadence, one.Period, one.MeetingsHeld, one.ProblemsIdentified, one.ProblemsResolved, one.Revision));
        Assert.Equal((2, true), (first!.Reports.Count, first.Truncated));
        var (headers, rows) = await ReadXlsxAsync(await _city.GetAsync($"/api/units/{township}/reports?period=2016-06&format=xlsx"));
        Assert.Equal(ReportsTable.Headers, headers);
        Assert.Equal(["s-1", "s-2", "s-m"], rows.Select(row => row["报告编号"]).Order());
        Assert.Equal(("6", "周报", "2"), rows.Where(row => row["报告编号"] == "s-1").Select(row => (row["梳理问题"], row["报告类型"], row["修订次数"])).Single());
        Assert.Equal(["period"], ProblemResponse.ErrorFields(await ProblemResponse.ExpectAsync(await _city.GetAsync($"/api/units/{township}/reports"), HttpStatusCode.BadRequest)));
        Assert.Equal(["limit"], ProblemResponse.ErrorFields(await ProblemResponse.ExpectAsync(
            await _city.GetAsync($"/api/units/{township}/reports?period=2016-06&limit=0"), HttpStatusCode.BadRequest)));
    }

    [Fact]
    public async Task An_unknown_format_is_a_problem_naming_format_and_changes_nothing()
    {
        var township = Seeded.Townships[63];
        await _city.PostReport(TeamsOf(township)[0], Reports.Weekly("u-1", "2016-W19"));
        var before = await _city.RollupOnce(township, view => view.Totals.Reports == 1, "2016-05");

        foreach (var path in new[]
        {
            $"/api/units/{township}/rollup?period=2016-05&format=pdf",
            $"/api/units/{township}/rollup?format=XLSX",
            $"/api/units/{township}/assessments/2016-05?format=xls",
            $"/api/units/{township}/year-end/2016?format=ods",
            $"/api/units/{township}/missing?period=2016-05&format=txt",
            $"/api/units/{township}/duty?month=2016-05&format=html",
            $"/api/units/{township}/leave-roster/2016-05?format=pdf",
            $"/api/units/{township}/reports?period=2016-05&format=pdf",
            $"/api/units/{township}/inspections/coverage?year=2016&format=pdf",
            $"/api/units/{township}/history?format=pdf",
            $"/api/units/{township}/flags?format=pdf",
            "/api/bulletins/absences/2016-05?format=pdf",
            "/api/dispatching-units/summons-candidates?month=2016-05&format=pdf",
        })
        {
            var problem = await ProblemResponse.ExpectAsync(await _city.GetAsync(path), HttpStatusCode.BadRequest);
            Assert.Equal(["format"], ProblemResponse.ErrorFields(problem));
        }
        var after = await _city.Rollup(township, "2016-05");
        Assert.Equal((before.Version, before.Totals), (after.Version, after.Totals));
    }

    [Fact]
    public async Task A_viewer_outside_the_subtree_is_refused_the_export_as_the_json()
    {
        var township = Seeded.Townships[64];
        var elsewhere = Seeded.Counties.First(county => county != Seeded.ParentOf(township));
        using var viewer = factory.CreateClientAs(Roles.Viewer, elsewhere);
        using var anonymous = factory.CreateClient();

        foreach (var path in new[] { $"/api/units/{township}/rollup?period=2016-05", $"/api/units/{township}/reports?period=2016-05" })
        {
            foreach (var format in new[] { "", "&format=xlsx", "&format=csv" })
            {
                await ProblemResponse.ExpectAsync(await viewer.GetAsync(path + format), HttpStatusCode.Forbidden);
            }
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path + "&format=xlsx")).StatusCode);
        }
        using var inside = factory.CreateClientAs(Roles.Viewer, Seeded.ParentOf(township));
        Assert.Equal(HttpStatusCode.OK, (await inside.GetAsync($"/api/units/{township}/rollup?period=2016-05&format=xlsx")).StatusCode);
    }

    /// <summary>
    /// Registers two cadres at the team from three weeks ago (one stays at post) and files approved
    /// rotation rest for one of them in five days: the roster's month.
    /// </summary>
    async Task<string> FileLeaveAsync(string team)
    {
        foreach (var (cadreId, name) in new[] { ("ex-1", "Tsering"), ("ex-2", "Dawa") })
        {
            var cadre = new
            {
                cadreId, name, gender = "female", politicalStatus = "party member", nationalIdNumber = "540302198503151232",
                phone = "13912345678", dispatchingUnit = "City Finance Bureau", role = "member", from = Today.AddDays(-20).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            };
            Assert.Equal(HttpStatusCode.Created, (await _city.PostAsJsonAsync($"/api/units/{team}/cadres", cadre)).StatusCode);
        }
        var from = Today.AddDays(5);
        var leave = new { leaveId = "ex-rest", cadreId = "ex-1", kind = "rotation-rest", from = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), until = from.AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), reason = "rotation" };
        Assert.Equal(HttpStatusCode.Created, (await _city.PostAsJsonAsync($"/api/units/{team}/leave", leave)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _city.PostAsJsonAsync($"/api/units/{team}/leave/ex-rest/decision", new { approve = true })).StatusCode);
        var month = $"{from:yyyy-MM}";
        await Eventually.Returns(() => _city.GetFromJsonAsync<LeaveRosterDto>($"/api/units/{Seeded.ParentOf(team)}/leave-roster/{month}"), roster => roster!.Entries.Count == 1);
        return month;
    }

    static string Figures(string unitId, string name, TotalsDto totals, long? expected) =>
        string.Join('|', unitId, name, totals.Reports, expected?.ToString(CultureInfo.InvariantCulture) ?? "", totals.OnTimeReports,
            totals.MeetingsHeld, totals.ProblemsIdentified, totals.ProblemsResolved, totals.ProblemsOpen);

    static string RollupFigures(IReadOnlyDictionary<string, string> row) =>
        string.Join('|', row["单位代码"], row["单位"], row["报告"], row["应报"], row["按时报告"], row["会议"], row["梳理问题"], row["解决问题"], row["未解决"]);

    static void AssertFile(HttpResponseMessage response, string mediaType, string fileName, string? asciiName)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal(fileName, disposition.FileNameStar);
        Assert.True(disposition.FileName!.Trim('"').All(char.IsAscii), disposition.FileName);
        if (asciiName is not null)
        {
            Assert.Equal(asciiName, disposition.FileName.Trim('"'));
        }
    }

    /// <summary>The sheet's header and rows, each cell as the invariant text of its value (MiniExcel reads numbers as doubles).</summary>
    static async Task<(List<string> Headers, List<IReadOnlyDictionary<string, string>> Rows)> ReadXlsxAsync(HttpResponseMessage response)
    {
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        // Read without a header row, so a table with no rows still shows its header.
        var sheet = stream.Query().Cast<IDictionary<string, object?>>()
            .Select(row => row.Values.Select(cell => Convert.ToString(cell, CultureInfo.InvariantCulture) ?? "").ToList())
            .ToList();
        var headers = sheet[0];
        var rows = sheet.Skip(1)
            .Select(cells => (IReadOnlyDictionary<string, string>)headers.Zip(cells).ToDictionary(pair => pair.First, pair => pair.Second))
            .ToList();
        return (headers, rows);
    }

    /// <summary>RFC 4180 as the exporter writes it: a UTF-8 BOM, CRLF line ends, quoted fields doubling their quotes.</summary>
    static async Task<(List<string> Headers, List<IReadOnlyDictionary<string, string>> Rows)> ReadCsvAsync(HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') { quoted = false; }
                else { field.Append(c); }
            }
            else if (c == '"') { quoted = true; }
            else if (c == ',') { record.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && text[i + 1] == '\n') { record.Add(field.ToString()); field.Clear(); records.Add(record); record = []; i++; }
            else { field.Append(c); }
        }
        var headers = records[0];
        return (headers, records.Skip(1).Select(cells =>
        {
            Assert.Equal(headers.Count, cells.Count);
            return (IReadOnlyDictionary<string, string>)headers.Zip(cells).ToDictionary(pair => pair.First, pair => pair.Second);
        }).ToList());
    }
}
