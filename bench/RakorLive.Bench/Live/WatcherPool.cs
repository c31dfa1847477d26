using RakorLive.Bench.Measuring;
using RakorLive.Bench.Systems;

namespace RakorLive.Bench.Live;

/// <summary>All watchers of a phase: connected and joined a few dozen at a time, waited for and checked together.</summary>
public sealed class WatcherPool : IAsyncDisposable
{
    /// <summary>Connections opened at once while setting up: enough to be quick, few enough not to time out on two cores.</summary>
    public const int ConnectParallelism = 48;

    private WatcherPool(List<Watcher> watchers) => Watchers = watchers;

    public List<Watcher> Watchers { get; }
    public int Count => Watchers.Count;

    /// <summary>Watcher i follows <paramref name="meetingOf"/>(i) on node i mod n, joined at that meeting's start seq.</summary>
    public static async Task<WatcherPool> ConnectAsync(ILiveSystem system, int count, Func<int, BenchMeeting> meetingOf, DeliverySink? sink,
        TextWriter progress, CancellationToken cancellationToken)
    {
        var watchers = Enumerable.Range(0, count)
            .Select(i => new Watcher(i, meetingOf(i), system.Nodes[i % system.Nodes.Count], system.WatcherToken) { Sink = sink })
            .ToList();
        var pool = new WatcherPool(watchers);
        var started = Clock.Now;
        var done = 0;
        try
        {
            await Parallel.ForEachAsync(watchers, new ParallelOptions { MaxDegreeOfParallelism = ConnectParallelism, CancellationToken = cancellationToken },
                async (w, ct) =>
                {
                    await ConnectAndJoinAsync(w, ct);
                    var n = Interlocked.Increment(ref done);
                    if (n % 1000 == 0 && n < count) progress.WriteLine($"  {system.Name}: {n} of {count} watchers joined");
                });
        }
        catch
        {
            await pool.DisposeAsync();
            throw;
        }
        progress.WriteLine($"  {system.Name}: {count} watchers joined in {Clock.MsSince(started) / 1000:0.0} s");
        return pool;
    }

    /// <summary>
    /// Set-up is not what is measured: a connection or join refused by a busy server is tried again (as a
    /// screen would), and only a watcher that cannot join at all fails the run.
    /// </summary>
    private static async Task ConnectAndJoinAsync(Watcher watcher, CancellationToken cancellationToken)
    {
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await watcher.ConnectAsync(cancellationToken);
                await watcher.JoinAsync(watcher.Meeting.StartSeq, cancellationToken);
                return;
            }
            catch (Exception e) when (attempt < attempts && e is not OperationCanceledException)
            {
                await watcher.DropAsync();
                await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt), cancellationToken);
            }
        }
    }

    /// <summary>True once every watcher has everything up to its seq; false when <paramref name="limit"/> ran out first.</summary>
    public async Task<bool> WaitForAsync(Func<Watcher, long> seqOf, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = Clock.Now + Clock.TicksOf(limit);
        while (true)
        {
            if (Watchers.All(w => w.Contiguous >= seqOf(w))) return true;
            if (Clock.Now > deadline) return false;
            await Task.Delay(20, cancellationToken);
        }
    }

    public WatcherTotals Check(Func<Watcher, long> finalOf)
    {
        var checks = Watchers.Select(w => w.Check(finalOf(w))).ToList();
        return new WatcherTotals(
            Watchers.Count,
            checks.Sum(c => (long)c.Lost),
            checks.Sum(c => (long)c.Tail),
            checks.Sum(c => (long)c.Duplicates),
            checks.Sum(c => (long)c.OutOfOrder),
            checks.Sum(c => (long)c.Received),
            checks.Sum(c => (long)c.CoveredBySnapshot),
            checks.Count(c => !c.CaughtUp),
            Watchers.Sum(w => w.Disconnects),
            Watchers.Sum(w => w.SnapshotJoins),
            Watchers.Sum(w => w.EpochChanges));
    }

    public async ValueTask DisposeAsync() =>
        await Parallel.ForEachAsync(Watchers, new ParallelOptions { MaxDegreeOfParallelism = ConnectParallelism }, async (w, _) => await w.DisposeAsync());
}

/// <summary>Every watcher of a phase against its meeting's final seq.</summary>
/// <param name="Lost">Events after a watcher's join point up to the final seq it never received by the end of the wait.</param>
/// <param name="LostAtTail">Of those, the ones after the highest seq it received (gaps below it were skipped for certain).</param>
public sealed record WatcherTotals(int Watchers, long Lost, long LostAtTail, long Duplicates, long OutOfOrder, long Received, long CoveredBySnapshot,
    int Behind, int Disconnects, int SnapshotJoins, int EpochChanges)
{
    public bool Ok => Lost == 0 && Duplicates == 0 && OutOfOrder == 0 && Behind == 0 && EpochChanges == 0;

    public string Describe() =>
        $"{Watchers} watchers: {Received} events received, {Lost} lost" +
        (Lost > 0 ? $" ({Lost - LostAtTail} in gaps below a later event, {LostAtTail} after the last one received)" : "") +
        $", {Duplicates} duplicated, {OutOfOrder} out of order" +
        (Behind > 0 ? $", {Behind} never reached the final seq" : "") +
        (Disconnects > 0 ? $", {Disconnects} unexpected disconnects" : "") +
        (SnapshotJoins > 0 ? $", {SnapshotJoins} joins answered with a snapshot ({CoveredBySnapshot} seqs covered)" : "") +
        (EpochChanges > 0 ? $", {EpochChanges} epoch changes" : "");
}
