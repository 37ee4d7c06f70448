using Changdu.Gateway.Api;
using Changdu.Gateway.Audit;
using Changdu.Gateway.Hosting;
using Changdu.Gateway.Security;
using Changdu.ServiceDefaults;

if (args is ["token", .. var tokenArgs])
{
    return TokenCommand.Run(tokenArgs);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddChangduCluster();
builder.AddGatewayServices();
builder.AddGatewaySecurity();

var app = builder.Build();
app.UseGatewayPipeline();
app.MapDefaultEndpoints(metricsPolicy: SecurityServiceExtensions.OperatorPolicy);
app.MapUnitsApi();
app.MapReportsApi();
app.MapRollupsApi();
app.MapAuditApi();
app.Run();
return 0;
