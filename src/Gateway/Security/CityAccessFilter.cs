using Changdu.Gateway.Api;

namespace Changdu.Gateway.Security;

/// <summary>
/// Authorises what only the city handles, such as the dispatching units that send cadres into every
/// county: the caller's unit must be a root of the tree and its role must allow the access there.
/// </summary>
public sealed class CityAccessFilter(Access access) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (Caller.From(http.User) is not { } caller
            || await http.RequestServices.GetRequiredService<UnitPlaces>().PathAsync(caller.Unit) is not { Count: 1 } path
            || !caller.May(access, path))
        {
            return Problems.Problem(StatusCodes.Status403Forbidden, "forbidden", "Forbidden",
                $"Only a city-level token may {access.ToString().ToLowerInvariant()} here.");
        }
        UnitAccessFilter.Authorised(http, path);
        return await next(context);
    }
}
