using System.ComponentModel.DataAnnotations;

namespace Changdu.Hosting.Storage;

public enum StorageProvider
{
    /// <summary>One process on one machine: an SQLite file under <see cref="StorageOptions.DataDirectory"/>.</summary>
    Sqlite = 1,
    /// <summary>A cluster: grain state, membership and reminders in PostgreSQL.</summary>
    PostgreSql = 2,
}

/// <summary>Where grain state lives, bound from the "Storage" configuration section.</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>Directory of the embedded store (SQLite file <c>changdu.db</c>); created when missing.</summary>
    [Required]
    public string DataDirectory { get; set; } = "./data";

    /// <summary>How long a writer waits for SQLite's lock before failing.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>PostgreSQL connection string (Npgsql keywords); cap <c>Maximum Pool Size</c> so all processes stay under <c>max_connections</c>.</summary>
    public string? ConnectionString { get; set; }

    public string SqliteFile => Path.Combine(Path.GetFullPath(DataDirectory), "changdu.db");

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == StorageProvider.PostgreSql && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult("Storage:ConnectionString is required when Storage:Provider is PostgreSql.", [nameof(ConnectionString)]);
        }
    }
}
