using System.Collections.Concurrent;
using RakorLive.GrainInterfaces;
using RakorLive.Grains.Meetings.Journal;
using RakorLive.Rules;

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

    /// <summary>The meeting grain that writes the entity with a GUID id named in a route, or 404 naming <paramref name="what"/>.</summary>
    public async Task<IMeetingGrain> MeetingFor(IGrainFactory grains, string id, string what)
    {
        if (!Guid.TryParse(id, out _)) throw RakorProblem.NotFound(what, id.Length > 64 ? id[..64] + "…" : id);
        var meetingId = await MeetingOf(id) ?? throw RakorProblem.NotFound(what, id);
        return grains.GetGrain<IMeetingGrain>(meetingId);
    }

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
