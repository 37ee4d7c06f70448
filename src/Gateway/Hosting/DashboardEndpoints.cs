namespace Changdu.Gateway.Hosting;

public static class DashboardEndpoints
{
    /// <summary>The browser dashboard (wwwroot): its files, its page for every bookmarkable route, and the meeting room's wall screen.</summary>
    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapFallbackToFile("/units/{**unitId}", "index.html").AllowAnonymous();
        app.MapFallbackToFile("/signin", "index.html").AllowAnonymous();
        app.MapFallbackToFile("/wall/{unitId}", "wall.html").AllowAnonymous();
        return app;
    }
}
