namespace RakorLive.Bench.Measuring;

/// <summary>
/// Waits until the machine has settled: every process together (servers, the database, the bench) kept less than
/// <see cref="Threshold"/> of a core busy over one <see cref="Window"/>. A window measured right after a burst
/// otherwise meets the burst's tail (background compilation, garbage collection, the database's own upkeep),
/// not the system's cost.
/// </summary>
public static class Quiet
{
    public const double Threshold = 0.15;
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(250);

    /// <summary>The time it took, or null when the machine did not settle within <paramref name="deadline"/> (the caller goes on).</summary>
    public static async Task<TimeSpan?> WaitAsync(TimeSpan deadline, CancellationToken cancellationToken)
    {
        var started = Clock.Now;
        if (ProcFs.MachineBusySeconds() is not { } before) return null;
        while (Clock.MsSince(started) < deadline.TotalMilliseconds)
        {
            await Task.Delay(Window, cancellationToken);
            if (ProcFs.MachineBusySeconds() is not { } now) return null;
            if ((now - before) / Window.TotalSeconds < Threshold) return TimeSpan.FromMilliseconds(Clock.MsSince(started));
            before = now;
        }
        return null;
    }
}
