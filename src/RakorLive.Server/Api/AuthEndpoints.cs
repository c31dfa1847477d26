using Microsoft.AspNetCore.Http.HttpResults;
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

        auth.MapPost(Routes.Token, SignIn).ProducesProblem(StatusCodes.Status429TooManyRequests);
        auth.MapPost(Routes.Join, async (HttpContext http, IGrainFactory grains, EntityOwners owners, TokenService tokens, TimeProvider clock, [FromBody] JoinRequest? body) =>
        {
            if (string.IsNullOrWhiteSpace(body?.Code)) throw Validation.Single("code", "Isi kode bergabung dari sekretariat.");
            var normalized = JoinCodes.Normalize(body.Code);
            if (normalized.Length != JoinCodes.Length || !normalized.All(char.IsAsciiLetterOrDigit)) throw UnknownCode();
            var meetingId = await owners.MeetingOf(JoinCodes.OwnerKey(normalized));
            var code = meetingId is null ? null : await grains.GetGrain<IMeetingGrain>(meetingId).FindJoinCode(normalized);
            if (code is null || code.MeetingId != meetingId || code.RevokedAt is not null || code.ExpiresAt <= clock.GetUtcNow()) throw UnknownCode();
            var subject = TokenRevocation.JoinSubject(code.Code);
            var displayName = code.Opd is null ? code.Role.ToString() : $"{code.Role} {code.Opd}";
            var token = tokens.Issue(subject, displayName, code.Role, code.Opd, code.MeetingId, code.ExpiresAt);
            http.SignedIn(token, subject);
            return token;
        });
    }

    /// <summary>
    /// Known and unknown usernames take the same path (a directory read, the name's guard, one hash check: a dummy hash
    /// for an unknown name) and get the same answers, so neither the status, the body nor the time tells them apart.
    /// </summary>
    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> SignIn(
        HttpContext http, IGrainFactory grains, Passwords passwords, TokenService tokens, [FromBody] TokenRequest? body)
    {
        if (string.IsNullOrWhiteSpace(body?.Username) || string.IsNullOrEmpty(body.Password))
            throw Validation.Single(string.IsNullOrWhiteSpace(body?.Username) ? "username" : "password", "Isi nama pengguna dan kata sandi.");
        if (body.Username.Length > Limits.Username || body.Password.Length > Limits.MaxPassword) throw WrongCredentials();
        var account = await grains.GetGrain<IUserDirectoryGrain>(DirectoryKeys.Default).Find(body.Username);
        var guard = grains.GetGrain<ISignInGuardGrain>(SignInGuardGrain.Key(body.Username));
        // A locked name is refused before its password is checked: even the right one waits for the lock to end.
        if (await guard.LockedFor() is { } locked) return Locked(http, locked);
        var verified = account is null ? passwords.VerifyDummy(body.Password) : passwords.Verify(account.Username, account.PasswordHash, body.Password);
        if (!verified)
        {
            await guard.Failed();
            throw WrongCredentials();
        }
        await guard.Succeeded();
        if (account!.Disabled) throw new RakorProblem(403, "Akun dinonaktifkan", "This account is disabled; ask an administrator to enable it.");
        var token = tokens.Issue(account.Username, account.DisplayName, account.Role, account.Opd, meetingScope: null, stamp: account.Stamp);
        http.SignedIn(token, account.Username);
        return TypedResults.Ok(token);
    }

    /// <summary>429 with Retry-After in whole seconds, as the rate limiter answers.</summary>
    private static ProblemHttpResult Locked(HttpContext http, TimeSpan remaining)
    {
        var seconds = RetryAfterSeconds(remaining);
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Terlalu banyak percobaan masuk",
            detail: $"Too many wrong passwords for this username: sign-in is paused for {seconds} s. Try again after that, or ask an administrator to set a new password.");
    }

    public static int RetryAfterSeconds(TimeSpan remaining) => (int)Math.Max(1, Math.Ceiling(remaining.TotalSeconds));

    private static RakorProblem WrongCredentials() =>
        new(401, "Gagal masuk", "Nama pengguna atau kata sandi salah.");

    private static RakorProblem UnknownCode() =>
        new(401, "Kode tidak berlaku", "Kode bergabung tidak dikenal atau sudah kedaluwarsa; minta kode baru ke sekretariat.");
}
