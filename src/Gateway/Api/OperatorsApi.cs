using Changdu.Gateway.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans.Dashboard;

namespace Changdu.Gateway.Api;

/// <summary>
/// The Orleans dashboard for operators only. It is a browser application that makes its own
/// requests, so an operator first exchanges an operator token for a session cookie that only the
/// dashboard's paths accept (HttpOnly, SameSite=Strict).
/// </summary>
public static class OperatorsApi
{
    public const string DashboardPath = "/orleans";
    public const string SessionCookie = "changdu-operator";

    public static IEndpointRouteBuilder MapOperatorsApi(this IEndpointRouteBuilder app)
    {
        var configuration = app.ServiceProvider.GetRequiredService<IConfiguration>();
        if (configuration.GetValue($"{Changdu.Hosting.SiloHostingOptions.Section}:{nameof(Changdu.Hosting.SiloHostingOptions.Dashboard)}", true))
        {
            app.MapOrleansDashboard(DashboardPath).RequireAuthorization(SecurityServiceExtensions.OperatorPolicy).WithTags("Operations").ExcludeFromDescription();
        }
        var group = app.MapGroup("/api/operators/session").WithTags("Operations").RequireAuthorization(SecurityServiceExtensions.OperatorPolicy);
        group.MapPost("/", StartSession)
            .WithName("StartOperatorSession")
            .WithSummary($"With an operator token: a session cookie for the Orleans dashboard at {DashboardPath}/")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapDelete("/", EndSession)
            .WithName("EndOperatorSession")
            .WithSummary("Ends the dashboard session");
        return app;
    }

    static NoContent StartSession(HttpContext http)
    {
        var token = http.Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim();
        var expires = DateTimeOffset.FromUnixTimeSeconds(long.Parse(http.User.FindFirst("exp")!.Value, System.Globalization.CultureInfo.InvariantCulture));
        http.Response.Cookies.Append(SessionCookie, token, Cookie(http, expires));
        return TypedResults.NoContent();
    }

    static NoContent EndSession(HttpContext http)
    {
        http.Response.Cookies.Delete(SessionCookie, Cookie(http, null));
        return TypedResults.NoContent();
    }

    static CookieOptions Cookie(HttpContext http, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        Secure = http.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = DashboardPath,
        Expires = expires,
    };
}
