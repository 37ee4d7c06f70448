using Changdu.Gateway.Api;
using Changdu.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Changdu.Gateway.Audit;

public static class AuditApi
{
    const int MaxPage = 500;

    public static RouteGroupBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapUnitRoutes().MapGroup("/audit").WithTags("Audit");
        group.MapGet("/", ReadAsync)
            .WithName("GetAuditLog")
            .WithSummary("Audited writes to the unit and everything below it, oldest first; page on with ?after=<next>")
            .RequireUnitAccess(Access.Audit)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    static async Task<Results<Ok<AuditPage>, ValidationProblem>> ReadAsync(
        HttpContext http, AuditLog audit, CancellationToken cancellationToken, long after = 0, int limit = 100)
    {
        if (limit is < 1 or > MaxPage || after < 0)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [limit is < 1 or > MaxPage ? "limit" : "after"] = [$"limit is 1–{MaxPage}; after is an entry id from an earlier page (0 for the first)."] },
                title: "The page is not valid", type: Problems.TypeOf("invalid-page"));
        }
        var entries = await audit.ReadAsync(UnitPlaces.Format(UnitAccessFilter.PathOf(http)), after, limit, cancellationToken);
        return TypedResults.Ok(new AuditPage(entries, entries.Count == limit ? entries[^1].Id : null));
    }
}

/// <summary>A page of the audit log; <c>next</c> is the <c>after</c> of the next page, null on the last.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, long? Next);
