using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Changdu.Dashboard.Tests;

/// <summary>
/// Clerks file from a phone-sized browser (issue 16, items 1 and 2): each form's id is made once per
/// fill, so a double tap or a resend after a dropped connection files once; offline filings wait in
/// the outbox; refusals show next to their fields.
/// </summary>
public class ClerkFormsTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>
{
    // Teams of their own, from the end of the seeded list, so no other test's reports meet these.
    static string Team(int fromEnd) => Seeded.Teams[^fromEnd];

    async Task<IPage> OpenAsync(string unitId, string token)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            Locale = "zh-CN",
            HasTouch = true,
            IsMobile = true,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(fixture.Gateway.Address + $"units/{unitId}#token={token}");
        await Assertions.Expect(page.GetByTestId("forms")).ToBeVisibleAsync();
        return page;
    }

    static ILocator Form(IPage page, string key) => page.Locator($"form[data-form={key}]");

    static async Task OpenFormAsync(IPage page, string key)
    {
        var group = page.Locator($"details[data-form-group={key}]");
        if (await group.GetAttributeAsync("open") is null)
        {
            await group.Locator("summary").ClickAsync();
        }
    }

    static async Task FillAsync(ILocator form, params (string Field, string Value)[] fields)
    {
        foreach (var (field, value) in fields)
        {
            var input = form.Locator($"[name={field}]");
            if (await input.EvaluateAsync<string>("node => node.tagName") == "SELECT")
            {
                await input.SelectOptionAsync(value);
            }
            else
            {
                await input.FillAsync(value);
            }
        }
    }

    static Task<byte[]> ShotAsync(ILocator target, string name) =>
        target.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(DashboardFixture.Screenshots, $"forms-{name}.png") });

    static async Task<long> ReportsInAsync(HttpClient api, string unitId, string period, long atLeast) =>
        (await Eventually.Returns(() => api.GetFromJsonAsync<JsonElement>($"/api/units/{unitId}/rollup?period={period}"),
            rollup => rollup.GetProperty("totals").GetProperty("reports").GetInt64() >= atLeast)).GetProperty("totals").GetProperty("reports").GetInt64();

    [Fact]
    public async Task A_team_files_its_weekly_report_with_a_double_tap_and_it_is_counted_once()
    {
        var team = Team(1);
        var page = await OpenAsync(team, await fixture.MintTokenAsync(team, "team"));
        var report = Form(page, "report");
        // Open on arrival, for the current week: a clerk types three figures and taps once.
        await Assertions.Expect(report).ToBeVisibleAsync();
        await Assertions.Expect(report.Locator("[name=cadence]")).ToHaveValueAsync("weekly");
        var period = await report.Locator("[name=period]").InputValueAsync();
        // The programme's week (GET /api/today: the offices' calendar, which can be a day ahead of this machine's).
        using var calendar = fixture.Gateway.CreateClient(fixture.ViewerToken);
        var today = (await calendar.GetFromJsonAsync<JsonElement>("/api/today")).GetProperty("date").GetDateTime();
        Assert.Equal($"{System.Globalization.ISOWeek.GetYear(today)}-W{System.Globalization.ISOWeek.GetWeekOfYear(today):00}", period);
        var reportId = await report.Locator("[name=reportId]").InputValueAsync();
        Assert.Matches("^[A-Za-z0-9_.:-]{1,64}$", reportId);

        await FillAsync(report, ("meetingsHeld", "1"), ("problemsIdentified", "4"), ("problemsResolved", "2"));
        await ShotAsync(page.GetByTestId("forms"), "report");
        await report.Locator("button[type=submit]").DblClickAsync();

        await Assertions.Expect(report.GetByTestId("form-status")).ToContainTextAsync(reportId);
        // The next fill gets an id of its own.
        await Assertions.Expect(report.Locator("[name=reportId]")).Not.ToHaveValueAsync(reportId);
        using var api = fixture.Gateway.CreateClient(fixture.OfficeToken);
        var stored = await api.GetFromJsonAsync<JsonElement>($"/api/units/{team}/reports/{reportId}");
        Assert.Equal(4, stored.GetProperty("problemsIdentified").GetInt32());
        Assert.Equal(1, await ReportsInAsync(api, team, period, atLeast: 1));
        var rollup = await api.GetFromJsonAsync<JsonElement>($"/api/units/{team}/rollup?period={period}");
        Assert.Equal(4, rollup.GetProperty("totals").GetProperty("problemsIdentified").GetInt64());
        await Assertions.Expect(page.GetByTestId("outbox")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task A_report_filed_with_the_network_cut_waits_in_the_outbox_and_arrives_when_it_is_back()
    {
        var team = Team(2);
        var page = await OpenAsync(team, await fixture.MintTokenAsync(team, "team"));
        var report = Form(page, "report");
        var period = await report.Locator("[name=period]").InputValueAsync();
        var reportId = await report.Locator("[name=reportId]").InputValueAsync();

        await page.Context.SetOfflineAsync(true);
        await FillAsync(report, ("meetingsHeld", "2"), ("problemsIdentified", "3"), ("problemsResolved", "1"));
        await report.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(report.GetByTestId("form-status")).ToContainTextAsync("待发送");
        await Assertions.Expect(page.GetByTestId("outbox-count")).ToHaveTextAsync("待发送 1");
        await ShotAsync(page.GetByTestId("forms"), "outbox");
        using var api = fixture.Gateway.CreateClient(fixture.OfficeToken);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/units/{team}/reports/{reportId}")).StatusCode);

        await page.Context.SetOfflineAsync(false);
        await Assertions.Expect(page.GetByTestId("outbox")).ToBeHiddenAsync(new() { Timeout = 10_000 });
        var stored = await api.GetFromJsonAsync<JsonElement>($"/api/units/{team}/reports/{reportId}");
        Assert.Equal(period, stored.GetProperty("period").GetString());
        Assert.Equal(1, await ReportsInAsync(api, team, period, atLeast: 1));
    }

    [Fact]
    public async Task A_report_whose_answer_was_lost_waits_across_a_reload_and_is_counted_once_when_sent_again()
    {
        var team = Team(3);
        var page = await OpenAsync(team, await fixture.MintTokenAsync(team, "team"));
        var report = Form(page, "report");
        var period = await report.Locator("[name=period]").InputValueAsync();
        var reportId = await report.Locator("[name=reportId]").InputValueAsync();
        // The server stores the first submission, but its answer never reaches the browser; then the
        // connection stays down (every send fails) until the test lets requests through.
        var reachedServer = 0;
        var connected = false;
        await page.RouteAsync($"**/api/units/{team}/reports", async route =>
        {
            if (route.Request.Method != "POST")
            {
                await route.ContinueAsync();
            }
            else if (Interlocked.Increment(ref reachedServer) == 1)
            {
                await route.FetchAsync();
                await route.AbortAsync("connectionreset");
            }
            else if (!Volatile.Read(ref connected))
            {
                Interlocked.Decrement(ref reachedServer);
                await route.AbortAsync("internetdisconnected");
            }
            else
            {
                await route.ContinueAsync();
            }
        });

        await FillAsync(report, ("meetingsHeld", "1"), ("problemsIdentified", "2"), ("problemsResolved", "2"));
        await report.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.GetByTestId("outbox-count")).ToHaveTextAsync("待发送 1");
        using var api = fixture.Gateway.CreateClient(fixture.OfficeToken);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/units/{team}/reports/{reportId}")).StatusCode);

        // Loaded again while the connection is still down: the outbox is still there.
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("forms")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("outbox-count")).ToHaveTextAsync("待发送 1");

        // Back: it goes out with the same id, and the server counts the report once.
        Volatile.Write(ref connected, true);
        await page.GetByTestId("outbox").GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(page.GetByTestId("outbox")).ToBeHiddenAsync();
        Assert.Equal(2, Volatile.Read(ref reachedServer));
        Assert.Equal(1, await ReportsInAsync(api, team, period, atLeast: 1));
    }

    [Fact]
    public async Task A_number_out_of_range_is_shown_next_to_its_field_and_nothing_is_filed()
    {
        var team = Team(4);
        var page = await OpenAsync(team, await fixture.MintTokenAsync(team, "team"));
        var report = Form(page, "report");
        var period = await report.Locator("[name=period]").InputValueAsync();
        await FillAsync(report, ("meetingsHeld", "10001"), ("problemsIdentified", "1"), ("problemsResolved", "0"));
        await report.Locator("button[type=submit]").ClickAsync();

        await Assertions.Expect(report.Locator("[data-error-for=meetingsHeld]")).ToContainTextAsync("10,000");
        await Assertions.Expect(report.Locator("[name=meetingsHeld]")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(report.Locator("[data-error-for=problemsIdentified]")).ToBeEmptyAsync();
        await ShotAsync(report, "report-refused");
        using var api = fixture.Gateway.CreateClient(fixture.OfficeToken);
        var rollup = await api.GetFromJsonAsync<JsonElement>($"/api/units/{team}/rollup?period={period}");
        Assert.Equal(0, rollup.GetProperty("totals").GetProperty("reports").GetInt64());
        await Assertions.Expect(page.GetByTestId("outbox")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task The_servers_refusal_names_its_fields_next_to_them_and_registers_nobody()
    {
        var team = Team(5);
        var page = await OpenAsync(team, fixture.OfficeToken);
        await OpenFormAsync(page, "cadre-register");
        var register = Form(page, "cadre-register");
        // Well-formed to the page, but the check character is wrong: only the server knows GB 11643.
        await FillAsync(register, ("name", "次仁"), ("gender", "male"), ("nationalIdNumber", "110105194912310021"), ("phone", "13912345678"),
            ("dispatchingUnit", "昌都市教育局"), ("role", "member"));
        await register.Locator("button[type=submit]").ClickAsync();

        await Assertions.Expect(register.Locator("[data-error-for=nationalIdNumber]")).Not.ToBeEmptyAsync();
        await Assertions.Expect(register.Locator("[data-error-for=phone]")).ToBeEmptyAsync();
        await Assertions.Expect(register.GetByTestId("form-detail")).Not.ToBeEmptyAsync();
        await ShotAsync(register, "cadre-register-refused");
        using var api = fixture.Gateway.CreateClient(fixture.OfficeToken);
        Assert.Empty((await api.GetFromJsonAsync<JsonElement>($"/api/units/{team}/cadres")).EnumerateArray());

        // Offline, a form with personal data does not wait in the browser: the clerk is told so and keeps the fill.
        await page.Context.SetOfflineAsync(true);
        await FillAsync(register, ("nationalIdNumber", IdNumber("54212119900404456")));
        await register.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(register.GetByTestId("form-detail")).ToContainTextAsync("个人信息");
        await Assertions.Expect(register.Locator("[name=name]")).ToHaveValueAsync("次仁");
        await Assertions.Expect(page.GetByTestId("outbox")).ToBeHiddenAsync();
        Assert.DoesNotContain("5421211990", await page.EvaluateAsync<string>("JSON.stringify(localStorage)"));
        await page.Context.SetOfflineAsync(false);
    }

    [Fact]
    public async Task A_waiting_report_the_server_refuses_stays_in_the_outbox_with_the_servers_message()
    {
        var team = Team(9);
        var page = await OpenAsync(team, await fixture.MintTokenAsync(team, "team"));
        var report = Form(page, "report");
        var period = await report.Locator("[name=period]").InputValueAsync();
        await page.Context.SetOfflineAsync(true);
        await FillAsync(report, ("meetingsHeld", "1"), ("problemsIdentified", "1"), ("problemsResolved", "1"));
        await report.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.GetByTestId("outbox-count")).ToHaveTextAsync("待发送 1");

        // Meanwhile the period's report arrives another way (a colleague's phone): the waiting one is refused when it goes out.
        using var api = fixture.Gateway.CreateClient(fixture.OfficeToken);
        Assert.Equal(HttpStatusCode.Created, (await api.PostReport(team, Reports.Weekly("filed-elsewhere", period, 1, 1, 1))).StatusCode);
        await page.Context.SetOfflineAsync(false);
        var refused = page.GetByTestId("outbox-refused");
        await Assertions.Expect(refused).ToContainTextAsync("filed-elsewhere", new() { Timeout = 10_000 });
        await Assertions.Expect(page.GetByTestId("outbox-count")).ToHaveTextAsync("待发送 0");
        await ShotAsync(page.GetByTestId("outbox"), "outbox-refused");
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("outbox-refused")).ToContainTextAsync("filed-elsewhere");

        // Only the clerk discards it.
        await page.GetByTestId("outbox-refused").GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(page.GetByTestId("outbox")).ToBeHiddenAsync();
        Assert.Equal(1, await ReportsInAsync(api, team, period, atLeast: 1));
    }

    [Fact]
    public async Task A_team_checks_in_with_one_tap_raises_and_resolves_a_problem_and_requests_leave_that_its_office_approves()
    {
        var team = Team(6);
        using var api = fixture.Gateway.CreateClient(fixture.OfficeToken);
        // The programme's day: the check-in form dates it by the offices' calendar, a day ahead of this machine's from 16:00 UTC.
        var today = await ProgrammeDayAsync();
        var since = today.AddDays(-30).ToString("yyyy-MM-dd");
        // The office registers the team's two cadres: one through its form, one through the API.
        var office = await OpenAsync(team, fixture.OfficeToken);
        await OpenFormAsync(office, "cadre-register");
        var register = Form(office, "cadre-register");
        var cadreId = await register.Locator("[name=cadreId]").InputValueAsync();
        await FillAsync(register, ("name", "扎西"), ("gender", "male"), ("nationalIdNumber", IdNumber("54212119800101123")), ("phone", "13912345678"),
            ("dispatchingUnit", "昌都市教育局"), ("role", "leader"), ("from", since));
        await register.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(register.GetByTestId("form-status")).ToContainTextAsync(cadreId);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync($"/api/units/{team}/cadres", new
        {
            cadreId = "forms-c2", name = "卓玛", gender = "female", politicalStatus = "群众", nationalIdNumber = IdNumber("54212119850202234"),
            phone = "13812345678", dispatchingUnit = "昌都市卫生局", role = "member", from = since,
        })).StatusCode);

        // Check-in: the cadre is picked once, remembered, and checking in is then one tap.
        var clerk = await OpenAsync(team, await fixture.MintTokenAsync(team, "team"));
        var checkIn = Form(clerk, "check-in");
        await OpenFormAsync(clerk, "check-in");
        await FillAsync(checkIn, ("cadreId", cadreId));
        await ShotAsync(checkIn, "check-in");
        await checkIn.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(checkIn.GetByTestId("form-status")).ToContainTextAsync("已提交");
        var duty = await api.GetFromJsonAsync<JsonElement>($"/api/units/{team}/duty?date={today:yyyy-MM-dd}");
        Assert.Equal(1, duty.GetProperty("checkedIn").GetInt64());
        // The next day's page: the form is open and the cadre chosen; one tap on 签到 is all.
        await clerk.ReloadAsync();
        await Assertions.Expect(Form(clerk, "check-in").Locator("button[type=submit]")).ToBeVisibleAsync();
        await Assertions.Expect(Form(clerk, "check-in").Locator("[name=cadreId]")).ToHaveValueAsync(cadreId);

        // A problem raised, then resolved from the list of open ones.
        await OpenFormAsync(clerk, "problem-raise");
        var raise = Form(clerk, "problem-raise");
        var problemId = await raise.Locator("[name=problemId]").InputValueAsync();
        await FillAsync(raise, ("category", "livelihood"), ("description", "饮水管道冻裂"));
        await ShotAsync(raise, "problem-raise");
        await raise.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(Form(clerk, "problem-raise").GetByTestId("form-status")).ToContainTextAsync(problemId);
        await OpenFormAsync(clerk, "problem-resolve");
        var resolve = Form(clerk, "problem-resolve");
        await FillAsync(resolve, ("problemId", problemId), ("note", "已更换管道"));
        await ShotAsync(resolve, "problem-resolve");
        await resolve.Locator("button[type=submit]").ClickAsync();
        // The team's last open problem is resolved: its form goes, and the outcome shows under the forms' title.
        await Assertions.Expect(clerk.GetByTestId("forms-status")).ToContainTextAsync(problemId);
        await Assertions.Expect(Form(clerk, "problem-resolve")).ToHaveCountAsync(0);
        var problem = await api.GetFromJsonAsync<JsonElement>($"/api/units/{team}/problems/{problemId}");
        Assert.Equal("resolved", problem.GetProperty("status").GetString());
        Assert.Equal("已更换管道", problem.GetProperty("resolutionNote").GetString());
        await Assertions.Expect(Form(clerk, "problem-reopen")).ToBeAttachedAsync();

        // Leave for the second cadre (sick leave may be asked for late), then the office decides on it.
        await OpenFormAsync(clerk, "leave-request");
        var leave = Form(clerk, "leave-request");
        var leaveId = await leave.Locator("[name=leaveId]").InputValueAsync();
        await FillAsync(leave, ("cadreId", "forms-c2"), ("kind", "sick"), ("from", today.AddDays(3).ToString("yyyy-MM-dd")),
            ("until", today.AddDays(5).ToString("yyyy-MM-dd")), ("reason", "就医"));
        await ShotAsync(leave, "leave-request");
        await leave.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(leave.GetByTestId("form-status")).ToContainTextAsync(leaveId);
        var requested = await api.GetFromJsonAsync<JsonElement>($"/api/units/{team}/leave/{leaveId}");
        Assert.Equal("forms-c2", requested.GetProperty("cadreId").GetString());

        await office.ReloadAsync();
        await OpenFormAsync(office, "leave-decision");
        var decision = Form(office, "leave-decision");
        await FillAsync(decision, ("leaveId", leaveId), ("approve", "true"));
        await ShotAsync(decision, "leave-decision");
        await decision.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(decision.GetByTestId("form-status")).ToContainTextAsync(leaveId);
        var decided = await api.GetFromJsonAsync<JsonElement>($"/api/units/{team}/leave/{leaveId}");
        Assert.Equal("approved", decided.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Each_role_is_offered_only_its_own_forms_and_a_viewer_none()
    {
        var team = Team(7);
        var clerk = await OpenAsync(team, await fixture.MintTokenAsync(team, "team"));
        string[] teamForms = ["report", "report-correction", "problem-raise", "training", "cadre-register"];
        foreach (var key in teamForms)
        {
            await Assertions.Expect(Form(clerk, key)).ToBeAttachedAsync();
        }
        // Only an office: approving leave, points, absences and feedback; rounds only where there are units below.
        foreach (var key in new[] { "leave-decision", "points", "feedback", "inspection-round" })
        {
            await Assertions.Expect(Form(clerk, key)).ToHaveCountAsync(0);
        }
        // A team reads and writes only its own team.
        await clerk.GotoAsync(fixture.Gateway.Address + $"units/{Seeded.ParentOf(team)}");
        await Assertions.Expect(clerk.GetByTestId("error")).ToBeVisibleAsync();
        await Assertions.Expect(clerk.Locator("form[data-form]")).ToHaveCountAsync(0);

        var office = await OpenAsync(Seeded.ParentOf(team), fixture.OfficeToken);
        foreach (var key in new[] { "report", "problem-raise", "training", "inspection-round", "finding", "feedback", "points", "leave-decision", "cadre-register" })
        {
            await OpenFormAsync(office, key);
            await ShotAsync(Form(office, key), key);
        }
        await Assertions.Expect(Form(office, "report").Locator("[name=cadence]")).ToHaveValueAsync("monthly");
        await office.GetByTestId("language").ClickAsync();
        await Assertions.Expect(office.Locator("details[data-form-group=report] summary")).ToHaveTextAsync("Work report");
        await Assertions.Expect(Form(office, "report").Locator("label[for=form-report-meetingsHeld]")).ToHaveTextAsync("Meetings held");
        await office.GetByTestId("language").ClickAsync();
        await Assertions.Expect(office.Locator("details[data-form-group=report] summary")).ToHaveTextAsync("工作汇报");

        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        var viewer = await context.NewPageAsync();
        await viewer.GotoAsync(fixture.Gateway.Address + $"units/{team}#token={fixture.ViewerToken}");
        await Assertions.Expect(viewer.GetByTestId("unit-name")).Not.ToBeEmptyAsync();
        await Assertions.Expect(viewer.GetByTestId("forms")).ToBeHiddenAsync();
        await Assertions.Expect(viewer.Locator("form[data-form]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task An_office_and_its_team_file_the_other_forms_end_to_end()
    {
        var team = Team(8);
        var township = Seeded.ParentOf(team);
        var since = DateTime.Today.AddDays(-30).ToString("yyyy-MM-dd");
        using var api = fixture.Gateway.CreateClient(fixture.OfficeToken);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync($"/api/units/{team}/cadres", new
        {
            cadreId = "forms-c8", name = "格桑", gender = "male", politicalStatus = "中共党员", nationalIdNumber = IdNumber("54212119790303345"),
            phone = "13712345678", dispatchingUnit = "昌都市农业农村局", role = "leader", from = since,
        })).StatusCode);

        // The team: a report, then its correction; a training class.
        var clerk = await OpenAsync(team, await fixture.MintTokenAsync(team, "team"));
        var report = Form(clerk, "report");
        var reportId = await report.Locator("[name=reportId]").InputValueAsync();
        await FillAsync(report, ("meetingsHeld", "1"), ("problemsIdentified", "3"), ("problemsResolved", "0"));
        await report.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(report.GetByTestId("form-status")).ToContainTextAsync(reportId);
        await OpenFormAsync(clerk, "report-correction");
        var correction = Form(clerk, "report-correction");
        // The report just filed is offered to correct.
        await Assertions.Expect(correction.Locator($"datalist option[value='{reportId}']")).ToHaveCountAsync(1);
        await FillAsync(correction, ("reportId", reportId), ("meetingsHeld", "1"), ("problemsIdentified", "3"), ("problemsResolved", "2"));
        await ShotAsync(correction, "report-correction");
        await correction.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(correction.GetByTestId("form-status")).ToContainTextAsync(reportId);
        var corrected = await api.GetFromJsonAsync<JsonElement>($"/api/units/{team}/reports/{reportId}");
        Assert.Equal(2, corrected.GetProperty("problemsResolved").GetInt32());
        Assert.Equal(2, corrected.GetProperty("revision").GetInt32());

        await OpenFormAsync(clerk, "training");
        var training = Form(clerk, "training");
        var trainingId = await training.Locator("[name=trainingId]").InputValueAsync();
        await FillAsync(training, ("kind", "class"), ("title", "驻村队员业务培训"), ("participants", "12"), ("cadreIds", "forms-c8"));
        await training.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(training.GetByTestId("form-status")).ToContainTextAsync(trainingId);
        var trainings = await api.GetFromJsonAsync<JsonElement>($"/api/units/{team}/trainings");
        var recorded = Assert.Single(trainings.EnumerateArray(), entry => entry.GetProperty("trainingId").GetString() == trainingId);
        Assert.Equal(12, recorded.GetProperty("participants").GetInt32());
        Assert.Equal("forms-c8", Assert.Single(recorded.GetProperty("cadreIds").EnumerateArray()).GetString());

        // The office at the team: a card photo, a card to print, an absence, villagers' feedback, points.
        var office = await OpenAsync(team, fixture.OfficeToken);
        await OpenFormAsync(office, "cadre-photo");
        var photo = Form(office, "cadre-photo");
        await photo.Locator("[name=photo]").SetInputFilesAsync(new FilePayload { Name = "photo.png", MimeType = "image/png", Buffer = OnePixelPng });
        await photo.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(photo.GetByTestId("form-status")).ToContainTextAsync("forms-c8");
        var stored = await api.GetAsync($"/api/units/{team}/cadres/forms-c8/photo");
        Assert.Equal(OnePixelPng, await stored.Content.ReadAsByteArrayAsync());

        await OpenFormAsync(office, "card-issue");
        var card = Form(office, "card-issue");
        await card.Locator("button[type=submit]").ClickAsync();
        var printed = await office.RunAndWaitForPopupAsync(() => card.GetByTestId("print-card").ClickAsync());
        await Assertions.Expect(printed.Locator("body")).ToContainTextAsync("格桑");
        await ShotAsync(card, "card-issue");
        var cards = await api.GetFromJsonAsync<JsonElement>($"/api/units/{team}/cadres/forms-c8/cards");
        Assert.Single(cards.EnumerateArray());

        await OpenFormAsync(office, "absence");
        var absence = Form(office, "absence");
        var absenceId = await absence.Locator("[name=absenceId]").InputValueAsync();
        await FillAsync(absence, ("from", DateTime.Today.AddDays(-2).ToString("yyyy-MM-dd")), ("note", "未请假离岗"));
        await ShotAsync(absence, "absence");
        await absence.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(absence.GetByTestId("form-status")).ToContainTextAsync(absenceId);

        await OpenFormAsync(office, "feedback");
        var feedback = Form(office, "feedback");
        var feedbackId = await feedback.Locator("[name=feedbackId]").InputValueAsync();
        await FillAsync(feedback, ("sentiment", "positive"), ("source", "visit"), ("note", "群众满意"));
        await feedback.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(feedback.GetByTestId("form-status")).ToContainTextAsync(feedbackId);

        await OpenFormAsync(office, "points");
        var points = Form(office, "points");
        var entryId = await points.Locator("[name=entryId]").InputValueAsync();
        await FillAsync(points, ("bulletin", "2026年第12期工作通报"), ("category", "media"), ("points", "5"), ("reason", "宣传报道见报"));
        await points.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(points.GetByTestId("form-status")).ToContainTextAsync(entryId);
        var statement = await api.GetFromJsonAsync<JsonElement>($"/api/units/{team}/points?year={DateTime.Today.Year}");
        Assert.Contains(statement.GetProperty("entries").EnumerateArray(), entry => entry.GetProperty("entryId").GetString() == entryId);

        var rollup = await Eventually.Returns(() => api.GetFromJsonAsync<JsonElement>($"/api/units/{team}/rollup"),
            answer => answer.GetProperty("totals").GetProperty("positiveFeedback").GetInt64() >= 1 && answer.GetProperty("totals").GetProperty("absences").GetInt64() >= 1);
        Assert.Equal(1, rollup.GetProperty("totals").GetProperty("positiveFeedback").GetInt64());
        Assert.Equal(1, rollup.GetProperty("totals").GetProperty("absences").GetInt64());
        Assert.Equal(1, rollup.GetProperty("totals").GetProperty("cardsIssued").GetInt64());

        // The township's office: a cross-inspection round, and a finding in it.
        var inspecting = await OpenAsync(township, fixture.OfficeToken);
        await OpenFormAsync(inspecting, "inspection-round");
        var round = Form(inspecting, "inspection-round");
        var roundId = await round.Locator("[name=roundId]").InputValueAsync();
        await round.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(round.GetByTestId("form-status")).ToContainTextAsync(roundId);
        await OpenFormAsync(inspecting, "finding");
        var finding = Form(inspecting, "finding");
        await FillAsync(finding, ("roundId", roundId), ("targetId", team), ("category", "party-building"), ("description", "学习记录不全"));
        await finding.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(finding.GetByTestId("form-status")).Not.ToBeEmptyAsync();
        var opened = await api.GetFromJsonAsync<JsonElement>($"/api/units/{township}/inspections/{roundId}");
        var recordedFinding = Assert.Single(opened.GetProperty("findings").EnumerateArray());
        Assert.Equal(team, recordedFinding.GetProperty("targetId").GetString());
    }

    [Fact]
    public async Task An_office_revokes_a_card_transfers_a_cadre_and_ends_a_service_each_irreversible_one_only_once_ticked()
    {
        // Teams from the start of the seeded list, two of one township, so no other test's cadres meet these.
        var team = Seeded.Teams[0];
        var sibling = Seeded.Teams.First(other => other != team && Seeded.ParentOf(other) == Seeded.ParentOf(team));
        var since = DateTime.Today.AddDays(-30).ToString("yyyy-MM-dd");
        using var api = fixture.Gateway.CreateClient(fixture.OfficeToken);
        foreach (var (cadreId, name, first17) in new[] { ("forms-e1", "旺堆", "54212119810505456"), ("forms-e2", "拉姆", "54212119820606567") })
        {
            Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync($"/api/units/{team}/cadres", new
            {
                cadreId, name, gender = "male", politicalStatus = "中共党员", nationalIdNumber = IdNumber(first17),
                phone = "13612345678", dispatchingUnit = "昌都市水利局", role = "member", from = since,
            })).StatusCode);
        }
        var issued = await api.PostAsJsonAsync($"/api/units/{team}/cadres/forms-e1/cards", new { issuedOn = since });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var cardNumber = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cardNumber").GetString();
        var today = await ProgrammeDayAsync();

        var office = await OpenAsync(team, fixture.OfficeToken);
        await OpenFormAsync(office, "card-revoke");
        var revoke = Form(office, "card-revoke");
        // The cadre's valid card is offered; a tap without the tick files nothing and says why beside the tick.
        await FillAsync(revoke, ("cadreId", "forms-e1"));
        await Assertions.Expect(revoke.Locator("[name=cardNumber]")).ToHaveValueAsync(cardNumber!);
        await Assertions.Expect(revoke.Locator("[name=revokedOn]")).ToHaveValueAsync(today.ToString("yyyy-MM-dd"));
        await revoke.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(revoke.Locator("[data-error-for=confirm]")).ToContainTextAsync("勾选确认");
        await ShotAsync(revoke, "card-revoke");
        Assert.Equal("valid", Assert.Single((await api.GetFromJsonAsync<JsonElement>($"/api/units/{team}/cadres/forms-e1/cards")).EnumerateArray()).GetProperty("status").GetString());
        await revoke.Locator("[name=confirm]").CheckAsync();
        await revoke.Locator("button[type=submit]").ClickAsync();
        // Its only valid card revoked, nothing is left to revoke: the form goes and its outcome shows under the title.
        await Assertions.Expect(office.GetByTestId("forms-status")).ToContainTextAsync(cardNumber!);
        await Assertions.Expect(Form(office, "card-revoke")).ToHaveCountAsync(0);
        var card = Assert.Single((await api.GetFromJsonAsync<JsonElement>($"/api/units/{team}/cadres/forms-e1/cards")).EnumerateArray());
        Assert.Equal("revoked", card.GetProperty("status").GetString());

        // A transfer to the sibling team, offered among the units this office writes.
        await OpenFormAsync(office, "cadre-transfer");
        var transfer = Form(office, "cadre-transfer");
        await Assertions.Expect(transfer.Locator($"datalist option[value='{sibling}']")).ToHaveCountAsync(1);
        await FillAsync(transfer, ("cadreId", "forms-e2"), ("toUnitId", sibling), ("role", "leader"));
        await ShotAsync(transfer, "cadre-transfer");
        await transfer.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(Form(office, "cadre-transfer").GetByTestId("form-status")).ToContainTextAsync("forms-e2");
        await Assertions.Expect(Form(office, "cadre-transfer").Locator("[name=cadreId] option[value=forms-e2]")).ToHaveCountAsync(0);
        var moved = await api.GetFromJsonAsync<JsonElement>($"/api/units/{sibling}/cadres/forms-e2");
        var assignment = moved.GetProperty("assignments").EnumerateArray().Last();
        Assert.Equal(sibling, assignment.GetProperty("unitId").GetString());
        Assert.Equal("leader", assignment.GetProperty("role").GetString());

        // The end of a service: the cadre leaves the roster.
        await OpenFormAsync(office, "cadre-end");
        var end = Form(office, "cadre-end");
        await FillAsync(end, ("cadreId", "forms-e1"));
        await end.Locator("[name=confirm]").CheckAsync();
        await ShotAsync(end, "cadre-end");
        await end.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(office.GetByTestId("forms-status")).ToContainTextAsync("forms-e1");
        var roster = await api.GetFromJsonAsync<JsonElement>($"/api/units/{team}/cadres");
        Assert.DoesNotContain(roster.EnumerateArray(), cadre => cadre.GetProperty("cadreId").GetString() == "forms-e1");
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/units/{team}/cadres/forms-e1")).StatusCode);
    }

    [Fact]
    public async Task An_office_closes_last_month_and_last_year_and_sees_the_apis_conflict_for_the_ones_not_ended()
    {
        var township = Seeded.ParentOf(Seeded.Teams[0]);
        var today = await ProgrammeDayAsync();
        var thisMonth = today.ToString("yyyy-MM");
        var lastMonth = today.AddMonths(-1).ToString("yyyy-MM");
        var lastYear = $"{today.Year - 1}";
        using var api = fixture.Gateway.CreateClient(fixture.OfficeToken);
        var office = await OpenAsync(township, fixture.OfficeToken);

        await OpenFormAsync(office, "assessment-close");
        var month = Form(office, "assessment-close");
        await Assertions.Expect(month.Locator("[name=month]")).ToHaveValueAsync(lastMonth);
        await FillAsync(month, ("month", thisMonth));
        await month.Locator("[name=confirm]").CheckAsync();
        await month.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(month.GetByTestId("form-detail")).Not.ToBeEmptyAsync();
        await ShotAsync(month, "assessment-close-refused");
        Assert.Equal("provisional", (await api.GetFromJsonAsync<JsonElement>($"/api/units/{township}/assessments/{thisMonth}")).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await api.PostAsync($"/api/units/{township}/assessments/{thisMonth}/close", null)).StatusCode);

        await FillAsync(month, ("month", lastMonth));
        await month.Locator("[name=confirm]").CheckAsync();
        await month.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(month.GetByTestId("form-status")).ToContainTextAsync(lastMonth);
        await Assertions.Expect(month.GetByTestId("form-detail")).ToBeEmptyAsync();
        var closed = await api.GetFromJsonAsync<JsonElement>($"/api/units/{township}/assessments/{lastMonth}");
        Assert.Equal("closed", closed.GetProperty("status").GetString());

        await OpenFormAsync(office, "year-end-close");
        var year = Form(office, "year-end-close");
        await Assertions.Expect(year.Locator("[name=year]")).ToHaveValueAsync(lastYear);
        await FillAsync(year, ("year", $"{today.Year}"));
        await year.Locator("[name=confirm]").CheckAsync();
        await year.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(year.GetByTestId("form-detail")).Not.ToBeEmptyAsync();
        Assert.Equal("provisional", (await api.GetFromJsonAsync<JsonElement>($"/api/units/{township}/year-end/{today.Year}")).GetProperty("status").GetString());
        await FillAsync(year, ("year", lastYear));
        await ShotAsync(year, "year-end-close");
        await year.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(year.GetByTestId("form-status")).ToContainTextAsync(lastYear);
        // The tick goes with the filing: the next close needs a tick of its own.
        await Assertions.Expect(year.Locator("[name=confirm]")).Not.ToBeCheckedAsync();
        var yearEnd = await api.GetFromJsonAsync<JsonElement>($"/api/units/{township}/year-end/{lastYear}");
        Assert.Equal("closed", yearEnd.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_citys_office_registers_a_dispatching_unit_summons_it_and_follows_the_summons_up()
    {
        var city = await OpenAsync(Seeded.City, fixture.OfficeToken);
        await OpenFormAsync(city, "dispatching-unit");
        var register = Form(city, "dispatching-unit");
        var dispatchingUnitId = await register.Locator("[name=dispatchingUnitId]").InputValueAsync();
        await FillAsync(register, ("name", "昌都市交通运输局"), ("level", "city"));
        await ShotAsync(register, "dispatching-unit");
        await register.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(Form(city, "dispatching-unit").GetByTestId("form-status")).ToContainTextAsync(dispatchingUnitId);
        using var api = fixture.Gateway.CreateClient(fixture.OfficeToken);
        var registered = await api.GetFromJsonAsync<JsonElement>($"/api/dispatching-units/{dispatchingUnitId}");
        Assert.Equal("昌都市交通运输局", registered.GetProperty("name").GetString());
        Assert.Equal("city", registered.GetProperty("level").GetString());

        // The unit just registered is offered to summon.
        await OpenFormAsync(city, "summons");
        var summons = Form(city, "summons");
        await Assertions.Expect(summons.Locator($"[name=dispatchingUnitId] option[value='{dispatchingUnitId}']")).ToHaveCountAsync(1);
        var summonsId = await summons.Locator("[name=summonsId]").InputValueAsync();
        await FillAsync(summons, ("dispatchingUnitId", dispatchingUnitId), ("mode", "face-to-face"), ("attendees", "局长\n分管副局长"),
            ("issues", "驻村队员多次擅自离岗\n工作汇报迟报"), ("rectifyBy", (await ProgrammeDayAsync()).AddDays(30).ToString("yyyy-MM-dd")));
        await ShotAsync(summons, "summons");
        await summons.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(Form(city, "summons").GetByTestId("form-status")).ToContainTextAsync(summonsId);
        var recorded = Assert.Single((await api.GetFromJsonAsync<JsonElement>($"/api/dispatching-units/{dispatchingUnitId}")).GetProperty("summons").EnumerateArray());
        Assert.Equal(summonsId, recorded.GetProperty("summonsId").GetString());
        Assert.Equal("局长|分管副局长", string.Join('|', recorded.GetProperty("attendees").EnumerateArray().Select(entry => entry.GetString())));
        Assert.Equal(2, recorded.GetProperty("issues").GetArrayLength());

        // The summons waits for its follow-up, offered under its dispatching unit.
        await OpenFormAsync(city, "summons-follow-up");
        var followUp = Form(city, "summons-follow-up");
        await FillAsync(followUp, ("dispatchingUnitId", dispatchingUnitId));
        await Assertions.Expect(followUp.Locator("[name=summonsId]")).ToHaveValueAsync(summonsId);
        await FillAsync(followUp, ("rectified", "true"), ("note", "已召回并重新安排驻村"));
        await ShotAsync(followUp, "summons-follow-up");
        await followUp.Locator("button[type=submit]").ClickAsync();
        // Its only summons followed up, nothing is left to follow: the form goes and its outcome shows under the title.
        await Assertions.Expect(city.GetByTestId("forms-status")).ToContainTextAsync(dispatchingUnitId);
        await Assertions.Expect(Form(city, "summons-follow-up")).ToHaveCountAsync(0);
        var followed = Assert.Single((await api.GetFromJsonAsync<JsonElement>($"/api/dispatching-units/{dispatchingUnitId}")).GetProperty("summons").EnumerateArray());
        Assert.True(followed.GetProperty("followUp").GetProperty("rectified").GetBoolean());
        Assert.Equal("已召回并重新安排驻村", followed.GetProperty("followUp").GetProperty("note").GetString());
    }

    [Fact]
    public async Task Closing_transferring_and_the_citys_forms_are_offered_only_to_those_who_may_use_them()
    {
        var team = Seeded.Teams[2];
        using var api = fixture.Gateway.CreateClient(fixture.OfficeToken);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync($"/api/units/{team}/cadres", new
        {
            cadreId = "forms-r1", name = "索朗", gender = "male", politicalStatus = "中共党员", nationalIdNumber = IdNumber("54212119830707678"),
            phone = "13512345678", dispatchingUnit = "昌都市林草局", role = "member", from = DateTime.Today.AddDays(-30).ToString("yyyy-MM-dd"),
        })).StatusCode);

        // A team ends its own cadres' service and changes their role at home, but moves nobody elsewhere and closes nothing.
        var clerk = await OpenAsync(team, await fixture.MintTokenAsync(team, "team"));
        await Assertions.Expect(Form(clerk, "cadre-end")).ToBeAttachedAsync();
        await Assertions.Expect(Form(clerk, "cadre-transfer").Locator("datalist option")).ToHaveCountAsync(1);
        await Assertions.Expect(Form(clerk, "cadre-transfer").Locator($"datalist option[value='{team}']")).ToHaveCountAsync(1);
        foreach (var key in new[] { "assessment-close", "year-end-close", "dispatching-unit", "summons" })
        {
            await Assertions.Expect(Form(clerk, key)).ToHaveCountAsync(0);
        }

        // A county's office closes its own months, but registers no dispatching unit: only the city's office does, on the city's page.
        var county = Seeded.ParentOf(Seeded.ParentOf(team));
        var countyOffice = await OpenAsync(county, await fixture.MintTokenAsync(county, "office"));
        await Assertions.Expect(Form(countyOffice, "assessment-close")).ToBeAttachedAsync();
        await Assertions.Expect(Form(countyOffice, "year-end-close")).ToBeAttachedAsync();
        await Assertions.Expect(Form(countyOffice, "dispatching-unit")).ToHaveCountAsync(0);
        await countyOffice.GetByTestId("language").ClickAsync();
        await Assertions.Expect(countyOffice.Locator("details[data-form-group=assessment-close] summary")).ToHaveTextAsync("Close a month's assessment");
        await Assertions.Expect(Form(countyOffice, "assessment-close").Locator("label.form-confirm")).ToContainTextAsync("I confirm closing");
        var cityOfficeAtCounty = await OpenAsync(county, fixture.OfficeToken);
        await Assertions.Expect(Form(cityOfficeAtCounty, "assessment-close")).ToBeAttachedAsync();
        await Assertions.Expect(Form(cityOfficeAtCounty, "dispatching-unit")).ToHaveCountAsync(0);

        // A viewer of the city files nothing there.
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        var viewer = await context.NewPageAsync();
        await viewer.GotoAsync(fixture.Gateway.Address + $"units/{Seeded.City}#token={fixture.ViewerToken}");
        await Assertions.Expect(viewer.GetByTestId("unit-name")).Not.ToBeEmptyAsync();
        await Assertions.Expect(viewer.GetByTestId("forms")).ToBeHiddenAsync();
        await Assertions.Expect(viewer.Locator("form[data-form=dispatching-unit]")).ToHaveCountAsync(0);
    }

    /// <summary>The programme's day (GET /api/today), which the forms' dates and months default from.</summary>
    async Task<DateTime> ProgrammeDayAsync()
    {
        using var calendar = fixture.Gateway.CreateClient(fixture.ViewerToken);
        return (await calendar.GetFromJsonAsync<JsonElement>("/api/today")).GetProperty("date").GetDateTime();
    }

    static readonly byte[] OnePixelPng = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    /// <summary>An 18-character resident ID number: 17 digits and the GB 11643 check character.</summary>
    static string IdNumber(string first17)
    {
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = first17.Select((digit, index) => (digit - '0') * weights[index]).Sum();
        return first17 + "10X98765432"[sum % 11];
    }
}
