using RakorLive.Bench.Measuring;

namespace RakorLive.Bench.Live;

public enum CommandKind : byte
{
    Add = 1,
    Edit = 2,
}

/// <summary>
/// Every command of a phase by number: when it was sent, when (and whether) it was acknowledged. Watchers
/// read the send time of the command an event names, from any thread, while writers are still filling it in;
/// chunks keep that lock-free without knowing the number of commands in advance.
/// </summary>
public sealed class CommandLog
{
    private const int ChunkBits = 14;
    private const int ChunkSize = 1 << ChunkBits;
    private const int ErrorsKept = 8;

    private readonly Entry[]?[] _chunks = new Entry[]?[4096];
    private readonly Lock _grow = new();
    private readonly List<string> _errors = [];
    private int _next = -1;
    private int _failed;

    private struct Entry
    {
        public long Due;
        public long Sent;
        public long Acked;
        public CommandKind Kind;
        public bool Measured;
        public bool Failed;
    }

    public int Count => Volatile.Read(ref _next) + 1;
    public int Failed => Volatile.Read(ref _failed);

    public IReadOnlyList<string> Errors
    {
        get { lock (_errors) return [.. _errors]; }
    }

    /// <summary>A new command number; <paramref name="measured"/> false for warm-up and fill commands the figures leave out.</summary>
    /// <param name="due">When the schedule wanted it sent (Clock ticks; 0 when not paced).</param>
    public int Reserve(CommandKind kind, bool measured, long due = 0)
    {
        var n = Interlocked.Increment(ref _next);
        ref var entry = ref At(n, create: true);
        entry.Kind = kind;
        entry.Measured = measured;
        entry.Due = due;
        return n;
    }

    /// <summary>Stamped immediately before the command goes out.</summary>
    public void Sent(int n) => Volatile.Write(ref At(n, create: true).Sent, Clock.Now);

    public void Acked(int n) => Volatile.Write(ref At(n, create: true).Acked, Clock.Now);

    public void Fail(int n, string error)
    {
        At(n, create: true).Failed = true;
        Interlocked.Increment(ref _failed);
        lock (_errors)
            if (_errors.Count < ErrorsKept) _errors.Add(error);
    }

    /// <summary>The send time of a measured command, or 0 when <paramref name="n"/> is not one (warm-up, another phase's marker).</summary>
    public long MeasuredSentAt(int n)
    {
        if (n < 0 || n > Volatile.Read(ref _next)) return 0;
        var chunk = Volatile.Read(ref _chunks[n >> ChunkBits]);
        if (chunk is null) return 0;
        ref var entry = ref chunk[n & (ChunkSize - 1)];
        return entry.Measured ? Volatile.Read(ref entry.Sent) : 0;
    }

    /// <summary>Send-to-acknowledgement of the measured, acknowledged commands (optionally of one kind, or of numbers in a range).</summary>
    public List<double> LatenciesMs(CommandKind? kind = null, int from = 0, int to = int.MaxValue)
    {
        var result = new List<double>();
        var last = Math.Min(Count - 1, to);
        for (var n = from; n <= last; n++)
        {
            var e = At(n, create: false);
            if (e.Measured && !e.Failed && e.Acked != 0 && (kind is null || e.Kind == kind)) result.Add(Clock.Ms(e.Sent, e.Acked));
        }
        return result;
    }

    /// <summary>How late the measured, paced commands went out against their schedule: the bench's own lateness.</summary>
    public LatencySummary LagMs()
    {
        var lags = new List<double>();
        for (var n = 0; n < Count; n++)
        {
            var e = At(n, create: false);
            if (e.Measured && e.Due != 0 && e.Sent != 0) lags.Add(Math.Max(0, Clock.Ms(e.Due, e.Sent)));
        }
        return LatencySummary.Of(lags);
    }

    public int Acknowledged(bool measuredOnly = true, int from = 0, int to = int.MaxValue)
    {
        var count = 0;
        var last = Math.Min(Count - 1, to);
        for (var n = from; n <= last; n++)
        {
            var e = At(n, create: false);
            if ((!measuredOnly || e.Measured) && e.Acked != 0 && !e.Failed) count++;
        }
        return count;
    }

    /// <summary>First send and last acknowledgement of the measured commands: the window a throughput is taken over.</summary>
    public (long FirstSent, long LastAcked) MeasuredWindow()
    {
        long first = long.MaxValue, last = 0;
        for (var n = 0; n < Count; n++)
        {
            var e = At(n, create: false);
            if (!e.Measured || e.Sent == 0) continue;
            first = Math.Min(first, e.Sent);
            if (e.Acked != 0) last = Math.Max(last, e.Acked);
        }
        return (first == long.MaxValue ? 0 : first, last);
    }

    private ref Entry At(int n, bool create)
    {
        var index = n >> ChunkBits;
        var chunk = Volatile.Read(ref _chunks[index]);
        if (chunk is null)
        {
            if (!create) throw new InvalidOperationException($"Command {n} was never reserved.");
            lock (_grow) chunk = _chunks[index] ??= new Entry[ChunkSize];
        }
        return ref chunk[n & (ChunkSize - 1)];
    }
}
