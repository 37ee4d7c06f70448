using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Changdu.Gateway.Security;

/// <summary>Mints the project's own tokens (the gateway's <c>token</c> command, the dashboard's development sign-in).</summary>
public sealed class TokenIssuer(SymmetricSecurityKey key, AuthOptions options, TimeProvider clock)
{
    public string Issue(UnitId unit, string role, string name, TimeSpan lifetime)
    {
        if (!Roles.All.Contains(role))
        {
            throw new ArgumentException($"'{role}' is not a role: use one of {string.Join(", ", Roles.All)}.", nameof(role));
        }
        var now = clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Subject = new ClaimsIdentity(
            [
                new Claim(Roles.NameClaim, name),
                new Claim(Roles.UnitClaim, unit.Value),
                new Claim(Roles.RoleClaim, role),
                new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
            ]),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }
}
