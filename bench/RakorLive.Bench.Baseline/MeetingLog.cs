using System.Collections.Concurrent;

namespace RakorLive.Bench.Baseline;

/// <summary>The wire shape of RakorLive's MeetingEvent.</summary>
public sealed record BaselineEvent(string MeetingId, long Seq, long Epoch, string Type, DateTimeOffset OccurredAt, RawJson Data);

public sealed class MeetingLogs
{
    private readonly ConcurrentDictionary<string, MeetingLog> _logs = new(StringComparer.Ordinal);

    public MeetingLog Get(string meetingId) => _logs.GetOrAdd(meetingId, id => new MeetingLog(id));
}

/// <summary>One meeting's numbered events, in memory, with one gate that orders appends, sends and joins.</summary>
public sealed class MeetingLog(string meetingId)
{
    public const long Epoch = 1;

    // Bounded so a long run cannot grow without limit; the bench's catch-up needs far fewer.
    private const int Retained = 20_000;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<BaselineEvent> _events = [];
    private long _seq;

    public long Seq => Interlocked.Read(ref _seq);

    public static string GroupOf(string meetingId) => "meeting:" + meetingId;

    public async Task<T> UnderGate<T>(Func<Task<T>> work)
    {
        await _gate.WaitAsync();
        try
        {
            return await work();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Called under the gate.</summary>
    public BaselineEvent Append(string type, RawJson data)
    {
        var evt = new BaselineEvent(meetingId, _seq + 1, Epoch, type, DateTimeOffset.UtcNow, data);
        lock (_events)
        {
            _events.Add(evt);
            if (_events.Count > Retained) _events.RemoveRange(0, _events.Count - Retained);
        }
        Interlocked.Increment(ref _seq);
        return evt;
    }

    public IReadOnlyList<BaselineEvent> After(long afterSeq, int limit)
    {
        lock (_events)
        {
            // Seqs are consecutive, so the first one wanted is found by arithmetic.
            if (_events.Count == 0) return [];
            var start = (int)Math.Clamp(afterSeq + 1 - _events[0].Seq, 0, _events.Count);
            return _events.GetRange(start, Math.Min(limit, _events.Count - start));
        }
    }
}
