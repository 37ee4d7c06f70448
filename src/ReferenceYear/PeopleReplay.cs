using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Changdu.ReferenceYear;

/// <summary>
/// The people side of the reference scenario (docs/domain.md, practices 4, 7 and 9) through the public API:
/// dispatching units, cadres with their on-duty cards (4,686), published leave (6,725 records),
/// unauthorised absences reported by the offices (279), and the summons of the units with the most
/// absences (20: 4 at region and 16 at city level), all scaled to the part of the tree replayed,
/// and villagers' feedback on some teams each month. The replay is historical, so paper records are
/// entered with their own dates; the demo adds the daily check-ins of the days after the year (<see cref="CheckInAsync"/>).
/// </summary>
public sealed class PeopleReplay(HttpClient http, TextWriter log, double share)
{
    const int PublishedCards = 4_686;
    const int PublishedLeave = 6_725;
    const int PublishedAbsences = 279;
    const int CadresPerTeam = 4;
    const int PublishedRegionSummons = 4;
    const int PublishedCitySummons = 16;
    static readonly string[] Names = ["Tashi", "Dawa", "Pema", "Norbu", "Dolma", "Sonam", "Lhamo", "Tsering", "Kelsang", "Yangzom", "Migmar", "Nyima", "Dekyi", "Phuntsok", "Drolkar", "Jampa"];
    static readonly (string Prefix, string Level, int Count)[] DispatchingLevels = [("du-region", "autonomous-region", 20), ("du-city", "city", 30), ("du-county", "county", 10)];
    static readonly string[] LetterAttendees = ["City office (letter)"];
    static readonly string[] FaceToFaceAttendees = ["Organisation department", "Discipline commission", "City office"];
    static readonly string[] FeedbackSources = ["visit", "survey", "hotline"];
    // The source publishes no feedback figure: one team in this many hears from its villagers in a month, one word in five against.
    const int FeedbackTeamEvery = 8;
    const int NegativeFeedbackEvery = 5;
    // A team cadre misses one day in this many (never two in a row), so the duty reads as a running programme's, short of perfect.
    const int CheckInMissedEvery = 12;
    static readonly DateOnly Start = new(2015, 12, 1);
    static readonly DateOnly RotationEnds = new(2016, 10, 31);

    readonly Random _random = new(7);
    readonly List<Cadre> _cadres = [];
    readonly Dictionary<string, List<(Cadre Cadre, Leave Leave)>> _leaveByMonth = [];
    readonly Dictionary<string, List<Cadre>> _absencesByMonth = [];
    readonly Dictionary<string, int> _absencesByDispatchingUnit = new(StringComparer.Ordinal);
    readonly Dictionary<string, string> _lastAbsenceMonth = new(StringComparer.Ordinal);

    sealed record Cadre(string CadreId, string UnitId, int IndexInTeam, string DispatchingUnitId, bool Female);

    sealed record Leave(string Kind, DateOnly From, DateOnly Until);

    /// <summary>What the API accepted, to compare with the rollup.</summary>
    public long Cards { get; private set; }

    public long LeaveRecords { get; private set; }

    public long Absences { get; private set; }

    public long PositiveFeedback { get; private set; }

    public long NegativeFeedback { get; private set; }

    public int SummonedRegion { get; private set; }

    public int SummonedCity { get; private set; }

