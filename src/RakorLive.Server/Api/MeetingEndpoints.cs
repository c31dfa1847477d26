using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using RakorLive.Commands;
using RakorLive.Events;
using RakorLive.GrainInterfaces;
using RakorLive.Model;
using RakorLive.Rules;
using RakorLive.Server.Auth;
using RakorLive.Wire;

namespace RakorLive.Server.Api;

/// <summary>The meeting routes. Endpoints map the caller and the body; the meeting grain checks every permission.</summary>
public static class MeetingEndpoints
{
    public static void MapMeetingEndpoints(this IEndpointRouteBuilder app)
    {
        var meetings = app.MapGroup(Routes.Meetings).RequireAuthorization().WithTags("Meetings").ProducesRakorProblems();
        meetings.MapGet("/", ListMeetings);
        meetings.MapPost("/", CreateMeeting);
        meetings.MapGet("/{id}", GetMeeting);
        meetings.MapGet("/{id}/events", GetEvents).ProducesProblem(StatusCodes.Status410Gone);
        meetings.MapPost("/{id}/agenda-items", AddAgendaItem);
        meetings.MapPost("/{id}/start", Start);
        meetings.MapPost("/{id}/advance", Advance);
        meetings.MapPost("/{id}/close", Close);
        meetings.MapPost("/{id}/attendance", CheckIn);
        meetings.MapPost("/{id}/action-points", AddActionPoint);
        meetings.MapPost("/{id}/join-codes", CreateJoinCode);
        meetings.MapDelete("/{id}/join-codes/{code}", RevokeJoinCode);
    }

    public static async Task<Ok<IReadOnlyList<MeetingSummary>>> ListMeetings(HttpContext http, IGrainFactory grains)
    {
        var caller = http.Caller();
        var all = await grains.GetGrain<IMeetingDirectoryGrain>(DirectoryKeys.Default).List();
        // A join-code tablet sees only its own meeting.
        return TypedResults.Ok<IReadOnlyList<MeetingSummary>>(caller.MeetingScope is null ? all : [.. all.Where(m => m.Id == caller.MeetingScope)]);
    }

    public static async Task<Created<MeetingSnapshot>> CreateMeeting(HttpContext http, IGrainFactory grains, MeetingIdKey key, [FromBody] CreateMeeting? body)
    {
        var caller = http.Caller();
        var id = Guid.NewGuid().ToString("D");
        if (body?.CommandId is { Length: > 0 } commandId && Validation.IsCommandId(commandId))
        {
            // Meetings made before ids were keyed (the first release, the demo seed) sit at the unkeyed id: a replay of
            // their commandId must reach them, not create the meeting a second time.
            var unkeyed = Ids.Meeting(commandId);
            id = await grains.GetGrain<IMeetingGrain>(unkeyed).Exists() ? unkeyed : Ids.Meeting(commandId, key.Key);
        }
        var reply = await grains.GetGrain<IMeetingGrain>(id).Create(caller, body!);
        return Created(http, reply, Routes.Meeting(id));
    }

    public static async Task<Ok<MeetingSnapshot>> GetMeeting(HttpContext http, IGrainFactory grains, string id)
    {
        var snapshot = await Meeting(grains, id).GetSnapshot(http.Caller());
        Position(http, snapshot.Seq, snapshot.Epoch);
        return TypedResults.Ok(snapshot);
    }

    public static async Task<Ok<IReadOnlyList<MeetingEvent>>> GetEvents(HttpContext http, IGrainFactory grains, string id, long? afterSeq, long? epoch, int? limit)
    {
        var max = Math.Clamp(limit ?? 1000, 1, 1000);
        var history = await Meeting(grains, id).GetHistory(http.Caller(), afterSeq ?? 0, epoch, max);
        Position(http, history.Seq, history.Epoch);
        if (history.Snapshot is not null)
            throw new RakorProblem(410, "Riwayat sudah tidak tersedia",
                $"Events after seq {afterSeq ?? 0} (epoch {epoch?.ToString() ?? "any"}) are no longer retained or belong to another epoch; " +
                $"load GET {Routes.Meeting(id)} (seq {history.Seq}, epoch {history.Epoch}) and continue from there.");
        return TypedResults.Ok(history.Events);
    }

    public static async Task<Created<AgendaItem>> AddAgendaItem(HttpContext http, IGrainFactory grains, string id, [FromBody] AddAgendaItem? body) =>
        CreatedAgendaItem(http, await Meeting(grains, id).AddAgendaItem(http.Caller(), body!));

    private static Created<AgendaItem> CreatedAgendaItem(HttpContext http, CommandReply<AgendaItem> reply) => Created(http, reply, Routes.AgendaItem(reply.Value.Id));

