using System.ComponentModel.DataAnnotations;
using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using Changdu.Gateway.Audit;
using Changdu.Gateway.Hosting;

namespace Changdu.Gateway.Photos;

/// <summary>Bound from the "Photos" configuration section.</summary>
public sealed class PhotoOptions
{
    public const string Section = "Photos";

    /// <summary>Largest photo accepted; a card photo (358×441 px, the ID-photo size) is well under 100 KiB as JPEG.</summary>
    [Range(1_024, 10 * 1024 * 1024)]
    public int MaxBytes { get; set; } = 512 * 1024;
}

public sealed record Photo(string ContentType, byte[] Content, string Sha256);

/// <summary>
/// Cadres' photos in the store's <c>cadre_photo</c> table, outside grain state: a photo is many
/// times the size of the rest of a cadre's record and is read only when a card is shown.
/// </summary>
public sealed class PhotoStore(DbDataSource store, TimeProvider clock)
{
    static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];
    static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The media type the content really is (JPEG or PNG by its signature), or null for anything else.</summary>
    public static string? Sniff(ReadOnlySpan<byte> content) =>
        content.StartsWith(Jpeg) ? "image/jpeg" : content.StartsWith(Png) ? "image/png" : null;

    /// <summary>Stores the photo and its audit entry in one transaction.</summary>
    public async Task<Photo> SaveAsync(string cadreId, string contentType, byte[] content, AuditStamp audit, CancellationToken cancellationToken)
    {
        var photo = new Photo(contentType, content, Convert.ToHexStringLower(SHA256.HashData(content)));
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO cadre_photo (cadre_id, content_type, content, sha256, updated_utc)
            VALUES (@cadreId, @contentType, @content, @sha256, @updated)
            ON CONFLICT (cadre_id) DO UPDATE
            SET content_type = excluded.content_type, content = excluded.content, sha256 = excluded.sha256, updated_utc = excluded.updated_utc
            """;
        command.AddParameter("cadreId", cadreId);
        command.AddParameter("contentType", photo.ContentType);
        command.AddParameter("content", photo.Content);
        command.AddParameter("sha256", photo.Sha256);
        command.AddParameter("updated", clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(cancellationToken);
        await AuditLog.InsertAsync(transaction, audit.Entry("Stored"), audit.TargetPath);
        await transaction.CommitAsync(cancellationToken);
        return photo;
    }

    public async Task<Photo?> FindAsync(string cadreId, CancellationToken cancellationToken)
    {
        await using var command = store.CreateCommand("SELECT content_type, content, sha256 FROM cadre_photo WHERE cadre_id = @cadreId");
        command.AddParameter("cadreId", cadreId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new Photo(reader.GetString(0), (byte[])reader.GetValue(1), reader.GetString(2))
            : null;
    }

    /// <summary>The photo as a data URI for a page that must print or show without further requests (a card, its verification page).</summary>
    public static string DataUri(Photo photo) => $"data:{photo.ContentType};base64,{Convert.ToBase64String(photo.Content)}";
}