    /// <summary>Registers the dispatching units, then every team's cadres and some office staff with their cards.</summary>
    public async Task EnrolAsync(IReadOnlyList<string> teams, IReadOnlyList<string> townships, IReadOnlyList<string> months)
    {
        var dispatchingUnits = DispatchingLevels.SelectMany(level => Enumerable.Range(1, level.Count).Select(n => (Id: $"{level.Prefix}-{n:D2}", level.Level))).ToList();
        foreach (var (id, level) in dispatchingUnits)
        {
            await PostAsync("/api/dispatching-units", new { dispatchingUnitId = id, name = $"Dispatching unit {id}", level }, HttpStatusCode.Created, HttpStatusCode.OK);
        }
        var staff = (int)Math.Round((PublishedCards - 1_142 * CadresPerTeam) * share);
        foreach (var team in teams)
        {
            for (var k = 0; k < CadresPerTeam; k++)
            {
                _cadres.Add(new Cadre($"{team}-{k}", team, k, dispatchingUnits[_random.Next(dispatchingUnits.Count)].Id, _random.Next(3) == 0));
            }
        }
        _cadres.AddRange(townships.Take(staff).Select(township => new Cadre($"{township}-staff", township, -1, dispatchingUnits[_random.Next(dispatchingUnits.Count)].Id, false)));
        await Parallel.ForEachAsync(_cadres.Select((cadre, n) => (cadre, n)), new ParallelOptions { MaxDegreeOfParallelism = ReferenceReplay.Concurrency }, async (entry, _) =>
        {
            var (cadre, n) = entry;
            await PostAsync($"/api/units/{cadre.UnitId}/cadres", new
            {
                cadreId = cadre.CadreId,
                name = Names[n % Names.Length],
                gender = cadre.Female ? "female" : "male",
                politicalStatus = n % 5 == 0 ? "masses" : "party member",
                nationalIdNumber = IdNumberOf(n),
                phone = $"139{n:D8}",
                role = cadre.IndexInTeam switch { 0 => "leader", > 0 => "member", _ => "office-staff" },
                from = Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                dispatchingUnitId = cadre.DispatchingUnitId,
            }, HttpStatusCode.Created, HttpStatusCode.OK);
            await PostAsync($"/api/units/{cadre.UnitId}/cadres/{cadre.CadreId}/cards", new { issuedOn = Day(Start.AddDays(n % 90)) }, HttpStatusCode.Created, HttpStatusCode.OK);
        });
        Cards = _cadres.Count;
        PlanLeave(months);
        PlanAbsences(months);
    }

    /// <summary>The month's leave (requested, approved by the office above, some reported back early) and absences reported by the offices.</summary>
    public async Task MonthAsync(string month)
    {
        await Parallel.ForEachAsync(_leaveByMonth.GetValueOrDefault(month) ?? [], new ParallelOptions { MaxDegreeOfParallelism = ReferenceReplay.Concurrency }, async (entry, _) =>
        {
            var (cadre, leave) = entry;
            var leaveId = $"ref-{leave.From:yyyyMMdd}";
            var path = $"/api/units/{cadre.UnitId}/leave";
            await PostAsync(path, new { leaveId, cadreId = cadre.CadreId, kind = leave.Kind, from = Day(leave.From), until = Day(leave.Until), reason = "reference replay", requestedOn = Day(leave.From.AddDays(-5)) },
                HttpStatusCode.Created, HttpStatusCode.OK);
            await PostAsync($"{path}/{leaveId}/decision", new { approve = true }, HttpStatusCode.OK);
            if (leave.From.Day % 3 == 0)
            {
                await PostAsync($"{path}/{leaveId}/report-back", new { returnedOn = Day(leave.Until) }, HttpStatusCode.OK);
            }
        });
        LeaveRecords += _leaveByMonth.GetValueOrDefault(month)?.Count ?? 0;
        await FeedbackAsync(month);
        foreach (var (cadre, n) in (_absencesByMonth.GetValueOrDefault(month) ?? []).Select((cadre, n) => (cadre, n)))
        {
            // The 28th: every leave of the replay ends by the 27th.
            var from = Period.Parse(month).Start.AddDays(27);
            await PostAsync($"/api/units/{cadre.UnitId}/absences", new { absenceId = $"ref-{month}-{n}", cadreId = cadre.CadreId, from = Day(from), note = "Away from post at an unannounced visit", reportedOn = Day(from) },
                HttpStatusCode.Created, HttpStatusCode.OK);
            Absences++;
        }
    }

    /// <summary>Feedback from the villagers of one team in <see cref="FeedbackTeamEvery"/> (a different set each month), recorded by the offices on the 20th.</summary>
    async Task FeedbackAsync(string month)
    {
        var teams = _cadres.Where(cadre => cadre.IndexInTeam == 0).Select(cadre => cadre.UnitId).Where(team => StableHash(team + month) % FeedbackTeamEvery == 0).ToList();
        var day = Period.Parse(month).Start.AddDays(19);
        foreach (var (team, n) in teams.Select((team, n) => (team, n)))
        {
            var negative = StableHash(month + team) % NegativeFeedbackEvery == 0;
            await PostAsync($"/api/units/{team}/feedback", new
            {
                feedbackId = $"ref-{month}",
                sentiment = negative ? "negative" : "positive",
                source = FeedbackSources[n % FeedbackSources.Length],
                note = negative ? "Villagers say the team was hard to find at the village office" : "Villagers praise the team's help with the harvest and the clinic",
                receivedOn = Day(day),
            }, HttpStatusCode.Created, HttpStatusCode.OK);
            if (negative)
            {
                NegativeFeedback++;
            }
            else
            {
                PositiveFeedback++;
            }
        }
    }

