namespace Changdu.Grains.Tests;

public class DispatchingUnitTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    static readonly Period May = Period.Parse("2016-05");
    static readonly SummonsCriteria Criteria = new(MinAbsences: 2, MinOpenProblemsPerTeam: 5, MinReportingRate: 0.5, MinNegativeFeedback: 3);
    readonly IGrainFactory _grains = fixture.Grains;

    static CadreRegistration Registration(UnitId team, string? dispatchingUnitId) =>
        new("Tashi", "male", "party member", "540302198503151232", "13912345678", "by name only", team, CadreRole.Member, new DateOnly(2016, 1, 4), dispatchingUnitId);

    [Fact]
    public async Task A_registration_naming_no_registered_dispatching_unit_is_refused_and_stores_nothing()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);
        var cadre = _grains.GetGrain<ICadreGrain>($"stray-{tree.City}");

        var refused = await cadre.RegisterAsync(Registration(tree.Teams[0], $"nowhere-{tree.City}"));

        Assert.Equal((CadreOutcome.UnknownDispatchingUnit, $"There is no registered dispatching unit 'nowhere-{tree.City}'."), (refused.Outcome, refused.Detail));
        Assert.Null(await cadre.GetAsync(reveal: false));
        Assert.Empty((await _grains.GetGrain<IRoster>(tree.Teams[0].Value).ListRosterAsync())!);
    }

    [Fact]
    public async Task Conduct_is_kept_at_the_dispatching_unit_from_its_cadres_teams_and_absences()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 2);
        var id = $"water-{tree.City}";
        var unit = _grains.GetGrain<IDispatchingUnit>(id);
        Assert.Null(await unit.GetConductAsync(May, Criteria));
        Assert.Equal(DispatchingOutcome.Recorded, await unit.RegisterAsync(new DispatchingUnitDefinition("Region Water Resources Department", DispatchingLevel.AutonomousRegion)));
        var first = _grains.GetGrain<ICadreGrain>($"first-{tree.City}");
        var second = _grains.GetGrain<ICadreGrain>($"second-{tree.City}");

        var registered = await first.RegisterAsync(Registration(tree.Teams[0], id));
        await second.RegisterAsync(Registration(tree.Teams[1], id));

        Assert.Equal("Region Water Resources Department", registered.Cadre!.DispatchingUnit);
        var conduct = await unit.GetConductAsync(May, Criteria);
        Assert.Equal((2, 2, 0), (conduct!.Cadres, conduct.Teams, conduct.Absences));
        Assert.DoesNotContain(SummonsReasons.Absences, conduct.Reasons);

        var absence = new Absence("a-1", $"first-{tree.City}", id, tree.Teams[0], new DateOnly(2016, 5, 2), null, new DateOnly(2016, 5, 4), AbsenceSource.Reported, "");
        await unit.NoteAbsenceAsync(absence);
        await unit.NoteAbsenceAsync(absence);
        await unit.NoteAbsenceAsync(absence with { AbsenceId = "a-2", CadreId = $"second-{tree.City}", UnitId = tree.Teams[1] });
        await unit.NoteAbsenceAsync(absence with { AbsenceId = "a-3", EstablishedOn = new DateOnly(2016, 6, 1) });
        await unit.NoteAbsenceAsync(absence with { Until = new DateOnly(2016, 5, 6) });

        conduct = await unit.GetConductAsync(May, Criteria);
        Assert.Equal(2, conduct!.Absences);
        Assert.Contains(SummonsReasons.Absences, conduct.Reasons);
        Assert.Equal(1, (await unit.GetConductAsync(Period.Parse("2016-06"), Criteria))!.Absences);

        // Teams and absences are rows: a new activation reads them back.
        await fixture.Cluster.DeactivateAsync(unit);
        var reread = await unit.GetConductAsync(May, Criteria);
        Assert.Equal((2, 2, 2), (reread!.Cadres, reread.Teams, reread.Absences));

        await first.TransferAsync(tree.Teams[1], CadreRole.Member, new DateOnly(2016, 6, 15));
        Assert.Equal((2, 1), ((await unit.GetConductAsync(May, Criteria))!.Cadres, (await unit.GetConductAsync(May, Criteria))!.Teams));
        await first.EndAssignmentAsync(new DateOnly(2016, 7, 1));
        await second.EndAssignmentAsync(new DateOnly(2016, 7, 1));
        Assert.Equal((2, 0), ((await unit.GetConductAsync(May, Criteria))!.Cadres, (await unit.GetConductAsync(May, Criteria))!.Teams));
    }
}
