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
    public sealed record UserView(string Username, string DisplayName, Role Role, string? Opd, DateTimeOffset CreatedAt)
    {
        public static UserView Of(UserAccount a) => new(a.Username, a.DisplayName, a.Role, a.Opd, a.CreatedAt);
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
            return TypedResults.Created($"{Routes.Users}/{reply.Value.Username}", UserView.Of(reply.Value));
        });

        app.MapGet(Routes.Vocabulary, (string? lang) => TypedResults.Ok(Kosakata.Labels(lang))).AllowAnonymous().WithTags("Vocabulary");
    }
}
