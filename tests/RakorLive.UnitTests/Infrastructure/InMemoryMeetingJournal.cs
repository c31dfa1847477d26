using System.Collections.Concurrent;
using System.Text.Json;
using RakorLive.Events;
using RakorLive.Grains.Meetings.Journal;
using RakorLive.Json;

namespace RakorLive.UnitTests.Infrastructure;

/// <summary>
/// The journal contract in memory for the grain tests (the ADO.NET one runs under the integration suites on both
/// engines). Entries are kept as JSON, so what a grain appends must survive the same round trip as in the database.
/// Tests can make the next appends fail, as a database outage would.
/// </summary>
public sealed class InMemoryMeetingJournal : IMeetingJournal
{
    private sealed class Meeting
    {
        public List<string> Entries { get; } = [];
        public HashSet<string> CommandIds { get; } = new(StringComparer.Ordinal);
        public (long Version, string Json)? Snapshot { get; set; }
        public long OutboxPosition { get; set; }
    }

    private readonly ConcurrentDictionary<string, Meeting> _meetings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _owners = new(StringComparer.Ordinal);
    private int _failNext;
    private readonly List<(string MeetingId, TaskCompletionSource Done)> _settling = [];

    /// <summary>
    /// Completes once every side effect the meeting owes so far is done (the outbox saved its position at the last entry):
    /// read models and ledgers then hold what the commands changed.
    /// </summary>
    public Task Settled(string meetingId)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_settling) _settling.Add((meetingId, done));
        CheckSettled();
        return done.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }

    private void CheckSettled()
    {
        lock (_settling)
        {
            for (var i = _settling.Count - 1; i >= 0; i--)
            {
                var (meetingId, done) = _settling[i];
                if (!_meetings.TryGetValue(meetingId, out var meeting)) continue;
                bool settled;
                lock (meeting) settled = meeting.OutboxPosition >= meeting.Entries.Count;
                if (!settled) continue;
                done.TrySetResult();
                _settling.RemoveAt(i);
            }
        }
    }

    /// <summary>The next <paramref name="count"/> appends throw, and change nothing.</summary>
    public void FailNextAppends(int count) => Interlocked.Exchange(ref _failNext, count);

    public int Appends { get; private set; }

    public Task<JournalLoad> Load(string meetingId, int recentEvents, CancellationToken cancellationToken = default)
    {
        var meeting = _meetings.GetOrAdd(meetingId, _ => new Meeting());
        lock (meeting)
        {
            var snapshotVersion = meeting.Snapshot?.Version ?? 0;
            var from = Math.Min(snapshotVersion, meeting.OutboxPosition);
            var all = meeting.Entries.Select(Read).ToList();
            var recent = all.SelectMany(e => e.Events).TakeLast(recentEvents).ToList();
            return Task.FromResult(new JournalLoad(snapshotVersion, meeting.Snapshot?.Json, [.. all.Where(e => e.Version > from)], recent, meeting.OutboxPosition));
        }
    }

    public async Task Append(string meetingId, long expectedVersion, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default)
    {
        // A database answers later, not within the call: commands that arrive meanwhile queue up as they do in production.
        await Task.Yield();
        if (Interlocked.Decrement(ref _failNext) >= 0) throw new TimeoutException("The test made the database unavailable.");
        var meeting = _meetings.GetOrAdd(meetingId, _ => new Meeting());
        lock (meeting)
        {
            if (meeting.Entries.Count != expectedVersion || entries.Any(e => meeting.CommandIds.Contains(e.CommandId)))
                throw new JournalConflictException($"Meeting {meetingId} is at version {meeting.Entries.Count}, not {expectedVersion}.");
            foreach (var entry in entries)
            {
                meeting.Entries.Add(JsonSerializer.Serialize(entry, RakorLiveJson.Options));
                meeting.CommandIds.Add(entry.CommandId);
                foreach (var id in entry.Created) _owners.TryAdd(id, meetingId);
            }
            Appends++;
        }
    }

    public Task<IReadOnlyList<JournalEntry>> ReadEntries(string meetingId, long fromVersion, long toVersion, CancellationToken cancellationToken = default)
    {
        var meeting = _meetings.GetOrAdd(meetingId, _ => new Meeting());
        lock (meeting)
            return Task.FromResult<IReadOnlyList<JournalEntry>>([.. meeting.Entries.Select(Read).Where(e => e.Version > fromVersion && e.Version <= toVersion)]);
    }

    public Task<IReadOnlyList<MeetingEvent>> ReadEvents(string meetingId, long afterSeq, int max, CancellationToken cancellationToken = default)
    {
        var meeting = _meetings.GetOrAdd(meetingId, _ => new Meeting());
        lock (meeting)
            return Task.FromResult<IReadOnlyList<MeetingEvent>>([.. meeting.Entries.Select(Read).SelectMany(e => e.Events).Where(e => e.Seq > afterSeq).Take(max)]);
    }

    public Task WriteSnapshot(string meetingId, long version, string snapshotJson, CancellationToken cancellationToken = default)
    {
        var meeting = _meetings.GetOrAdd(meetingId, _ => new Meeting());
        lock (meeting)
            if ((meeting.Snapshot?.Version ?? 0) < version) meeting.Snapshot = (version, snapshotJson);
        return Task.CompletedTask;
    }

    public Task SaveOutboxPosition(string meetingId, long version, CancellationToken cancellationToken = default)
    {
        var meeting = _meetings.GetOrAdd(meetingId, _ => new Meeting());
        lock (meeting)
            meeting.OutboxPosition = Math.Max(meeting.OutboxPosition, version);
        CheckSettled();
        return Task.CompletedTask;
    }

    public Task<string?> FindOwner(string entityId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_owners.GetValueOrDefault(entityId));

    /// <summary>The snapshot row of a meeting, for tests of snapshotting.</summary>
    public long SnapshotVersion(string meetingId) => _meetings.TryGetValue(meetingId, out var m) ? m.Snapshot?.Version ?? 0 : 0;

    public long OutboxPosition(string meetingId) => _meetings.TryGetValue(meetingId, out var m) ? m.OutboxPosition : 0;

    private static JournalEntry Read(string json) =>
        JsonSerializer.Deserialize<JournalEntry>(json, RakorLiveJson.Options) ?? throw new JsonException("Empty entry.");
}
