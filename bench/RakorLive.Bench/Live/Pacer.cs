using System.Diagnostics;
using RakorLive.Bench.Measuring;

namespace RakorLive.Bench.Live;

/// <summary>How well the bench kept to its schedule: a late send would hide the server's slowness.</summary>
public sealed record PacingStats(int Scheduled, int Started, double MaxLagMs, double P99LagMs, int RefusedInFlight, TimeSpan Elapsed);

/// <summary>
/// Open-loop load: command k is due at start + k/rate whatever happened to the ones before it, so a slow
/// server meets a growing queue, as it would in a real meeting, instead of a politely slower client.
/// </summary>
public static class Pacer
{
    /// <summary>Commands in flight beyond which the bench stops adding more (a server that stopped answering).</summary>
    public const int MaxInFlight = 5000;

    public static async Task<PacingStats> RunAsync(int rate, TimeSpan duration, Func<long, Task> send, CancellationToken cancellationToken)
    {
        var total = (int)Math.Round(rate * duration.TotalSeconds);
        var start = Clock.Now;
        var lags = new List<double>(total);
        var inFlight = 0;
        var refused = 0;
        var running = new List<Task>(total);
        for (var k = 0; k < total; k++)
        {
            var due = start + (long)(k * (double)Stopwatch.Frequency / rate);
            var wait = Clock.Ms(Clock.Now, due);
            // No spinning to be exact: on two shared cores it would take CPU from the server. The lag is reported instead.
            if (wait >= 1) await Task.Delay(TimeSpan.FromMilliseconds(wait), cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            lags.Add(Clock.MsSince(due));
            if (Volatile.Read(ref inFlight) >= MaxInFlight)
            {
                refused++;
                continue;
            }
            Interlocked.Increment(ref inFlight);
            running.Add(Completed(send(k), () => Interlocked.Decrement(ref inFlight)));
        }
        var elapsed = TimeSpan.FromMilliseconds(Clock.MsSince(start));
        await Task.WhenAll(running);
        lags.Sort();
        return new PacingStats(total, total - refused, lags.Count > 0 ? lags[^1] : 0,
            lags.Count > 0 ? lags[Math.Max((int)Math.Ceiling(0.99 * lags.Count) - 1, 0)] : 0, refused, elapsed);
    }

    /// <summary>Closed loop with a fixed number of commands in flight: for filling a meeting, not for measuring.</summary>
    public static async Task RunConcurrentAsync(int count, int concurrency, Func<long, Task> send, CancellationToken cancellationToken)
    {
        var next = -1L;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            long k;
            while ((k = Interlocked.Increment(ref next)) < count)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await send(k);
            }
        }));
    }

    private static async Task Completed(Task task, Action done)
    {
        try
        {
            await task;
        }
        finally
        {
            done();
        }
    }
}
