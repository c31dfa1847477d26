using System.Globalization;

namespace RakorLive.Bench.Measuring;

/// <summary>
/// The JIT in the systems' servers: a fresh process keeps recompiling hot methods (tiered compilation) for a while
/// under load. Traced on this two-core machine, it still took a tenth of RakorLive's server CPU in the 30 s after
/// steady's 10 s warm-up, so a window measured then meets start-up, not the steady cost. The warm-up
/// therefore runs on until the JIT has stopped, in every server of either system alike. Both publish the runtime's
/// cumulative JIT time at /metrics (RakorLive through its System.Runtime meter, the baseline the same line).
/// </summary>
public static class Compilation
{
    /// <summary>The runtime's dotnet.jit.compilation.time counter as the Prometheus exporter names it.</summary>
    public const string MetricName = "dotnet_jit_compilation_time_seconds_total";

    /// <summary>Settled: the JIT of every server together took less than this share of one core over a <see cref="Slice"/>.</summary>
    public const double Threshold = 0.02;

    public static readonly TimeSpan Slice = TimeSpan.FromSeconds(2);

    /// <summary>JIT seconds so far, summed over <paramref name="nodes"/>; null when one does not publish it.</summary>
    public static async Task<double?> SecondsAsync(HttpClient http, IReadOnlyList<Uri> nodes, CancellationToken cancellationToken)
    {
        double total = 0;
        foreach (var node in nodes)
        {
            string text;
            try
            {
                text = await http.GetStringAsync(new Uri(node, "metrics"), cancellationToken);
            }
            catch (HttpRequestException)
            {
                return null;
            }
            if (Parse(text) is not { } seconds) return null;
            total += seconds;
        }
        return total;
    }

    /// <summary>The counter's value in a Prometheus text page ("name{labels} value [timestamp]"), or null.</summary>
    public static double? Parse(string metrics)
    {
        foreach (var line in metrics.AsSpan().EnumerateLines())
        {
            if (!line.StartsWith(MetricName) || line.Length == MetricName.Length || line[MetricName.Length] is not (' ' or '{')) continue;
            var value = (line[MetricName.Length] == '{' ? line[(line.LastIndexOf('}') + 1)..] : line[MetricName.Length..]).Trim();
            if (value.IndexOf(' ') is var space and > 0) value = value[..space];
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)) return seconds;
        }
        return null;
    }

    /// <summary>
    /// Runs <paramref name="load"/> one <see cref="Slice"/> at a time until a slice in which the JIT stayed under the
    /// threshold, beginning none after <paramref name="limit"/> (a slice under a lagging system lasts until its commands
    /// are answered, so the whole may run longer). Returns how long it ran and whether the JIT settled.
    /// </summary>
    public static async Task<(TimeSpan Took, bool Settled)> SettleAsync(HttpClient http, IReadOnlyList<Uri> nodes, TimeSpan limit,
        Func<TimeSpan, Task> load, CancellationToken cancellationToken)
    {
        var started = Clock.Now;
        if (await SecondsAsync(http, nodes, cancellationToken) is not { } before) return (TimeSpan.Zero, false);
        while (Clock.MsSince(started) < limit.TotalMilliseconds)
        {
            var sliceStarted = Clock.Now;
            await load(Slice);
            if (await SecondsAsync(http, nodes, cancellationToken) is not { } now) break;
            var busy = (now - before) / (Clock.MsSince(sliceStarted) / 1000);
            before = now;
            if (busy < Threshold) return (TimeSpan.FromMilliseconds(Clock.MsSince(started)), true);
        }
        return (TimeSpan.FromMilliseconds(Clock.MsSince(started)), false);
    }
}
