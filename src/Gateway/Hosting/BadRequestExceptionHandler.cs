using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Changdu.Gateway.Hosting;

/// <summary>
/// Turns requests the framework cannot bind (malformed JSON, a field of the wrong type, an unknown
/// field, an oversized body) into problem responses that name the field, instead of an empty 400.
/// </summary>
public sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }
        var problem = new ValidationProblemDetails
        {
            Status = badRequest.StatusCode,
            Title = badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request body too large" : "Malformed request",
            Type = "urn:changdu:problem:" + (badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge ? "body-too-large" : "malformed-request"),
            Detail = badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge ? badRequest.Message : DescribeBinding(badRequest),
        };
        if (badRequest.InnerException is JsonException { } json && FieldOf(json) is { } field)
        {
            problem.Errors[field] = [problem.Detail];
        }
        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    static string DescribeBinding(BadHttpRequestException exception) => exception.InnerException switch
    {
        JsonException json when UnknownMember(json) is { } member => $"Unknown field '{member}'.",
        JsonException json when json.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal) && FieldOf(json) is { } field =>
            $"Field '{field}' has the wrong type or format.",
        JsonException => "The request body is not well-formed JSON.",
        _ => exception.Message,
    };

    static string? FieldOf(JsonException json) =>
        UnknownMember(json) ?? (json.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null);

    static string? UnknownMember(JsonException json) =>
        UnmappedMember().Match(json.Message) is { Success: true } match ? match.Groups["member"].Value : null;

    [GeneratedRegex("The JSON property '(?<member>[^']*)' could not be mapped")]
    private static partial Regex UnmappedMember();
}
