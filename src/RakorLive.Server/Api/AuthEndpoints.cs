using Microsoft.AspNetCore.Mvc;
using RakorLive.GrainInterfaces;
using RakorLive.Grains.Directory;
using RakorLive.Rules;
using RakorLive.Server.Auth;
using RakorLive.Wire;

namespace RakorLive.Server.Api;

public static class AuthEndpoints
{
    public sealed record TokenRequest(string? Username, string? Password);
    public sealed record JoinRequest(string? Code);

    public static void MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("").AllowAnonymous().WithTags("Auth")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        auth.MapPost(Routes.Token, async (HttpContext http, IGrainFactory grains, Passwords passwords, TokenService tokens, [FromBody] TokenRequest? body) =>
        {
            if (string.IsNullOrWhiteSpace(body?.Username) || string.IsNullOrEmpty(body.Password))
                throw Validation.Single(string.IsNullOrWhiteSpace(body?.Username) ? "username" : "password", "Isi nama pengguna dan kata sandi.");
            if (body.Username.Length > Limits.Username || body.Password.Length > Limits.MaxPassword) throw WrongCredentials();
            var account = await grains.GetGrain<IUserDirectoryGrain>(DirectoryKeys.Default).Find(body.Username);
            if (account is null || !passwords.Verify(account.Username, account.PasswordHash, body.Password)) throw WrongCredentials();
            var token = tokens.Issue(account.Username, account.DisplayName, account.Role, account.Opd, meetingScope: null);
            http.SignedIn(token, account.Username);
            return token;
        });

        auth.MapPost(Routes.Join, async (HttpContext http, IGrainFactory grains, EntityOwners owners, TokenService tokens, TimeProvider clock, [FromBody] JoinRequest? body) =>
        {
            if (string.IsNullOrWhiteSpace(body?.Code)) throw Validation.Single("code", "Isi kode bergabung dari sekretariat.");
            var normalized = JoinCodes.Normalize(body.Code);
            if (normalized.Length != JoinCodes.Length || !normalized.All(char.IsAsciiLetterOrDigit)) throw UnknownCode();
            var meetingId = await owners.MeetingOf(JoinCodes.OwnerKey(normalized));
            var code = meetingId is null ? null : await grains.GetGrain<IMeetingGrain>(meetingId).FindJoinCode(normalized);
            if (code is null || code.ExpiresAt <= clock.GetUtcNow()) throw UnknownCode();
            var subject = $"join:{code.Code}";
            var displayName = code.Opd is null ? code.Role.ToString() : $"{code.Role} {code.Opd}";
            var token = tokens.Issue(subject, displayName, code.Role, code.Opd, code.MeetingId, code.ExpiresAt);
            http.SignedIn(token, subject);
            return token;
        });
    }

    private static RakorProblem WrongCredentials() =>
        new(401, "Gagal masuk", "Nama pengguna atau kata sandi salah.");

    private static RakorProblem UnknownCode() =>
        new(401, "Kode tidak berlaku", "Kode bergabung tidak dikenal atau sudah kedaluwarsa; minta kode baru ke sekretariat.");
}