    public static async Task<Ok<MeetingSnapshot>> Start(HttpContext http, IGrainFactory grains, string id, [FromBody] MeetingCommand? body) =>
        Ok(http, await Meeting(grains, id).Start(http.Caller(), body ?? new MeetingCommand(null)));

    public static async Task<Ok<MeetingSnapshot>> Advance(HttpContext http, IGrainFactory grains, string id, [FromBody] MeetingCommand? body) =>
        Ok(http, await Meeting(grains, id).Advance(http.Caller(), body ?? new MeetingCommand(null)));

    public static async Task<Ok<MeetingSnapshot>> Close(HttpContext http, IGrainFactory grains, string id, [FromBody] MeetingCommand? body) =>
        Ok(http, await Meeting(grains, id).Close(http.Caller(), body ?? new MeetingCommand(null)));

    public static async Task<Created<Attendee>> CheckIn(HttpContext http, IGrainFactory grains, string id, [FromBody] CheckIn? body) =>
        Created(http, await Meeting(grains, id).CheckIn(http.Caller(), body!), null);

    public static async Task<Created<ActionPoint>> AddActionPoint(HttpContext http, IGrainFactory grains, string id, [FromBody] CreateActionPoint? body)
    {
        var reply = await Meeting(grains, id).AddActionPoint(http.Caller(), body!);
        http.Response.Headers.ETag = ActionPointEndpoints.ETag(reply.Value);
        return Created(http, reply, Routes.ActionPoint(reply.Value.Id));
    }

    public static async Task<Created<JoinCode>> CreateJoinCode(HttpContext http, IGrainFactory grains, string id, [FromBody] CreateJoinCode? body) =>
        Created(http, await Meeting(grains, id).CreateJoinCode(http.Caller(), body!), null);

    public static async Task<Ok<JoinCode>> RevokeJoinCode(HttpContext http, IGrainFactory grains, TokenRevocation revocation, string id, string code, string? commandId)
    {
        var reply = Ok(http, await Meeting(grains, id).RevokeJoinCode(http.Caller(), code, new MeetingCommand(commandId)));
        revocation.Forget(TokenRevocation.JoinSubject(reply.Value!.Code));
        return reply;
    }

    /// <summary>
    /// The grain call for a meeting id from the URL. Ids are checked for shape here so a typo
    /// answers 404 without activating (and persisting nothing for) a grain.
    /// </summary>
    internal static IMeetingGrain Meeting(IGrainFactory grains, string? id)
    {
        // The hub passes what the client sent: null as well (a 500 before the fuzz found it).
        id ??= "";
        if (id.Length is 0 or > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            throw RakorProblem.NotFound("Rapat", id.Length > 64 ? id[..64] + "…" : id);
        return grains.GetGrain<IMeetingGrain>(id);
    }

    /// <summary>A replay answers exactly like the first call, flagged so a client can tell.</summary>
    internal static Created<T> Created<T>(HttpContext http, CommandReply<T> reply, string? location)
    {
        Acknowledge(http, reply);
        return TypedResults.Created(location, reply.Value);
    }

    internal static Ok<T> Ok<T>(HttpContext http, CommandReply<T> reply)
    {
        Acknowledge(http, reply);
        return TypedResults.Ok(reply.Value);
    }

    private static void Acknowledge<T>(HttpContext http, CommandReply<T> reply)
    {
        if (reply.Replayed) http.Response.Headers[Headers.IdempotentReplay] = "true";
        http.Response.Headers[Headers.Seq] = reply.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (reply.Epoch != 0) http.Response.Headers[Headers.Epoch] = reply.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Position(HttpContext http, long seq, long epoch)
    {
        http.Response.Headers[Headers.Seq] = seq.ToString(System.Globalization.CultureInfo.InvariantCulture);
        http.Response.Headers[Headers.Epoch] = epoch.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static readonly int[] ProblemStatuses =
    [
        StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
        StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status503ServiceUnavailable,
    ];

    /// <summary>Every route may answer with a problem; the OpenAPI document says so.</summary>
    public static RouteGroupBuilder ProducesRakorProblems(this RouteGroupBuilder group)
    {
        foreach (var status in ProblemStatuses) group.ProducesProblem(status);
        return group;
    }

    public static RouteHandlerBuilder ProducesRakorProblems(this RouteHandlerBuilder route)
    {
        foreach (var status in ProblemStatuses) route.ProducesProblem(status);
        return route;
    }
}

/// <summary>The deployment's secret for meeting ids (<see cref="Ids.Meeting(string, byte[])"/>), derived from the token signing key every node shares.</summary>
public sealed class MeetingIdKey(byte[] signingKey)
{
    public byte[] Key { get; } = System.Security.Cryptography.HMACSHA256.HashData(signingKey, "rakorlive meeting ids"u8);
}
