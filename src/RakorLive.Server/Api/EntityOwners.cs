using System.Collections.Concurrent;
using RakorLive.Grains.Meetings.Journal;

namespace RakorLive.Server.Api;

/// <summary>
/// Which meeting created an action point, agenda item or join code, so a route that names only that id reaches the
/// one grain that writes it. The index is appended with the entry that created the id and never changes, so each
/// silo keeps what it has looked up.
/// </summary>
public sealed class EntityOwners(IMeetingJournal journal)
{
    private const int MaxCached = 200_000;
    private readonly ConcurrentDictionary<string, string> _cache = new(StringComparer.Ordinal);

    public async Task<string?> MeetingOf(string entityId)
    {
        if (_cache.TryGetValue(entityId, out var meetingId)) return meetingId;
        meetingId = await journal.FindOwner(entityId);
        if (meetingId is null) return null;
        if (_cache.Count >= MaxCached) _cache.Clear();
        _cache[entityId] = meetingId;
        return meetingId;
    }
}
