using Changdu.Hosting.Storage;
using Microsoft.IdentityModel.Tokens;

namespace Changdu.Gateway.Security;

/// <summary>The symmetric key tokens are signed with: configured, or generated once into the data directory.</summary>
public static class SigningKey
{
    const string FileName = "jwt-signing.key";

    public static SymmetricSecurityKey Resolve(AuthOptions auth, StorageOptions storage)
    {
        if (!string.IsNullOrWhiteSpace(auth.SigningKey))
        {
            return FromBase64(auth.SigningKey, "Auth:SigningKey");
        }
        if (storage.Provider != StorageProvider.Sqlite)
        {
            throw new InvalidOperationException("Set Auth:SigningKey (the same base64 key on every gateway) or Auth:Authority: a cluster has no local data directory to keep a key in.");
        }
        var path = Path.Combine(Path.GetFullPath(storage.DataDirectory), FileName);
        return FromBase64(KeyFile.ReadOrCreate(path, 32), path);
    }

    static SymmetricSecurityKey FromBase64(string text, string source)
    {
        var bytes = Convert.TryFromBase64String(text, new byte[text.Length], out var length) ? Convert.FromBase64String(text) : null;
        return bytes is { Length: >= 32 }
            ? new SymmetricSecurityKey(bytes)
            : throw new InvalidOperationException($"{source} must be a base64 key of at least 32 bytes.");
    }
}
