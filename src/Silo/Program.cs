using Changdu.ServiceDefaults;
using Changdu.Silo;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.UseOrleans(silo => silo.UseChangduSilo(builder.Configuration));

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
