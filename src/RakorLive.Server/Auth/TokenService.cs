using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using RakorLive.Model;

namespace RakorLive.Server.Auth;

/// <summary>What <c>POST /api/auth/token</c> and <c>/api/auth/join</c> answer.</summary>
public sealed record TokenResponse(string AccessToken, DateTimeOffset ExpiresAt, Role Role, string? Opd, string DisplayName, string? MeetingId);

/// <summary>
/// Issues and validates bearer tokens, signed with the deployment's key (see <see cref="SigningKeyStore"/>).
/// </summary>
public sealed class TokenService
{
    public const string Issuer = "rakorlive";
    public const string OpdClaim = "opd";
    public const string MeetingClaim = "meeting";
    public const string RoleClaim = "role";
    /// <summary>The account's stamp when the token was issued: a token whose stamp the directory no longer has is refused.</summary>
    public const string StampClaim = "stamp";
    public static readonly TimeSpan UserTokenLifetime = TimeSpan.FromHours(12);

    private readonly TimeProvider _clock;

    public TokenService(byte[] signingKey, TimeProvider clock)
    {
        _clock = clock;
        SigningKey = new SymmetricSecurityKey(signingKey);
    }

    public SymmetricSecurityKey SigningKey { get; }

    public TokenValidationParameters ValidationParameters => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Issuer,
        IssuerSigningKey = SigningKey,
        ValidateIssuerSigningKey = true,
        ClockSkew = TimeSpan.FromMinutes(1),
        NameClaimType = JwtRegisteredClaimNames.Sub,
        RoleClaimType = RoleClaim,
    };

    public TokenResponse Issue(string subject, string displayName, Role role, string? opd, string? meetingScope, DateTimeOffset? notAfter = null, int? stamp = null)
    {
        var now = _clock.GetUtcNow();
        var expires = now + UserTokenLifetime;
        if (notAfter is { } limit && limit < expires) expires = limit;
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = subject,
            [JwtRegisteredClaimNames.Name] = displayName,
            [RoleClaim] = role.ToString(),
        };
        if (opd is not null) claims[OpdClaim] = opd;
        if (meetingScope is not null) claims[MeetingClaim] = meetingScope;
        if (stamp is not null) claims[StampClaim] = stamp.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Issuer,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.HmacSha256),
        });
        return new TokenResponse(token, expires, role, opd, displayName, meetingScope);
    }

    public static Caller ToCaller(ClaimsPrincipal user)
    {
        var subject = user.FindFirstValue(JwtRegisteredClaimNames.Sub)
            ?? throw new InvalidOperationException("Authenticated principal without a subject.");
        var role = Enum.Parse<Role>(user.FindFirstValue(RoleClaim) ?? nameof(Role.Viewer));
        return new Caller(subject, role, user.FindFirstValue(OpdClaim),
            user.FindFirstValue(JwtRegisteredClaimNames.Name) ?? subject, user.FindFirstValue(MeetingClaim));
    }
}
