using Changdu.Gateway.Api;
using Changdu.Gateway.Hosting;
using Changdu.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddChangduCluster();
builder.AddGatewayServices();

var app = builder.Build();
app.UseGatewayPipeline();
app.MapDefaultEndpoints();
app.MapUnitsApi();
app.MapReportsApi();
app.MapRollupsApi();
app.Run();
