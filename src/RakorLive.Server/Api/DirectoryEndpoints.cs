using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using RakorLive.Commands;
using RakorLive.GrainInterfaces;
using RakorLive.Model;
using RakorLive.Rules;
using RakorLive.Server.Auth;
using RakorLive.Vocabulary;
using RakorLive.Wire;

namespace RakorLive.Server.Api;

/// <summary>Agencies, users and the vocabulary: the deployment's reference data.</summary>
public static class DirectoryEndpoints
{
    /// <summary>A user as the API shows it: never the password hash.</summary>
    public sealed record UserView(string Username, string DisplayName, Role Role, string? Opd, DateTimeOffset CreatedAt, bool Disabled)
    {
        public static UserView Of(UserAccount a) => new(a.Username, a.DisplayName, a.Role, a.Opd, a.CreatedAt, a.Disabled);
    }

    public static void MapDirectoryEndpoints(this IEndpointRouteBuilder app)
    {
        var opds = app.MapGroup(Routes.Opds).RequireAuthorization().WithTags("Agencies").ProducesRakorProblems();
        opds.MapGet("/", (IGrainFactory grains) => grains.GetGrain<IOpdDirectoryGrain>(DirectoryKeys.Default).List());
        opds.MapPost("/", async (HttpContext http, IGrainFactory grains, [FromBody] CreateOpd? body) =>
        {
            var reply = await grains.GetGrain<IOpdDirectoryGrain>(DirectoryKeys.Default).Add(http.Caller(), body!);
            return MeetingEndpoints.Created(http, reply, Routes.OpdActionPoints(reply.Value.Code));
        });

        var users = app.MapGroup(Routes.Users).RequireAuthorization().WithTags("Users").ProducesRakorProblems();
        users.MapGet("/", async (HttpContext http, IGrainFactory grains) =>
        {
            return (await grains.GetGrain<IUserDirectoryGrain>(DirectoryKeys.Default).List(http.Caller())).Select(UserView.Of);
        });
        users.MapPost("/", async (HttpContext http, IGrainFactory grains, Passwords passwords, [FromBody] CreateUser? body) =>
        {
            var caller = http.Caller();
            var username = body?.Username?.Trim().ToLowerInvariant() ?? "";
            // Hash only a password that passes the rules; the grain re-validates everything else.
            var hash = body?.Password is { Length: >= Limits.MinPassword and <= Limits.MaxPassword } pw ? passwords.Hash(username, pw) : "";
            var reply = await grains.GetGrain<IUserDirectoryGrain>(DirectoryKeys.Default).Create(caller, body!, hash);
            return TypedResults.Created(Routes.User(reply.Value.Username), UserView.Of(reply.Value));
        });

        users.MapPatch("/{username}", UpdateUser);
        users.MapPut("/{username}/password", ChangePassword);

        app.MapGet(Routes.Vocabulary, (string? lang) => TypedResults.Ok(Kosakata.Labels(lang))).AllowAnonymous().WithTags("Vocabulary");
    }

    /// <summary>Admin: a new role, agency or disabling ends the account's tokens (their stamp no longer matches).</summary>
    public static async Task<Ok<UserView>> UpdateUser(HttpContext http, IGrainFactory grains, TokenRevocation revocation, string username, [FromBody] UpdateUser? body)
    {
        var reply = await grains.GetGrain<IUserDirectoryGrain>(DirectoryKeys.Default).Update(http.Caller(), username, body!);
        return Answer(http, revocation, reply);
    }

    /// <summary>An admin sets anyone's password; a user their own, with the current one. Every token of the account ends.</summary>
    public static async Task<Ok<UserView>> ChangePassword(HttpContext http, IGrainFactory grains, Passwords passwords, TokenRevocation revocation, string username, [FromBody] ChangePassword? body)
    {
        var caller = http.Caller();
        var commandId = Validation.PasswordChange(body);
        var directory = grains.GetGrain<IUserDirectoryGrain>(DirectoryKeys.Default);
        var account = await directory.Find(username) ?? throw RakorProblem.NotFound("Pengguna", username);
        // Only the user's own change needs the current password; an admin's is not checked (and not hashed in vain).
        var currentVerified = caller.Subject == account.Username && body!.CurrentPassword is { Length: > 0 and <= Limits.MaxPassword } current
            && passwords.Verify(account.Username, account.PasswordHash, current);
        var reply = await directory.SetPassword(caller, account.Username, commandId, passwords.Hash(account.Username, body!.NewPassword!), currentVerified);
        return Answer(http, revocation, reply);
    }

    private static Ok<UserView> Answer(HttpContext http, TokenRevocation revocation, CommandReply<UserAccount> reply)
    {
        revocation.Forget(reply.Value.Username);
        if (reply.Replayed) http.Response.Headers[Headers.IdempotentReplay] = "true";
        return TypedResults.Ok(UserView.Of(reply.Value));
    }
}
