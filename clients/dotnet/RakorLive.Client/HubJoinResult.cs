using RakorLive.Events;
using RakorLive.Model;

namespace RakorLive.Client;

/// <summary>The hub's answer to JoinMeeting / JoinMeetingAt: the missed events, or a snapshot when they are gone.</summary>
public sealed record HubJoinResult(MeetingSnapshot? Snapshot, IReadOnlyList<MeetingEvent> Events, long Seq, long Epoch);
