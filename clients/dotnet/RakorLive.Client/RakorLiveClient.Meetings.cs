using System.Globalization;
using RakorLive.Commands;
using RakorLive.Events;
using RakorLive.Model;
using RakorLive.Wire;

namespace RakorLive.Client;

public sealed partial class RakorLiveClient
{
    /// <summary>GET /api/meetings.</summary>
    public Task<IReadOnlyList<MeetingSummary>> GetMeetingsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<MeetingSummary>>(Rel(Routes.Meetings), cancellationToken);

    /// <summary>POST /api/meetings (Secretariat, Chair); the meeting id derives from the commandId, so a retry finds the same meeting.</summary>
    public Task<CommandResult<MeetingSnapshot>> CreateMeetingAsync(CreateMeeting command, CancellationToken cancellationToken = default)
    {
        var body = command with { CommandId = command.CommandId ?? NewCommandId() };
        return CommandAsync<MeetingSnapshot>(HttpMethod.Post, Rel(Routes.Meetings), body, body.CommandId, null, cancellationToken);
    }

    /// <summary>GET /api/meetings/{id}: the snapshot at the meeting's current seq.</summary>
    public Task<MeetingSnapshot> GetMeetingAsync(string meetingId, CancellationToken cancellationToken = default) =>
        GetAsync<MeetingSnapshot>(Rel(Routes.Meeting(meetingId)), cancellationToken);

    /// <summary>
    /// GET /api/meetings/{id}/events?afterSeq=: the retained events after a position. A position no longer
    /// retained, or of another epoch, throws <see cref="RakorLiveProblemException"/> with status 410.
    /// </summary>
    public async Task<EventPage> GetEventsAsync(string meetingId, long afterSeq = 0, long? epoch = null, int? limit = null,
        CancellationToken cancellationToken = default)
    {
        var query = "afterSeq=" + afterSeq.ToString(CultureInfo.InvariantCulture);
        if (epoch is { } e) query += "&epoch=" + e.ToString(CultureInfo.InvariantCulture);
        if (limit is { } l) query += "&limit=" + l.ToString(CultureInfo.InvariantCulture);
        var reply = await SendAsync(HttpMethod.Get, Rel(Routes.Meeting(meetingId)) + "/events?" + query, null, null, authenticated: true, cancellationToken);
        return new EventPage(reply.Read<IReadOnlyList<MeetingEvent>>(), reply.Seq ?? 0, reply.Epoch ?? 0);
    }

    /// <summary>POST /api/meetings/{id}/agenda-items (Chair, Secretariat).</summary>
    public Task<CommandResult<AgendaItem>> AddAgendaItemAsync(string meetingId, AddAgendaItem command, CancellationToken cancellationToken = default)
    {
        var body = command with { CommandId = command.CommandId ?? NewCommandId() };
        return CommandAsync<AgendaItem>(HttpMethod.Post, Rel(Routes.AgendaItemsOf(meetingId)), body, body.CommandId, null, cancellationToken);
    }

    /// <summary>POST /api/meetings/{id}/start (Chair, Secretariat).</summary>
    public Task<CommandResult<MeetingSnapshot>> StartMeetingAsync(string meetingId, MeetingCommand? command = null, CancellationToken cancellationToken = default) =>
        TransitionAsync(Routes.Start(meetingId), command, cancellationToken);

    /// <summary>POST /api/meetings/{id}/advance: completes (or with Skip, skips) the active item and activates the next.</summary>
    public Task<CommandResult<MeetingSnapshot>> AdvanceMeetingAsync(string meetingId, MeetingCommand? command = null, CancellationToken cancellationToken = default) =>
        TransitionAsync(Routes.Advance(meetingId), command, cancellationToken);

    /// <summary>POST /api/meetings/{id}/close (Chair, Secretariat).</summary>
    public Task<CommandResult<MeetingSnapshot>> CloseMeetingAsync(string meetingId, MeetingCommand? command = null, CancellationToken cancellationToken = default) =>
        TransitionAsync(Routes.Close(meetingId), command, cancellationToken);

    /// <summary>POST /api/meetings/{id}/attendance: kepala OPD for their own agency, or the secretariat.</summary>
    public Task<CommandResult<Attendee>> CheckInAsync(string meetingId, CheckIn command, CancellationToken cancellationToken = default)
    {
        var body = command with { CommandId = command.CommandId ?? NewCommandId() };
        return CommandAsync<Attendee>(HttpMethod.Post, Rel(Routes.Attendance(meetingId)), body, body.CommandId, null, cancellationToken);
    }

    /// <summary>POST /api/meetings/{id}/action-points; the result's ETag is the version for a later If-Match.</summary>
    public Task<CommandResult<ActionPoint>> CreateActionPointAsync(string meetingId, CreateActionPoint command, CancellationToken cancellationToken = default)
    {
        var body = command with { CommandId = command.CommandId ?? NewCommandId() };
        return CommandAsync<ActionPoint>(HttpMethod.Post, Rel(Routes.ActionPointsOf(meetingId)), body, body.CommandId, null, cancellationToken);
    }

    /// <summary>POST /api/meetings/{id}/join-codes (Secretariat).</summary>
    public Task<CommandResult<JoinCode>> CreateJoinCodeAsync(string meetingId, CreateJoinCode command, CancellationToken cancellationToken = default)
    {
        var body = command with { CommandId = command.CommandId ?? NewCommandId() };
        return CommandAsync<JoinCode>(HttpMethod.Post, Rel(Routes.JoinCodes(meetingId)), body, body.CommandId, null, cancellationToken);
    }

    private Task<CommandResult<MeetingSnapshot>> TransitionAsync(string route, MeetingCommand? command, CancellationToken cancellationToken)
    {
        var given = command ?? new MeetingCommand(null);
        var body = given with { CommandId = given.CommandId ?? NewCommandId() };
        return CommandAsync<MeetingSnapshot>(HttpMethod.Post, Rel(route), body, body.CommandId, null, cancellationToken);
    }
}
