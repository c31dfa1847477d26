using Microsoft.AspNetCore.SignalR;

namespace RakorLive.Bench.Baseline;

/// <summary>What <c>JoinMeeting</c> answers, shaped like RakorLive's (a baseline never needs a snapshot).</summary>
public sealed record JoinResult(object? Snapshot, IReadOnlyList<BaselineEvent> Events, long Seq, long Epoch);

/// <summary>
/// The hub the bench's watchers and writers talk to. <c>Publish</c> stands in for a RakorLive command:
/// it numbers the payload in its meeting, keeps it in memory and broadcasts it to the meeting's group.
/// </summary>
public sealed class BaselineHub(MeetingLogs logs) : Hub
{
    public const string Path = "/hubs/meeting";
    public const string EventMethod = "MeetingEvent";

    public async Task<JoinResult> JoinMeeting(string meetingId, long afterSeq)
    {
        var log = logs.Get(meetingId);
        var connectionId = Context.ConnectionId;
        // Like RakorLive's relay: under the meeting's gate, so no event falls between the answer and the pushes.
        return await log.UnderGate(async () =>
        {
            await Groups.AddToGroupAsync(connectionId, MeetingLog.GroupOf(meetingId));
            return new JoinResult(null, log.After(afterSeq, int.MaxValue), log.Seq, MeetingLog.Epoch);
        });
    }

    public Task LeaveMeeting(string meetingId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, MeetingLog.GroupOf(meetingId));

    /// <summary>Returns the event's seq once it has been handed to every connection of the group.</summary>
    public async Task<long> Publish(string meetingId, string type, RawJson data)
    {
        var log = logs.Get(meetingId);
        var clients = Clients.Group(MeetingLog.GroupOf(meetingId));
        // The send starts under the gate, so every connection's writes queue in seq order; it is awaited outside,
        // so one slow client does not hold up the meeting's next event or join.
        var (seq, sending) = await log.UnderGate(() =>
        {
            var evt = log.Append(type, data);
            return Task.FromResult((evt.Seq, clients.SendAsync(EventMethod, evt)));
        });
        await sending;
        return seq;
    }
}
