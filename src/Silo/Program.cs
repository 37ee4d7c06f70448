using Changdu.ServiceDefaults;

namespace Changdu.Silo;

/// <summary>A silo on its own (cluster mode); the gateway's embedded mode hosts the same silo in-process.</summary>
public static class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.UseOrleans(silo => silo.UseChangduSilo(builder.Configuration));

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.Run();
    }
}
