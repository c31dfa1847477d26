using Microsoft.AspNetCore.Mvc;
using RakorLive.Commands;
using RakorLive.Events;
using RakorLive.GrainInterfaces;
using RakorLive.Model;
using RakorLive.Rules;

namespace RakorLive.Server.Api;

public static class MeetingEndpoints
{
    public static void MapMeetingEndpoints(this IEndpointRouteBuilder app)
    {
        var meetings = app.MapGroup("/api/meetings").RequireAuthorization().WithTags("Meetings");

        meetings.MapGet("/", async (HttpContext http, IGrainFactory grains) =>
        {
            var caller = http.Caller();
            var all = await grains.GetGrain<IMeetingDirectoryGrain>(DirectoryKeys.Default).List();
            // A join-code tablet sees only its own meeting.
            return caller.MeetingScope is null ? all : all.Where(m => m.Id == caller.MeetingScope).ToList();
        });

        meetings.MapPost("/", async (HttpContext http, IGrainFactory grains, [FromBody] CreateMeeting? body) =>
        {
            var caller = http.Caller();
            Permissions.CreateMeeting(caller);
            var id = body?.CommandId is { Length: > 0 } commandId ? Ids.Meeting(commandId) : Guid.NewGuid().ToString("D");
            var reply = await grains.GetGrain<IMeetingGrain>(id).Create(caller, body!);
            return Reply(http, reply, StatusCodes.Status201Created, $"/api/meetings/{id}");
        });

        meetings.MapGet("/{id}", async (HttpContext http, IGrainFactory grains, string id) =>
        {
            Permissions.ReadMeeting(http.Caller(), id);
            return await Meeting(grains, id).GetSnapshot();
        });

        meetings.MapGet("/{id}/events", async (HttpContext http, IGrainFactory grains, string id, long? afterSeq, long? epoch, int? limit) =>
        {
            Permissions.ReadMeeting(http.Caller(), id);
            var max = Math.Clamp(limit ?? 1000, 1, 1000);
            var history = await Meeting(grains, id).GetHistory(afterSeq ?? 0, epoch, max);
            http.Response.Headers["X-Rakor-Seq"] = history.Seq.ToString();
            http.Response.Headers["X-Rakor-Epoch"] = history.Epoch.ToString();
            if (history.Snapshot is not null)
                throw new RakorProblem(410, "Riwayat sudah tidak tersedia",
                    $"Events after seq {afterSeq ?? 0} (epoch {epoch?.ToString() ?? "any"}) are no longer retained or belong to another epoch; " +
                    $"load GET /api/meetings/{id} (seq {history.Seq}, epoch {history.Epoch}) and continue from there.");
            return Results.Ok(history.Events);
        });

        meetings.MapPost("/{id}/agenda-items", async (HttpContext http, IGrainFactory grains, string id, [FromBody] AddAgendaItem? body) =>
        {
            var caller = http.Caller();
            Permissions.RunMeeting(caller, id);
            var reply = await Meeting(grains, id).AddAgendaItem(caller, body!);
            return Reply(http, reply, StatusCodes.Status201Created, $"/api/meetings/{id}");
        });

        meetings.MapPost("/{id}/start", (HttpContext http, IGrainFactory grains, string id, [FromBody] MeetingCommand? body) =>
            Transition(http, id, body, (caller, cmd) => Meeting(grains, id).Start(caller, cmd)));
        meetings.MapPost("/{id}/advance", (HttpContext http, IGrainFactory grains, string id, [FromBody] MeetingCommand? body) =>
            Transition(http, id, body, (caller, cmd) => Meeting(grains, id).Advance(caller, cmd)));
        meetings.MapPost("/{id}/close", (HttpContext http, IGrainFactory grains, string id, [FromBody] MeetingCommand? body) =>
            Transition(http, id, body, (caller, cmd) => Meeting(grains, id).Close(caller, cmd)));

        meetings.MapPost("/{id}/attendance", async (HttpContext http, IGrainFactory grains, string id, [FromBody] CheckIn? body) =>
        {
            var caller = http.Caller();
            Permissions.ReadMeeting(caller, id);
            var reply = await Meeting(grains, id).CheckIn(caller, body!);
            return Reply(http, reply, StatusCodes.Status201Created, null);
        });

        meetings.MapPost("/{id}/action-points", async (HttpContext http, IGrainFactory grains, string id, [FromBody] CreateActionPoint? body) =>
        {
            var caller = http.Caller();
            Permissions.AddActionPoints(caller, id);
            var reply = await Meeting(grains, id).AddActionPoint(caller, body!);
            http.Response.Headers.ETag = ActionPointEndpoints.ETag(reply.Value);
            return Reply(http, reply, StatusCodes.Status201Created, $"/api/action-points/{reply.Value.Id}");
        });

        meetings.MapPost("/{id}/join-codes", async (HttpContext http, IGrainFactory grains, string id, [FromBody] CreateJoinCode? body) =>
        {
            var caller = http.Caller();
            Permissions.IssueJoinCodes(caller, id);
            var reply = await Meeting(grains, id).CreateJoinCode(caller, body!);
            return Reply(http, reply, StatusCodes.Status201Created, null);
        });
    }

    /// <summary>
    /// The grain call for a meeting id from the URL. Ids are checked for shape here so a typo
    /// answers 404 without activating (and persisting nothing for) a grain.
    /// </summary>
    internal static IMeetingGrain Meeting(IGrainFactory grains, string id)
    {
        if (id.Length is 0 or > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            throw RakorProblem.NotFound("Rapat", id.Length > 64 ? id[..64] + "…" : id);
        return grains.GetGrain<IMeetingGrain>(id);
    }

    private static async Task<IResult> Transition(HttpContext http, string id, MeetingCommand? body,
        Func<Caller, MeetingCommand, Task<CommandReply<MeetingSnapshot>>> action)
    {
        var caller = http.Caller();
        Permissions.RunMeeting(caller, id);
        return Reply(http, await action(caller, body ?? new MeetingCommand(null)), StatusCodes.Status200OK, null);
    }

    /// <summary>A replay answers exactly like the first call, flagged so a client can tell.</summary>
    internal static IResult Reply<T>(HttpContext http, CommandReply<T> reply, int status, string? location)
    {
        if (reply.Replayed) http.Response.Headers["Idempotent-Replay"] = "true";
        http.Response.Headers["X-Rakor-Seq"] = reply.Seq.ToString();
        if (location is not null) http.Response.Headers.Location = location;
        return Results.Json(reply.Value, statusCode: status);
    }
}
