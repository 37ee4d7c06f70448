namespace Changdu.Grains.Tests;

/// <summary>The gateway places units from their stored definitions (IUnitDirectory), so the answer must be what the unit itself holds.</summary>
public class UnitDirectoryTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task Directory_answers_the_definition_the_unit_holds_and_null_for_no_unit()
    {
        var tree = await TestTree.DefineAsync(_grains, counties: 1, townshipsPerCounty: 1, teamsPerTownship: 1);
        var directory = _grains.GetGrain<IUnitDirectory>(0);

        var stored = await directory.GetDefinitionAsync(tree.Teams[0]);
        var held = await _grains.GetGrain<IUnitGrain>(tree.Teams[0].Value).GetDefinitionAsync();

        Assert.NotNull(stored);
        Assert.Equal(held, stored);
        Assert.Null(await directory.GetDefinitionAsync(UnitId.Parse("999999999999")));
    }
}
