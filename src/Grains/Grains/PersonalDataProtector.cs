using System.Security.Cryptography;
using System.Text;

namespace Changdu.Grains;

/// <summary>
/// AES-256-GCM for personal data at rest (ID numbers, phones) and HMAC-SHA256 fingerprints. The key
/// is read on first use, so a process that never stores personal data needs none.
/// </summary>
public sealed class PersonalDataProtector(Func<byte[]> loadKey) : IPersonalDataProtector
{
    const int NonceSize = 12;
    const int TagSize = 16;

    readonly Lazy<byte[]> _key = new(loadKey);

    public string Protect(string plain)
    {
        var data = Encoding.UTF8.GetBytes(plain);
        var sealedData = new byte[NonceSize + TagSize + data.Length];
        var nonce = sealedData.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key.Value, TagSize);
        aes.Encrypt(nonce, data, sealedData.AsSpan(NonceSize + TagSize), sealedData.AsSpan(NonceSize, TagSize));
        return Convert.ToBase64String(sealedData);
    }

    public string Unprotect(string protectedText)
    {
        var sealedData = Convert.FromBase64String(protectedText);
        var data = new byte[sealedData.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_key.Value, TagSize);
        aes.Decrypt(sealedData.AsSpan(0, NonceSize), sealedData.AsSpan(NonceSize + TagSize), sealedData.AsSpan(NonceSize, TagSize), data);
        return Encoding.UTF8.GetString(data);
    }

    public string Fingerprint(string plain) => Convert.ToHexString(HMACSHA256.HashData(_key.Value, Encoding.UTF8.GetBytes(plain)));
}
