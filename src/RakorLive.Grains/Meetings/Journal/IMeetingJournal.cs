using RakorLive.Events;

namespace RakorLive.Grains.Meetings.Journal;

/// <summary>
/// The append-only store of meetings: one row per command (its receipt), one row per event, a snapshot every so
/// often, the outbox's progress and the index from created ids to their meeting. Implemented over ADO.NET for
/// SQLite and PostgreSQL, in the same database as the rest of Orleans' state.
/// </summary>
public interface IMeetingJournal
{
    /// <summary>Everything an activation needs: the latest snapshot, the entries after it, and the recent events for catch-up.</summary>
    Task<JournalLoad> Load(string meetingId, int recentEvents, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends entries that follow <paramref name="expectedVersion"/>, all or nothing. Concurrent appends (of this
    /// and other meetings) share one transaction where the engine allows.
    /// </summary>
    /// <exception cref="JournalConflictException">Another writer appended these versions or commandIds first.</exception>
    Task Append(string meetingId, long expectedVersion, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>Entries with <c>fromVersion &lt; version &lt;= toVersion</c>, in order (events included).</summary>
    Task<IReadOnlyList<JournalEntry>> ReadEntries(string meetingId, long fromVersion, long toVersion, CancellationToken cancellationToken = default);

    /// <summary>At most <paramref name="max"/> events after <paramref name="afterSeq"/>, in order.</summary>
    Task<IReadOnlyList<MeetingEvent>> ReadEvents(string meetingId, long afterSeq, int max, CancellationToken cancellationToken = default);

    /// <summary>Replaces the meeting's snapshot (the fold up to <paramref name="version"/>).</summary>
    Task WriteSnapshot(string meetingId, long version, string snapshotJson, CancellationToken cancellationToken = default);

    /// <summary>Records that every side effect up to <paramref name="version"/> is done.</summary>
    Task SaveOutboxPosition(string meetingId, long version, CancellationToken cancellationToken = default);

    /// <summary>The meeting that created <paramref name="entityId"/> (an action point, agenda item or join code), or null.</summary>
    Task<string?> FindOwner(string entityId, CancellationToken cancellationToken = default);
}

/// <param name="SnapshotJson">The model as of <paramref name="SnapshotVersion"/> (null: fold from the first entry).</param>
/// <param name="Entries">Entries after the snapshot, or after the outbox position when that is older.</param>
/// <param name="RecentEvents">The last events, oldest first, for answering catch-up from memory.</param>
public sealed record JournalLoad(
    long SnapshotVersion,
    string? SnapshotJson,
    IReadOnlyList<JournalEntry> Entries,
    IReadOnlyList<MeetingEvent> RecentEvents,
    long OutboxPosition)
{
    public bool IsEmpty => SnapshotJson is null && Entries.Count == 0;
}

/// <summary>A second writer got there first: the activation's model is stale and must be reloaded.</summary>
public sealed class JournalConflictException(string message, Exception? inner = null) : Exception(message, inner);
