using Changdu.Gateway.Api;
using Changdu.Gateway.Audit;
using Changdu.Gateway.Hosting;
using Changdu.Gateway.Security;
using Changdu.ServiceDefaults;

if (args is ["token", .. var tokenArgs])
{
    return TokenCommand.Run(tokenArgs);
}

// --demo fills a fresh store with the reference scenario once the gateway listens.
var demo = args.Contains("--demo");
var builder = WebApplication.CreateBuilder(args.Where(arg => arg != "--demo").ToArray());
builder.AddServiceDefaults();
builder.AddChangduCluster();
builder.AddGatewayServices();
builder.AddGatewaySecurity();
if (demo)
{
    DemoData.AddDemo(builder);
}

var app = builder.Build();
app.UseGatewayPipeline();
app.MapDefaultEndpoints(metricsPolicy: SecurityServiceExtensions.OperatorPolicy);
app.MapUnitsApi();
app.MapMapApi();
app.MapReportsApi();
app.MapRollupsApi();
app.MapCompletenessApi();
app.MapProblemsApi();
app.MapTrainingsApi();
app.MapAssessmentsApi();
app.MapInspectionsApi();
app.MapPointsApi();
app.MapCadresApi();
app.MapCardsApi();
app.MapCadrePhotosApi();
app.MapDutyApi();
app.MapLeaveApi();
app.MapAbsencesApi();
app.MapFeedbackApi();
app.MapDispatchingUnitsApi();
app.MapCalendarApi();
app.MapAuditApi();
app.MapOperatorsApi();
app.MapDevelopmentSignIn();
app.MapDashboard();
app.Run();
return 0;
