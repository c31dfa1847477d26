using RakorLive.Events;

namespace RakorLive.Client;

/// <summary>Events from <c>GET /api/meetings/{id}/events</c>, with the meeting's position when they were read.</summary>
public sealed record EventPage(IReadOnlyList<MeetingEvent> Events, long Seq, long Epoch);
