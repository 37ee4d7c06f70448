using Changdu.Gateway.Api;
using Changdu.Gateway.Audit;
using Changdu.Hosting;
using Changdu.Hosting.Storage;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Changdu.Gateway.Security;

public static class SecurityServiceExtensions
{
    public const string OperatorPolicy = "operator";

    /// <summary>JWT bearer authentication, the operator policy, per-caller rate limits and the audit log.</summary>
    public static WebApplicationBuilder AddGatewaySecurity(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        var auth = services.AddValidatedOptions<AuthOptions>(configuration, AuthOptions.Section);
        var storage = services.AddValidatedOptions<StorageOptions>(configuration, StorageOptions.Section);
        var limits = services.AddValidatedOptions<RateLimitOptions>(configuration, RateLimitOptions.Section);

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            // A browser cannot add a header to the Orleans dashboard's own requests: there an operator's token may come from the session cookie.
            jwt.Events = new JwtBearerEvents
            {
                OnMessageReceived = context =>
                {
                    if (context.Request.Path.StartsWithSegments(OperatorsApi.DashboardPath) && context.Request.Headers.Authorization.Count == 0
                        && context.Request.Cookies.TryGetValue(OperatorsApi.SessionCookie, out var token))
                    {
                        context.Token = token;
                    }
                    return Task.CompletedTask;
                },
            };
            jwt.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = auth.Issuer,
                ValidAudience = auth.Audience,
                NameClaimType = Roles.NameClaim,
                RoleClaimType = Roles.RoleClaim,
                ClockSkew = TimeSpan.FromMinutes(1),
            };
            if (string.IsNullOrWhiteSpace(auth.Authority))
            {
                jwt.TokenValidationParameters.IssuerSigningKey = SigningKey.Resolve(auth, storage);
            }
            else
            {
                jwt.Authority = auth.Authority;
                jwt.Audience = auth.Audience;
            }
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(OperatorPolicy, policy => policy.RequireAuthenticatedUser().RequireClaim(Roles.RoleClaim, Roles.Operator));

        services.AddSingleton(provider => new CallerBudgets(limits, provider.GetRequiredService<TimeProvider>()));

        services.AddSingleton(TimeProvider.System);
        services.AddValidatedOptions<PlacesOptions>(PlacesOptions.Section);
        services.AddSingleton<UnitPlaces>();
        services.AddSingleton<AuditLog>();
        services.AddHostedService(provider => provider.GetRequiredService<AuditLog>());
        if (string.IsNullOrWhiteSpace(auth.Authority))
        {
            services.AddSingleton(provider => new TokenIssuer(SigningKey.Resolve(auth, storage), auth, provider.GetRequiredService<TimeProvider>()));
        }
        return builder;
    }
}

/// <summary>Per-caller request budget, bound from the "RateLimit" configuration section.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimit";

    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000)]
    public int PermitsPerSecond { get; set; } = 50;

    [System.ComponentModel.DataAnnotations.Range(1, 1_000_000)]
    public int Burst { get; set; } = 100;
}
