using System.Diagnostics;
using RakorLive.Bench.Measuring;

namespace RakorLive.Bench.Live;

/// <summary>How the schedule went: commands due, started, and refused because too many were still unanswered.</summary>
public sealed record PacingStats(int Scheduled, int Started, int RefusedInFlight, TimeSpan Elapsed);

/// <summary>
/// Open-loop load: command k is due at start + k/rate whatever happened to the ones before it, so a slow
/// server meets a growing queue, as it would in a real meeting, instead of a politely slower client.
/// </summary>
public static class Pacer
{
    /// <summary>Commands in flight beyond which the bench stops adding more (a server that stopped answering).</summary>
    public const int MaxInFlight = 5000;

    /// <param name="send">Starts command k, due at the given Clock ticks; returns when it is answered or has failed.</param>
    public static async Task<PacingStats> RunAsync(int rate, TimeSpan duration, Func<long, long, Task> send, CancellationToken cancellationToken)
    {
        var total = (int)Math.Round(rate * duration.TotalSeconds);
        var running = new List<Task>(total);
        var inFlight = 0;
        var refused = 0;
        var start = Clock.Now;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The schedule runs on a thread of its own: on a busy thread pool (thousands of connections receiving)
        // a timer continuation waits in the queue and every command would leave late.
        var scheduler = new Thread(() =>
        {
            try
            {
                for (var k = 0; k < total; k++)
                {
                    var due = start + (long)(k * (double)Stopwatch.Frequency / rate);
                    var wait = Clock.Ms(Clock.Now, due);
                    if (wait >= 1) Thread.Sleep(TimeSpan.FromMilliseconds(wait));
                    cancellationToken.ThrowIfCancellationRequested();
                    if (Volatile.Read(ref inFlight) >= MaxInFlight)
                    {
                        refused++;
                        continue;
                    }
                    Interlocked.Increment(ref inFlight);
                    running.Add(Completed(send(k, due), () => Interlocked.Decrement(ref inFlight)));
                }
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        { IsBackground = true, Name = "bench pacer" };
        scheduler.Start();
        await done.Task;
        var elapsed = TimeSpan.FromMilliseconds(Clock.MsSince(start));
        await Task.WhenAll(running);
        return new PacingStats(total, total - refused, refused, elapsed);
    }

    /// <summary>
    /// Closed loop with a fixed number of commands in flight: for filling a meeting, not for measuring. Past
    /// <paramref name="deadline"/> no new command starts; returns how many did.
    /// </summary>
    public static async Task<int> RunConcurrentAsync(int count, int concurrency, Func<long, Task> send, CancellationToken cancellationToken,
        TimeSpan? deadline = null)
    {
        var next = -1L;
        var started = 0;
        var stopAt = deadline is { } d ? Clock.Now + Clock.TicksOf(d) : long.MaxValue;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            long k;
            while (Clock.Now < stopAt && (k = Interlocked.Increment(ref next)) < count)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Interlocked.Increment(ref started);
                await send(k);
            }
        }));
        return started;
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
