using System.Security.Cryptography;

namespace Changdu.Hosting.Storage;

/// <summary>A secret key kept in a file only its owner can read, generated on first use.</summary>
public static class KeyFile
{
    /// <returns>The key as base64.</returns>
    public static string ReadOrCreate(string path, int bytes)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            using var writer = new StreamWriter(file);
            writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        return File.ReadAllText(path).Trim();
    }
}
