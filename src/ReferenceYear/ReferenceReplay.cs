using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Changdu.ReferenceYear;

/// <summary>
/// The reference scenario through the public API: every village team's weekly reports, township
/// monthly, county quarterly and half-yearly and city half-yearly reports, problem counts adding
/// up to the published 5,798 identified and 4,869 resolved (scaled to the part of the tree
/// replayed), a cross-inspection round at every office with a finding each, the city's 11 classes
/// for 467 people and two exchange meetings, every office closing every month, and the people side
/// (<see cref="PeopleReplay"/>). The result is read from the root's rollup and compared with the sum
/// of what the API accepted.
/// </summary>
/// <remarks>
/// Given <paramref name="reachDay"/> (the demo's programme clock), the replay runs live: before it files
/// what a day would see, it brings the programme's clock to that day, so each week's reports arrive the
/// Monday after it, each month's office work on the first of the next, and the year ends on 1 November
/// 2016 with its cadres still serving and checking in. Without it everything is filed in the present and
/// the rotation ends with the year.
/// </remarks>
public sealed class ReferenceReplay(HttpClient http, string root, TextWriter log, Func<DateOnly, Task>? reachDay = null)
{
    public const string City = "540300000000";
    public const int Concurrency = 16;
    public const string Range = "2015-12..2016-10";

    const int PublishedTeams = 1_142;
    const int PublishedIdentified = 5_798;
    const int PublishedResolved = 4_869;
    static readonly int[] CityClassSizes = [60, 38, 40, 41, 42, 40, 39, 43, 44, 40, 40];
    static readonly (string Title, int People, string Day)[] ExchangeMeetings = [("Experience exchange, Karuo", 56, "2016-04-20"), ("On-site meeting, Markam", 320, "2016-08-18")];

    static readonly DateOnly First = new(2015, 12, 1);
    /// <summary>The day after the reference year: in a live replay, the programme's today once the year is filed.</summary>
    public static readonly DateOnly End = new(2016, 11, 1);

    /// <summary>In a live replay, the days before <see cref="End"/> whose check-ins are filed with the year: more than <c>Duty:AbsenceAfterDays</c>, so no cadre reads as absent when it ends.</summary>
    const int CheckInDaysBeforeEnd = 7;

    readonly Random _random = new(2016);
    readonly Accepted _accepted = new();

    sealed record Unit(string UnitId, string Name, string Tier, string? ParentId, List<Unit> Children);

    sealed record Totals(long Reports, long MeetingsHeld, long ProblemsIdentified, long ProblemsResolved, long TrainingClasses, long PeopleTrained,
        long ExchangeMeetings, long ExchangeAttendance, long InspectionRounds, long Inspections, long Findings, long AwardRounds, long Flags,
        long CardsIssued, long LeaveRecords, long Absences, long PositiveFeedback, long NegativeFeedback);

    sealed record Completeness(string Cadence, long Expected, long Received);

    sealed record RollupView(Totals Totals, long? ExpectedReports, List<Completeness> Completeness);

    /// <summary>What the API acknowledged, summed as the replay went.</summary>
    sealed class Accepted
    {
        public long Reports, Meetings, Identified, Resolved, Classes, Trained, Exchanges, Attendance, Rounds, Findings, Closes;
    }

    /// <summary>Whether the root's rollup equals what was accepted, and the figures it read.</summary>
    public sealed record Result(bool RollupMatchesAccepted, long Reports, long ExpectedReports, long ProblemsIdentified, long ProblemsResolved, long AwardRounds, long Findings,
        long CardsIssued, long LeaveRecords, long Absences, int SummonedUnits);

    PeopleReplay _people = null!;
    List<string>? _teams;

