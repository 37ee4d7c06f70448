namespace Changdu.Gateway.Hosting;

public static class DashboardEndpoints
{
    /// <summary>The browser dashboard (wwwroot): its files, and its page for every bookmarkable route.</summary>
    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapFallbackToFile("/units/{**unitId}", "index.html").AllowAnonymous();
        app.MapFallbackToFile("/signin", "index.html").AllowAnonymous();
        return app;
    }
}
