using RakorLive.Client;
using RakorLive.Events;

namespace RakorLive.Bench;

/// <summary>What one watcher got, against what the meeting's seq says it should have got.</summary>
public sealed record WatcherCheck(int Index, Uri? Node, long JoinSeq, long FinalSeq, int Received, int Missing, int Duplicates,
    int PushedDuplicatesDropped, int GapsRefilled)
{
    public long Expected => FinalSeq - JoinSeq;
    public bool Ok => Missing == 0 && Duplicates == 0;
}

/// <summary>
/// A screen on the wall: a live <see cref="MeetingFeed"/> that records, for each event it applies, the
/// seq and the time from the event's <c>occurredAt</c> (server clock) to its arrival here.
/// </summary>
public sealed class Watcher(int index, MeetingFeed feed) : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<(long Seq, double FanoutMs)> _applied = [];
    private long _joinSeq;

    public int Index => index;

    /// <summary>The fan-out of each event applied after the join point up to <paramref name="finalSeq"/>.</summary>
    public IReadOnlyList<double> FanoutMs(long finalSeq)
    {
        lock (_lock) return [.. _applied.Where(a => a.Seq > _joinSeq && a.Seq <= finalSeq).Select(a => a.FanoutMs)];
    }

    /// <summary>Joins from a snapshot; everything after the snapshot's seq must then arrive live.</summary>
    public async Task JoinAsync(string meetingId, CancellationToken cancellationToken)
    {
        feed.EventApplied += OnApplied;
        await feed.ConnectAsync(cancellationToken);
        var answer = await feed.JoinAsync(meetingId, 0, cancellationToken);
        lock (_lock) _joinSeq = answer.Seq;
    }

    public Task WaitForSeqAsync(long seq, CancellationToken cancellationToken) => feed.WaitForSeqAsync(seq, cancellationToken);

    public long LastSeq => feed.LastSeq;

    /// <summary>Every seq after the join point up to <paramref name="finalSeq"/>, each exactly once.</summary>
    public WatcherCheck Check(long finalSeq)
    {
        lock (_lock)
        {
            var inRange = _applied.Select(a => a.Seq).Where(s => s > _joinSeq && s <= finalSeq).ToList();
            var distinct = inRange.Distinct().Count();
            return new WatcherCheck(index, feed.ConnectedNode, _joinSeq, finalSeq, inRange.Count,
                Missing: (int)(finalSeq - _joinSeq) - distinct, Duplicates: inRange.Count - distinct,
                PushedDuplicatesDropped: feed.DuplicatesDropped, GapsRefilled: feed.GapsDetected);
        }
    }

    public ValueTask DisposeAsync() => feed.DisposeAsync();

    // Runs on the feed's loop, which applies events one at a time; the lock is for readers on other threads.
    private void OnApplied(MeetingEvent evt)
    {
        var fanout = (DateTimeOffset.UtcNow - evt.OccurredAt).TotalMilliseconds;
        lock (_lock) _applied.Add((evt.Seq, fanout));
    }
}