    public async Task<Result> RunAsync()
    {
        var units = await LoadTreeAsync();
        var teams = units.Where(unit => unit.Tier == "village-team").ToList();
        var offices = units.Where(unit => unit.Children.Count > 0).ToList();
        var share = (double)teams.Count / PublishedTeams;
        log.WriteLine($"replaying {Range} under {root}: {teams.Count} teams, {offices.Count} offices (share {share:P1} of Changdu)");

        // One finding per office's round raises a problem; resolved ones in the register count too.
        var findings = offices.Count;
        var resolvedFindings = findings * 5 / 6;
        var weeks = WeeksBetween(First, End);
        var slots = teams.SelectMany(team => weeks.Select(week => (team, week))).Where(slot => !Skipped(slot.team.UnitId, slot.week)).ToList();
        var identified = Spread((int)Math.Round(PublishedIdentified * share) - findings, slots.Count);
        var resolved = Spread((int)Math.Round(PublishedResolved * share) - resolvedFindings, slots.Count);
        var figures = slots.Select((slot, index) => (Team: slot.team, Week: slot.week, Identified: identified[index], Resolved: resolved[index])).ToLookup(slot => MonthOf(slot.Week));
        _teams = teams.Select(team => team.UnitId).ToList();
        await ReachAsync(First);
        _people = new PeopleReplay(http, log, share);
        await _people.EnrolAsync(teams.Select(team => team.UnitId).ToList(), units.Where(unit => unit.Tier == "township").Select(unit => unit.UnitId).ToList(),
            MonthsBetween(First, End).ToList());

        foreach (var month in MonthsBetween(First, End))
        {
            // Offices report and publish a month's work on the first day of the next, between the weeks that
            // end before it and those (of the month by their Thursday) that end after; the month closes last.
            var monthEnds = Period.Parse(month).End;
            var monthWeeks = figures[month].GroupBy(slot => slot.Week).OrderBy(week => week.Key, StringComparer.Ordinal).ToList();
            await WeeklyReportsAsync(monthWeeks.Where(week => Period.Parse(week.Key).End <= monthEnds));
            await ReachAsync(monthEnds);
            await OfficeReportsAsync(offices, month);
            await OfficeWorkAsync(offices, month, resolvedFindings);
            await _people.MonthAsync(month);
            await WeeklyReportsAsync(monthWeeks.Where(week => Period.Parse(week.Key).End > monthEnds));
            await SettleAsync();
            foreach (var office in offices.OrderByDescending(office => Depth(units, office)))
            {
                await CloseAsync(office.UnitId, month);
            }
            log.WriteLine($"  {month}: {_accepted.Reports:N0} reports accepted so far");
        }
        await _people.SummonAsync();
        if (reachDay is null)
        {
            await _people.EndRotationAsync();
        }
        else
        {
            // The programme goes on: the last days' check-ins as the teams' sign-in sheets would have them, then today's.
            for (var day = End.AddDays(-CheckInDaysBeforeEnd); day <= End; day = day.AddDays(1))
            {
                await PeopleReplay.CheckInAsync(http, _teams, day);
            }
        }
        await SettleAsync();
        return await CompareAsync();
    }

    /// <summary>
    /// The demo's days after the year: every team cadre checks in on <paramref name="day"/> (but for the days
    /// <see cref="PeopleReplay.CheckInAsync"/> leaves out), at the teams under the root.
    /// </summary>
    /// <returns>How many check-ins the API accepted.</returns>
    public async Task<int> CheckInAsync(DateOnly day)
    {
        _teams ??= (await LoadTreeAsync()).Where(unit => unit.Tier == "village-team").Select(unit => unit.UnitId).ToList();
        return await PeopleReplay.CheckInAsync(http, _teams, day);
    }

    Task ReachAsync(DateOnly day) => reachDay?.Invoke(day) ?? Task.CompletedTask;

    /// <summary>Each week's reports of the teams, at the Monday meeting after the week.</summary>
    async Task WeeklyReportsAsync(IEnumerable<IGrouping<string, (Unit Team, string Week, int Identified, int Resolved)>> weeks)
    {
        foreach (var week in weeks)
        {
            await ReachAsync(Period.Parse(week.Key).End);
            await Parallel.ForEachAsync(week, new ParallelOptions { MaxDegreeOfParallelism = Concurrency },
                async (slot, _) => await ReportAsync(slot.Team.UnitId, "weekly", slot.Week, slot.Identified, slot.Resolved));
        }
    }

    async Task<List<Unit>> LoadTreeAsync()
    {
        var all = new List<Unit>();
        var level = new List<string> { root };
        while (level.Count > 0)
        {
            var units = await Task.WhenAll(level.Select(id => http.GetFromJsonAsync<Unit>($"/api/units/{id}", JsonSerializerOptions.Web)));
            all.AddRange(units!);
            level = units.SelectMany(unit => unit!.Children.Select(child => child.UnitId)).ToList();
        }
        return all;
    }

    static int Depth(List<Unit> units, Unit unit)
    {
        var depth = 0;
        for (var current = unit; current.ParentId is { } parent && units.FirstOrDefault(u => u.UnitId == parent) is { } up; current = up)
        {
            depth++;
        }
        return depth;
    }

    /// <summary>About one weekly report in 40 is never filed, so completeness is not perfect and the missing list has entries.</summary>
    static bool Skipped(string team, string week) => StableHash(team + week) % 40 == 0;

    static uint StableHash(string text) => text.Aggregate(2166136261u, (hash, c) => (hash ^ c) * 16777619u);

