using System.Globalization;
using System.Threading.RateLimiting;
using Changdu.Gateway.Api;
using Changdu.Gateway.Audit;
using Changdu.Hosting;
using Changdu.Hosting.Storage;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.IdentityModel.Tokens;

namespace Changdu.Gateway.Security;

public static class SecurityServiceExtensions
{
    public const string OperatorPolicy = "operator";
    public const string PerCallerPolicy = "per-caller";

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

        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(PerCallerPolicy, http => RateLimitPartition.GetTokenBucketLimiter(
                Caller.From(http.User) is { } caller ? $"{caller.Name}@{caller.Unit}" : "ip:" + http.Connection.RemoteIpAddress,
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.Burst,
                    TokensPerPeriod = limits.PermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await Problems.Problem(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests",
                    $"At most {limits.PermitsPerSecond} requests a second per caller (bursts of {limits.Burst}); try again in {retryAfter} s.").ExecuteAsync(context.HttpContext);
            };
        });

        services.AddSingleton(TimeProvider.System);
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
