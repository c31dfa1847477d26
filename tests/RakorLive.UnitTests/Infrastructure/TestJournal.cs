using System.Collections.Concurrent;
using RakorLive.Events;
using RakorLive.Grains.Meetings.Journal;

namespace RakorLive.UnitTests.Infrastructure;

/// <summary>
/// The real journal (ADO.NET on the test run's SQLite file) with what the grain tests need around it: appends made to
/// fail on demand, as a database outage would, a count of appends, and a way to wait until a meeting's outbox has
/// caught up with its journal.
/// </summary>
public sealed class TestJournal(IMeetingJournal inner) : IMeetingJournal
{
    private readonly ConcurrentDictionary<string, (long Appended, long Projected, long Snapshot)> _meetings = new(StringComparer.Ordinal);
    private readonly List<(string MeetingId, TaskCompletionSource Done)> _settling = [];
    private readonly ConcurrentDictionary<string, (TaskCompletionSource Started, TaskCompletionSource Release)> _heldSnapshots = new(StringComparer.Ordinal);
    private int _failNext;
    private int _appends;

    /// <summary>The next <paramref name="count"/> appends throw, and change nothing.</summary>
    public void FailNextAppends(int count) => Interlocked.Exchange(ref _failNext, count);

    public int Appends => Volatile.Read(ref _appends);

    /// <summary>
    /// The meeting's next snapshot write waits until the returned release is called (a slow database at the wrong
    /// moment); <c>Started</c> completes when that write has begun.
    /// </summary>
    public (Task Started, Action Release) HoldNextSnapshot(string meetingId)
    {
        var gate = (Started: new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously),
            Release: new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        _heldSnapshots[meetingId] = gate;
        return (gate.Started.Task, () => gate.Release.TrySetResult());
    }

    public long SnapshotVersion(string meetingId) => _meetings.GetValueOrDefault(meetingId).Snapshot;

    /// <summary>The meeting's newest appended entry.</summary>
    public long AppendedVersion(string meetingId) => _meetings.GetValueOrDefault(meetingId).Appended;

    /// <summary>
    /// Completes once every side effect the meeting owes so far is done (its outbox saved a position at its last entry):
    /// read models and ledgers then hold what the commands changed.
    /// </summary>
    public Task Settled(string meetingId)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_settling) _settling.Add((meetingId, done));
        CheckSettled();
        return done.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }

    public Task<JournalLoad> Load(string meetingId, int recentEvents, CancellationToken cancellationToken = default) =>
        inner.Load(meetingId, recentEvents, cancellationToken);

    public async Task Append(string meetingId, long expectedVersion, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Decrement(ref _failNext) >= 0) throw new TimeoutException("The test made the database unavailable.");
        await inner.Append(meetingId, expectedVersion, entries, cancellationToken);
        Interlocked.Increment(ref _appends);
        _meetings.AddOrUpdate(meetingId, _ => (entries[^1].Version, 0, 0), (_, m) => m with { Appended = Math.Max(m.Appended, entries[^1].Version) });
    }

    public Task<IReadOnlyList<JournalEntry>> ReadEntries(string meetingId, long fromVersion, long toVersion, CancellationToken cancellationToken = default) =>
        inner.ReadEntries(meetingId, fromVersion, toVersion, cancellationToken);

    public Task<IReadOnlyList<MeetingEvent>> ReadEvents(string meetingId, long afterSeq, int max, CancellationToken cancellationToken = default) =>
        inner.ReadEvents(meetingId, afterSeq, max, cancellationToken);

    public async Task WriteSnapshot(string meetingId, long version, string snapshotJson, CancellationToken cancellationToken = default)
    {
        if (_heldSnapshots.TryRemove(meetingId, out var gate))
        {
            gate.Started.TrySetResult();
            await gate.Release.Task;
        }
        await inner.WriteSnapshot(meetingId, version, snapshotJson, cancellationToken);
        _meetings.AddOrUpdate(meetingId, _ => (0, 0, version), (_, m) => m with { Snapshot = Math.Max(m.Snapshot, version) });
    }

    public async Task SaveOutboxPosition(string meetingId, long version, CancellationToken cancellationToken = default)
    {
        await inner.SaveOutboxPosition(meetingId, version, cancellationToken);
        _meetings.AddOrUpdate(meetingId, _ => (0, version, 0), (_, m) => m with { Projected = Math.Max(m.Projected, version) });
        CheckSettled();
    }

    public Task<string?> FindOwner(string entityId, CancellationToken cancellationToken = default) => inner.FindOwner(entityId, cancellationToken);

    private void CheckSettled()
    {
        lock (_settling)
        {
            for (var i = _settling.Count - 1; i >= 0; i--)
            {
                var (meetingId, done) = _settling[i];
                var m = _meetings.GetValueOrDefault(meetingId);
                if (m.Projected < m.Appended) continue;
                done.TrySetResult();
                _settling.RemoveAt(i);
            }
        }
    }
}