    /// <summary>Spreads <paramref name="total"/> over <paramref name="slots"/> at random (seeded), so the counts add up exactly.</summary>
    int[] Spread(int total, int slots)
    {
        var counts = new int[slots];
        for (var i = 0; i < Math.Max(0, total); i++)
        {
            counts[_random.Next(slots)]++;
        }
        return counts;
    }

    async Task ReportAsync(string unit, string cadence, string period, int identified, int resolved)
    {
        var body = new { reportId = $"ref-{period}", cadence, period, meetingsHeld = 1, problemsIdentified = identified, problemsResolved = resolved };
        using var response = await http.PostPatientlyAsync($"/api/units/{unit}/reports", body);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            lock (_accepted)
            {
                (_accepted.Reports, _accepted.Meetings, _accepted.Identified, _accepted.Resolved) =
                    (_accepted.Reports + 1, _accepted.Meetings + 1, _accepted.Identified + identified, _accepted.Resolved + resolved);
            }
        }
        else if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Report {period} of {unit}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Township monthly reports every month; county quarterly and county and city half-yearly reports in the month their period ends.</summary>
    async Task OfficeReportsAsync(List<Unit> offices, string month)
    {
        var period = Period.Parse(month);
        foreach (var office in offices)
        {
            var due = office.Tier switch
            {
                "township" => [("monthly", month)],
                "county" => new[] { ("quarterly", EndingWith(period, PeriodKind.Quarter)), ("half-yearly", EndingWith(period, PeriodKind.HalfYear)) },
                _ => [("half-yearly", EndingWith(period, PeriodKind.HalfYear))],
            };
            foreach (var (cadence, reported) in due.Where(entry => entry.Item2 is not null))
            {
                await ReportAsync(office.UnitId, cadence, reported!, 0, 0);
            }
        }
    }

    /// <summary>Inspection rounds in May (townships), June (counties) and July (city), each with one finding; classes and exchange meetings at the city.</summary>
    async Task OfficeWorkAsync(List<Unit> offices, string month, int resolvedFindings)
    {
        var roundMonth = new Dictionary<string, string> { ["township"] = "2016-05", ["county"] = "2016-06", ["city"] = "2016-07" };
        var rounding = offices.Where(office => roundMonth.GetValueOrDefault(office.Tier) == month).ToList();
        foreach (var office in rounding)
        {
            var opened = await PostAsync($"/api/units/{office.UnitId}/inspections", new { roundId = "ref-2016", startsOn = $"{month}-10", seed = (int)StableHash(office.UnitId) & int.MaxValue });
            var round = await opened.Content.ReadFromJsonAsync<JsonElement>();
            var target = round.GetProperty("pairs")[0].GetProperty("targetId").GetString()!;
            _accepted.Rounds++;
            var finding = new { findingId = "f1", targetId = target, category = "discipline", description = "Duty roster not posted", foundOn = $"{month}-12" };
            await PostAsync($"/api/units/{office.UnitId}/inspections/ref-2016/findings", finding);
            _accepted.Findings++;
            _accepted.Identified++;
            if (_accepted.Findings <= resolvedFindings)
            {
                await PostAsync($"/api/units/{target}/problems/{Uri.EscapeDataString($"finding:ref-2016:f1")}/resolve", new { resolvedOn = $"{month}-25", note = "Roster posted" });
                _accepted.Resolved++;
            }
        }
        if (root != City || month is not ("2016-03" or "2016-04" or "2016-05" or "2016-06" or "2016-08" or "2016-09"))
        {
            return;
        }
        var classes = month switch { "2016-03" => 0..1, "2016-04" => 1..3, "2016-05" => 3..6, "2016-06" => 6..9, "2016-08" => 9..11, _ => 0..0 };
        for (var i = classes.Start.Value; i < classes.End.Value; i++)
        {
            await PostAsync($"/api/units/{City}/trainings", new { trainingId = $"ref-class-{i + 1}", kind = "class", title = $"City class {i + 1}", startsOn = $"{month}-15", participants = CityClassSizes[i] });
            (_accepted.Classes, _accepted.Trained) = (_accepted.Classes + 1, _accepted.Trained + CityClassSizes[i]);
        }
        foreach (var meeting in ExchangeMeetings.Where(meeting => meeting.Day.StartsWith(month, StringComparison.Ordinal)))
        {
            await PostAsync($"/api/units/{City}/trainings", new { trainingId = $"ref-{meeting.Day}", kind = meeting.People > 100 ? "on-site" : "exchange", title = meeting.Title, startsOn = meeting.Day, participants = meeting.People });
            (_accepted.Exchanges, _accepted.Attendance) = (_accepted.Exchanges + 1, _accepted.Attendance + meeting.People);
        }
    }

