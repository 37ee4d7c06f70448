using Changdu.Gateway.Audit;
using Changdu.Gateway.Photos;
using Changdu.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Changdu.Gateway.Api;

/// <summary>A cadre's photo for the on-duty card: JPEG or PNG, checked by its bytes, kept outside grain state.</summary>
public static class CadrePhotosApi
{
    public static RouteGroupBuilder MapCadrePhotosApi(this IEndpointRouteBuilder app)
    {
        var maxBytes = app.ServiceProvider.GetRequiredService<IOptions<PhotoOptions>>().Value.MaxBytes;
        var group = app.MapUnitRoutes().MapGroup("/cadres/{cadreId}/photo").WithTags("Cadres");
        group.MapPut("/", UploadAsync)
            .RequireUnitAccess(Access.Write)
            .WithMetadata(new BodyLimit(maxBytes))
            .WithName("UploadCadrePhoto")
            .WithSummary($"Upload or replace the cadre's photo: the body is the image, JPEG or PNG, at most {maxBytes / 1024} KiB (Photos:MaxBytes)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapGet("/", GetAsync)
            .RequireUnitAccess(Access.Read)
            .WithName("GetCadrePhoto")
            .WithSummary("The cadre's photo")
            .Produces<byte[]>(StatusCodes.Status200OK, "image/jpeg", "image/png")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    static async Task<Results<Ok<PhotoDto>, ProblemHttpResult>> UploadAsync(
        RouteUnit unitId, string cadreId, HttpRequest request, IGrainFactory grains, PhotoStore photos, AuditLog audit, HttpContext http)
    {
        if (!await CadresApi.OnRosterAsync(grains, unitId, cadreId))
        {
            return CadresApi.UnknownCadre(unitId, cadreId);
        }
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, http.RequestAborted);
        var content = buffer.ToArray();
        var declared = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (content.Length == 0 || PhotoStore.Sniff(content) is not { } actual || actual != declared)
        {
            return Problems.Problem(StatusCodes.Status415UnsupportedMediaType, "unsupported-photo", "Not a JPEG or PNG photo",
                "Send the image itself as the body, with Content-Type image/jpeg or image/png matching its bytes.");
        }
        var photo = await photos.SaveAsync(cadreId, actual, content, http.AuditStamp("upload-photo", cadreId), http.RequestAborted);
        return TypedResults.Ok(new PhotoDto(photo.ContentType, photo.Content.Length, photo.Sha256));
    }

    static async Task<IResult> GetAsync(RouteUnit unitId, string cadreId, IGrainFactory grains, PhotoStore photos, HttpContext http) =>
        await CadresApi.OnRosterAsync(grains, unitId, cadreId)
            && await photos.FindAsync(cadreId, http.RequestAborted) is { } photo
            ? TypedResults.File(photo.Content, photo.ContentType)
            : Problems.Problem(StatusCodes.Status404NotFound, "unknown-photo", "No photo", $"Cadre '{cadreId}' of unit {unitId} has no photo.");

    sealed record BodyLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
}

public sealed record PhotoDto(string ContentType, int Bytes, string Sha256);
