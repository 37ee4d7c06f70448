namespace Changdu.Testing;

/// <summary>Paths in this checkout, found from the test assembly's place in <c>tests/X/bin/CONFIG/net10.0</c>.</summary>
public static class RepositoryRoot
{
    static readonly DirectoryInfo TestBin = new(AppContext.BaseDirectory);

    /// <summary>Debug or Release: the configuration these tests were built in, and so the built services to run.</summary>
    public static string Configuration => TestBin.Parent!.Name;

    public static string Path { get; } = TestBin.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>The built assembly of a service project (Gateway or Silo), as building the solution leaves it.</summary>
    public static string ServiceDll(string project)
    {
        var dll = Combine("src", project, "bin", Configuration, "net10.0", $"Changdu.{project}.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the solution first: {dll} is missing.");
    }
}
