using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace Changdu.Gateway.Export;

/// <summary>
/// An exported table as an attachment: <c>filename</c> in ASCII for old clients and <c>filename*</c>
/// in UTF-8 with the unit's name (RFC 6266), which browsers prefer.
/// </summary>
public sealed class ExportFile(byte[] contents, string contentType, ExportName name, string extension)
    : IResult, IStatusCodeHttpResult, IContentTypeHttpResult, IEndpointMetadataProvider
{
    public byte[] Contents => contents;

    public string ContentType => contentType;

    public int? StatusCode => StatusCodes.Status200OK;

    public string FileName => $"{name.Text}.{extension}";

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var disposition = new ContentDispositionHeaderValue("attachment") { FileName = $"{name.Ascii}.{extension}", FileNameStar = FileName };
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = contentType;
        httpContext.Response.ContentLength = contents.Length;
        httpContext.Response.Headers.ContentDisposition = disposition.ToString();
        return httpContext.Response.Body.WriteAsync(contents).AsTask();
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(byte[]), [TableExporter.XlsxType, "text/csv"]));
}