    /// <summary>
    /// Every team cadre's check-in for <paramref name="day"/> at the team, some time after eight in the morning,
    /// except the days <see cref="CheckInMissedEvery"/> picks; a cadre on leave or no longer serving that day is
    /// refused (422) and skipped. The cadres are the ones <see cref="EnrolAsync"/> registers, by their ids.
    /// </summary>
    /// <returns>How many check-ins the API accepted.</returns>
    public static async Task<int> CheckInAsync(HttpClient http, IReadOnlyList<string> teams, DateOnly day)
    {
        var cadres = teams.SelectMany(team => Enumerable.Range(0, CadresPerTeam).Select(k => (Team: team, CadreId: $"{team}-{k}")))
            .Where(cadre => !MissesCheckIn(cadre.CadreId, day)).ToList();
        var accepted = 0;
        await Parallel.ForEachAsync(cadres, new ParallelOptions { MaxDegreeOfParallelism = ReferenceReplay.Concurrency }, async (cadre, cancellationToken) =>
        {
            var time = new TimeOnly(8, 0).AddMinutes(StableHash(cadre.CadreId + Day(day)) % 90);
            using var response = await http.PostPatientlyAsync($"/api/units/{cadre.Team}/check-ins", new { cadreId = cadre.CadreId, date = Day(day), time = time.ToString("HH:mm:ss", CultureInfo.InvariantCulture) });
            if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
            {
                Interlocked.Increment(ref accepted);
            }
            else if (response.StatusCode != HttpStatusCode.UnprocessableEntity)
            {
                throw new InvalidOperationException($"Check-in of {cadre.CadreId} on {Day(day)}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
        });
        return accepted;
    }

    /// <summary>Whether the cadre misses <paramref name="day"/>: one day in <see cref="CheckInMissedEvery"/>, and never the day after a missed one, so no absence is ever detected.</summary>
    static bool MissesCheckIn(string cadreId, DateOnly day) =>
        Misses(cadreId, day) && !Misses(cadreId, day.AddDays(-1));

    static bool Misses(string cadreId, DateOnly day) => StableHash(cadreId + Day(day)) % CheckInMissedEvery == 0;

    /// <summary>Summons the region- and city-level units with the most absences, after their latest absence month, and follows them up.</summary>
    public async Task SummonAsync()
    {
        var ranked = _absencesByDispatchingUnit.OrderByDescending(entry => entry.Value).ThenBy(entry => entry.Key, StringComparer.Ordinal).Select(entry => entry.Key).ToList();
        var region = ranked.Where(id => id.StartsWith("du-region", StringComparison.Ordinal)).Take((int)Math.Round(PublishedRegionSummons * share)).ToList();
        var city = ranked.Where(id => id.StartsWith("du-city", StringComparison.Ordinal)).Take((int)Math.Round(PublishedCitySummons * share)).ToList();
        foreach (var id in region.Concat(city))
        {
            var month = Period.Parse(_lastAbsenceMonth[id]);
            var on = month.End.AddDays(9) < RotationEnds ? month.End.AddDays(9) : RotationEnds;
            var byLetter = region.Contains(id);
            await PostAsync($"/api/dispatching-units/{id}/summons", new
            {
                summonsId = $"ref-{month}",
                month = month.ToString(),
                mode = byLetter ? "letter" : "face-to-face",
                on = Day(on),
                attendees = byLetter ? LetterAttendees : [.. FaceToFaceAttendees, $"Head of {id}"],
                issues = new[] { $"{_absencesByDispatchingUnit[id]} unauthorised absences of its cadres" },
                rectifyBy = Day(on.AddDays(30)),
            }, HttpStatusCode.Created, HttpStatusCode.OK);
            if (on.AddDays(30) <= RotationEnds)
            {
                await PostAsync($"/api/dispatching-units/{id}/summons/ref-{month}/follow-up", new { checkedOn = Day(on.AddDays(30)), rectified = true, note = "Cadres back at post" }, HttpStatusCode.OK);
            }
        }
        (SummonedRegion, SummonedCity) = (region.Count, city.Count);
    }

    /// <summary>The rotation ends: every assignment closes on the last day of the scenario, so today's duty is not counted against 2016's cadres.</summary>
    public async Task EndRotationAsync() =>
        await Parallel.ForEachAsync(_cadres, new ParallelOptions { MaxDegreeOfParallelism = ReferenceReplay.Concurrency }, async (cadre, _) =>
            await PostAsync($"/api/units/{cadre.UnitId}/cadres/{cadre.CadreId}/end", new { until = Day(RotationEnds) }, HttpStatusCode.OK));

    public sealed record Summoned(int Units, Dictionary<string, int> ByLevel);

    public async Task<Summoned> ReadSummonedAsync() =>
        (await http.GetFromJsonAsync<Summoned>("/api/dispatching-units/summoned?year=2016", JsonSerializerOptions.Web))!;

    /// <summary>One or two leave records per team cadre; cadre k of a team takes its days in week k of the month, so a team always keeps cadres at post.</summary>
    void PlanLeave(IReadOnlyList<string> months)
    {
        var members = _cadres.Where(cadre => cadre.IndexInTeam >= 0).ToList();
        var target = (int)Math.Round(PublishedLeave * share);
        for (var n = 0; n < target; n++)
        {
            var cadre = members[n % members.Count];
            var first = (int)(StableHash(cadre.CadreId) % (uint)months.Count);
            var month = months[n < members.Count ? first : (first + 5) % months.Count];
            var kind = (_random.Next(100), cadre.Female) switch
            {
                ( < 2, true) => "maternity",
                ( < 12, _) => "sick",
                ( < 30, _) => "personal",
                _ => "rotation-rest",
            };
            var from = Period.Parse(month).Start.AddDays(7 * cadre.IndexInTeam + _random.Next(2));
            var leave = new Leave(kind, from, from.AddDays(1 + _random.Next(4)));
            (_leaveByMonth.TryGetValue(month, out var list) ? list : _leaveByMonth[month] = []).Add((cadre, leave));
        }
    }

    void PlanAbsences(IReadOnlyList<string> months)
    {
        var target = (int)Math.Round(PublishedAbsences * share);
        var chosen = new HashSet<(string, string)>();
        while (chosen.Count < target)
        {
            var cadre = _cadres[_random.Next(_cadres.Count)];
            var month = months[_random.Next(months.Count)];
            if (cadre.IndexInTeam >= 0 && chosen.Add((cadre.CadreId, month)))
            {
                (_absencesByMonth.TryGetValue(month, out var list) ? list : _absencesByMonth[month] = []).Add(cadre);
                _absencesByDispatchingUnit[cadre.DispatchingUnitId] = _absencesByDispatchingUnit.GetValueOrDefault(cadre.DispatchingUnitId) + 1;
                if (string.CompareOrdinal(month, _lastAbsenceMonth.GetValueOrDefault(cadre.DispatchingUnitId) ?? "") > 0)
                {
                    _lastAbsenceMonth[cadre.DispatchingUnitId] = month;
                }
            }
        }
    }

    /// <summary>A valid resident ID number, different for each <paramref name="n"/>: a Changdu region code, a birth date and a sequence.</summary>
    static string IdNumberOf(int n)
    {
        var first17 = string.Create(CultureInfo.InvariantCulture, $"540302{new DateOnly(1970, 1, 1).AddDays(n % 9_000):yyyyMMdd}{n / 9_000 % 1_000:D3}");
        return first17 + NationalIdNumber.CheckCharacter(first17);
    }

    static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    static uint StableHash(string text) => text.Aggregate(2166136261u, (hash, c) => (hash ^ c) * 16777619u);

    async Task PostAsync(string path, object body, params HttpStatusCode[] expected)
    {
        using var response = await http.PostPatientlyAsync(path, body);
        if (!expected.Contains(response.StatusCode))
        {
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    public void Report(long cards, long leaveRecords, long absences, Summoned summoned)
    {
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  on-duty cards issued {cards:N0} (published {PublishedCards:N0} for all Changdu)"));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  leave records published {leaveRecords:N0} / unauthorised absences {absences:N0} (published {PublishedLeave:N0} / {PublishedAbsences:N0})"));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  units summoned in 2016 {summoned.Units} ({summoned.ByLevel.GetValueOrDefault("autonomous-region")} region / {summoned.ByLevel.GetValueOrDefault("city")} city; published 20 (4 / 16))"));
    }
}
