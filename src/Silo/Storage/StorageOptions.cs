using System.ComponentModel.DataAnnotations;

namespace Changdu.Silo.Storage;

/// <summary>Where grain state lives, bound from the "Storage" configuration section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Directory of the embedded store (SQLite file <c>changdu.db</c>); created when missing.</summary>
    [Required]
    public string DataDirectory { get; set; } = "./data";

    /// <summary>How long a writer waits for SQLite's lock before failing.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public string SqliteFile => Path.Combine(Path.GetFullPath(DataDirectory), "changdu.db");
}
