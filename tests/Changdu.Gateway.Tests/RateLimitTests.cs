using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Changdu.Gateway.Security;
using Microsoft.AspNetCore.Hosting;

namespace Changdu.Gateway.Tests;

/// <summary>The gateway with a budget of 3 requests per caller and one more each second.</summary>
public sealed class RateLimitedGatewayFactory : GatewayFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("RateLimit:PermitsPerSecond", "1");
        builder.UseSetting("RateLimit:Burst", "3");
    }
}

public class RateLimitTests(RateLimitedGatewayFactory factory) : IClassFixture<RateLimitedGatewayFactory>
{
    [Fact]
    public async Task A_caller_over_its_budget_gets_429_with_retry_after_and_others_are_unaffected()
    {
        using var busy = factory.CreateClientAs(Roles.Viewer, Seeded.Townships[3]);
        using var other = factory.CreateClientAs(Roles.Viewer, Seeded.Townships[4]);

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 6; i++)
        {
            answers.Add(await busy.GetAsync($"/api/units/{Seeded.Townships[3]}/rollup"));
        }
        var refused = answers.First(answer => answer.StatusCode == HttpStatusCode.TooManyRequests);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, answers[0].StatusCode);
        Assert.True(answers.Count(answer => answer.StatusCode == HttpStatusCode.TooManyRequests) >= 2);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single()) >= 1);
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"/api/units/{Seeded.Townships[4]}/rollup")).StatusCode);
    }
}
