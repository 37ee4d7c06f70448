namespace Changdu.Grains.Tests;

public class CadreTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    const string IdNumber = "540302198503151232";
    readonly IGrainFactory _grains = fixture.Grains;

    [Theory]
    [InlineData("540302198503151232", true)]
    [InlineData("11010519491231002X", true)]
    [InlineData("11010519491231002x", true)]
    [InlineData("540302198503151233", false)]
    [InlineData("540302198502301232", false)]
    [InlineData("54030219850315123", false)]
    [InlineData("5403021985031512a2", false)]
    public void Id_numbers_are_checked_against_the_gb_11643_check_character_and_birth_date(string number, bool valid) =>
        Assert.Equal(valid, NationalIdNumber.IsValid(number));

    [Fact]
    public void Masks_keep_only_the_ends()
    {
        Assert.Equal("540*************32", NationalIdNumber.Mask(IdNumber));
        Assert.Equal("139****5678", PhoneNumber.Mask("13912345678"));
    }

    [Fact]
    public async Task A_cadre_is_shown_masked_joins_the_roster_and_a_transfer_moves_them_with_history()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 2);
        var cadre = _grains.GetGrain<ICadreGrain>($"c-{tree.City}");
        var registration = new CadreRegistration("Tashi", "male", "party member", IdNumber, "13912345678", "Region Health Commission",
            tree.Teams[0], CadreRole.Leader, new DateOnly(2016, 1, 4));

        var registered = await cadre.RegisterAsync(registration);

        Assert.Equal(CadreOutcome.Registered, registered.Outcome);
        Assert.Equal(("540*************32", "139****5678", false), (registered.Cadre!.NationalIdNumber, registered.Cadre.Phone, registered.Cadre.Revealed));
        Assert.DoesNotContain(IdNumber, registered.Cadre.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(IdNumber, registration.ToString(), StringComparison.Ordinal);
        Assert.Equal(CadreOutcome.AlreadyStored, (await cadre.RegisterAsync(registration)).Outcome);
        Assert.Equal(CadreOutcome.CadreIdTaken, (await cadre.RegisterAsync(registration with { Phone = "13900000000" })).Outcome);
        Assert.Equal(IdNumber, (await cadre.GetAsync(reveal: true))!.NationalIdNumber);
        Assert.Equal(CadreRole.Leader, (await _grains.GetGrain<IRoster>(tree.Teams[0].Value).ListRosterAsync())![$"c-{tree.City}"]);

        var moved = await cadre.TransferAsync(tree.Teams[1], CadreRole.Member, new DateOnly(2016, 6, 15));

        Assert.Equal(CadreOutcome.Transferred, moved.Outcome);
        Assert.Equal([new Assignment(tree.Teams[0], CadreRole.Leader, new DateOnly(2016, 1, 4), new DateOnly(2016, 6, 14)),
            new Assignment(tree.Teams[1], CadreRole.Member, new DateOnly(2016, 6, 15), null)], moved.Cadre!.Assignments);
        Assert.Empty((await _grains.GetGrain<IRoster>(tree.Teams[0].Value).ListRosterAsync())!);
        Assert.Single((await _grains.GetGrain<IRoster>(tree.Teams[1].Value).ListRosterAsync())!);
        Assert.Equal(CadreOutcome.DateOutOfOrder, (await cadre.TransferAsync(tree.Teams[0], CadreRole.Member, new DateOnly(2016, 6, 1))).Outcome);
    }
}
