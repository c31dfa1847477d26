using System.Diagnostics;

namespace RakorLive.Bench.Measuring;

/// <summary>
/// The one clock of the run: writers stamp a command when they send it, watchers stamp an event when it
/// arrives, both in this process, so a delivery latency never compares two machines' or processes' clocks.
/// </summary>
public static class Clock
{
    public static long Now => Stopwatch.GetTimestamp();

    public static double Ms(long fromTicks, long toTicks) => (toTicks - fromTicks) * 1000.0 / Stopwatch.Frequency;

    public static double MsSince(long fromTicks) => Ms(fromTicks, Now);

    public static long TicksOf(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
