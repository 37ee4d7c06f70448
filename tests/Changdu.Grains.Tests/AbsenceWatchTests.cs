using Changdu.Hosting.Hierarchy;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Changdu.Grains.Tests;

/// <summary>
/// The absence watch visits only the teams its due-list holds for today (docs/architecture.md §8):
/// a team is listed when a cadre joins, visited when due, and listed again for its next due day;
/// a team without cadres is never visited.
/// </summary>
public class AbsenceWatchTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    readonly IGrainFactory _grains = fixture.Grains;

    static DateOnly Today => new ReportingOptions().LocalDay(DateTimeOffset.UtcNow);

    AbsenceWatch Watch() => new(_grains, fixture.Facts, Options.Create(new DutyOptions()), Options.Create(new ReportingOptions()), new StartupProgress(),
        TimeProvider.System, new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance), NullLogger<AbsenceWatch>.Instance);

    async Task<IReadOnlyList<string>> ListedUpToToday() =>
        (await fixture.Facts.ReadBeforeAsync(AbsenceDueList.Owner, AbsenceDueList.Kind, AbsenceDueList.After(Today), 10_000)).Select(row => row.Key).ToList();

    [Fact]
    public async Task Watch_visits_the_listed_team_detects_its_absence_and_never_the_teams_without_cadres()
    {
        var watch = Watch();
        // The first run on a store from before the list walks the (here empty) tree once and notes that the list is kept.
        Assert.Equal(0, await watch.RunOnceAsync(CancellationToken.None));
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 3);
        var (team, idle) = (tree.Teams[0], tree.Teams[1]);
        var options = new DutyOptions();
        await _grains.GetGrain<IRoster>(team.Value).JoinAsync("c-watch", CadreRole.Member, Today.AddDays(-(options.AbsenceAfterDays + 2)), "");

        Assert.Contains(await ListedUpToToday(), key => key.EndsWith(team.Value, StringComparison.Ordinal));
        Assert.DoesNotContain(await ListedUpToToday(), key => key.EndsWith(idle.Value, StringComparison.Ordinal));

        Assert.Equal(1, await watch.RunOnceAsync(CancellationToken.None));

        // An absence counts in the month it was established: yesterday's.
        var absence = Assert.Single(await _grains.GetGrain<IDutyRegister>(team.Value).ListOwnAbsencesAsync(Period.Month(Today.AddDays(-1).Year, Today.AddDays(-1).Month)));
        Assert.Equal(("c-watch", AbsenceSource.Detected), (absence.CadreId, absence.Source));
        // Its one cadre is absent: nothing more can be due until a check-in ends the absence, which lists the team again.
        Assert.Empty(await ListedUpToToday());
        Assert.Equal(0, await watch.RunOnceAsync(CancellationToken.None));
        await _grains.GetGrain<IDutyRegister>(team.Value).RecordCheckInAsync("c-watch", new CheckIn(Today, null, null, null));
        var listed = await fixture.Facts.ReadBeforeAsync(AbsenceDueList.Owner, AbsenceDueList.Kind, "9", 10_000);
        Assert.Contains(listed, row => row.Key.EndsWith(team.Value, StringComparison.Ordinal) && string.CompareOrdinal(row.Key, AbsenceDueList.After(Today)) >= 0);
    }
}
