namespace Changdu.Hosting.Storage;

/// <summary>Bound from the "PersonalData" configuration section.</summary>
public sealed class PersonalDataOptions
{
    public const string Section = "PersonalData";

    /// <summary>Base64 AES-256 key for ID numbers and phones; the same on every silo. Embedded mode generates one when unset.</summary>
    public string? Key { get; set; }
}

/// <summary>
/// The key personal data is encrypted with: <c>PersonalData:Key</c> (base64, 32 bytes; the same on
/// every silo of a cluster) or, in embedded mode, generated once into the data directory.
/// </summary>
public static class PersonalDataKey
{
    const string Setting = "PersonalData:Key";
    const string FileName = "personal-data.key";
    const int Length = 32;

    public static byte[] Load(string? configuredKey, StorageOptions storage)
    {
        if (!string.IsNullOrWhiteSpace(configuredKey))
        {
            return Decode(configuredKey, Setting);
        }
        if (storage.Provider != StorageProvider.Sqlite)
        {
            throw new InvalidOperationException($"Set {Setting} (the same base64 32-byte key on every silo) to store personal data in a cluster.");
        }
        var path = Path.Combine(Path.GetFullPath(storage.DataDirectory), FileName);
        return Decode(KeyFile.ReadOrCreate(path, Length), path);
    }

    static byte[] Decode(string text, string source)
    {
        var bytes = new byte[text.Length];
        return Convert.TryFromBase64String(text, bytes, out var length) && length == Length
            ? bytes[..length]
            : throw new InvalidOperationException($"{source} must be a base64 key of {Length} bytes.");
    }
}