    async Task CloseAsync(string office, string month)
    {
        using var response = await http.PostPatientlyAsync($"/api/units/{office}/assessments/{month}/close", null);
        response.EnsureSuccessStatusCode();
        _accepted.Closes++;
    }

    async Task<HttpResponseMessage> PostAsync(string path, object body)
    {
        var response = await http.PostPatientlyAsync(path, body);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        return response;
    }

    /// <summary>Waits until the root's rollup counts every report accepted, so a month is ranked on complete figures.</summary>
    async Task SettleAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await RollupAsync()).Totals.Reports < _accepted.Reports && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
    }

    Task<RollupView> RollupAsync() => http.GetFromJsonAsync<RollupView>($"/api/units/{root}/rollup?period={Range}", JsonSerializerOptions.Web)!;

    async Task<Result> CompareAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        RollupView view;
        while (!Matches((view = await RollupAsync()).Totals) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        var totals = view.Totals;
        var officeReports = view.Completeness.Where(entry => entry.Cadence != "weekly").Sum(entry => entry.Received);
        log.WriteLine($"rollup of {root} for {Range}, read back from GET /api/units/{root}/rollup:");
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  reports {totals.Reports:N0} of {view.ExpectedReports:N0} expected (office reporting meetings {officeReports:N0}; weekly team meetings {totals.Reports - officeReports:N0})"));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  problems identified / resolved {totals.ProblemsIdentified:N0} / {totals.ProblemsResolved:N0}"));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  red-flag award rounds / flags {totals.AwardRounds:N0} / {totals.Flags:N0}"));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  inspection rounds {totals.InspectionRounds:N0}, units inspected {totals.Inspections:N0}, findings {totals.Findings:N0}"));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  classes {totals.TrainingClasses:N0} training {totals.PeopleTrained:N0} people; exchange meetings {totals.ExchangeMeetings:N0} with {totals.ExchangeAttendance:N0}"));
        var summoned = await _people.ReadSummonedAsync();
        _people.Report(totals.CardsIssued, totals.LeaveRecords, totals.Absences, summoned);
        var matches = Matches(totals);
        log.WriteLine(matches ? "the rollup equals the sum of what the API accepted" : "MISMATCH: the rollup differs from what the API accepted");
        return new Result(matches, totals.Reports, view.ExpectedReports ?? 0, totals.ProblemsIdentified, totals.ProblemsResolved, totals.AwardRounds, totals.Findings,
            totals.CardsIssued, totals.LeaveRecords, totals.Absences, summoned.Units);
    }

    bool Matches(Totals totals) =>
        totals.Reports == _accepted.Reports && totals.MeetingsHeld == _accepted.Meetings
        && totals.ProblemsIdentified == _accepted.Identified && totals.ProblemsResolved == _accepted.Resolved
        && totals.TrainingClasses == _accepted.Classes && totals.PeopleTrained == _accepted.Trained
        && totals.ExchangeMeetings == _accepted.Exchanges && totals.ExchangeAttendance == _accepted.Attendance
        && totals.InspectionRounds == _accepted.Rounds && totals.Findings == _accepted.Findings
        && totals.AwardRounds == _accepted.Closes
        && totals.CardsIssued == _people.Cards && totals.LeaveRecords == _people.LeaveRecords && totals.Absences == _people.Absences
        && totals.PositiveFeedback == _people.PositiveFeedback && totals.NegativeFeedback == _people.NegativeFeedback;

    static List<string> WeeksBetween(DateOnly first, DateOnly end) => Period.Between(first, end, PeriodKind.Week).Select(week => week.ToString()).ToList();

    static IEnumerable<string> MonthsBetween(DateOnly first, DateOnly end) => Period.Between(first, end, PeriodKind.Month).Select(month => month.ToString());

    /// <summary>The month a week counts in: the month of its Thursday.</summary>
    static string MonthOf(string week)
    {
        var thursday = Period.Parse(week).Anchor;
        return Period.Month(thursday.Year, thursday.Month).ToString();
    }

    /// <summary>The quarter or half-year that ends with <paramref name="month"/>, if it lies wholly inside the replayed range (2015-Q4 and 2015-H2 began before it).</summary>
    static string? EndingWith(Period month, PeriodKind kind)
    {
        var whole = Period.Between(month.Start, month.End, kind).Single();
        return whole.End == month.End && whole.Start >= First ? whole.ToString() : null;
    }
}
