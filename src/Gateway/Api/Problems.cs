using Microsoft.AspNetCore.Http.HttpResults;

namespace Changdu.Gateway.Api;

/// <summary>The RFC 9457 problem responses of the API; each kind has a stable type URI clients can branch on.</summary>
public static class Problems
{
    const string TypePrefix = "urn:changdu:problem:";

    public static ProblemHttpResult UnknownUnit(string unitId) =>
        Problem(StatusCodes.Status404NotFound, "unknown-unit", "Unknown unit",
            UnitId.TryParse(unitId, out _)
                ? $"There is no unit {unitId}."
                : $"There is no unit '{unitId}': unit ids are {UnitId.Length}-digit division codes.");

    public static ProblemHttpResult Problem(int status, string kind, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail, statusCode: status, title: title, type: TypePrefix + kind, extensions: extensions);

    public static string TypeOf(string kind) => TypePrefix + kind;
}
