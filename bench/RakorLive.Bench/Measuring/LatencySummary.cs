namespace RakorLive.Bench.Measuring;

/// <summary>Count and nearest-rank percentiles of a set of durations in milliseconds.</summary>
public sealed record LatencySummary(int Count, double P50, double P95, double P99, double Max, double Mean)
{
    public static LatencySummary Empty { get; } = new(0, 0, 0, 0, 0, 0);

    public static LatencySummary Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        if (sorted.Length == 0) return Empty;
        return new LatencySummary(sorted.Length, Rank(sorted, 0.50), Rank(sorted, 0.95), Rank(sorted, 0.99), sorted[^1], sorted.Average());
    }

    /// <summary>Null figures for an empty set, so a report says "-" rather than a misleading 0.</summary>
    public double? P50OrNull => Count > 0 ? P50 : null;

    public double? P99OrNull => Count > 0 ? P99 : null;

    // Nearest rank: the smallest sample with at least p of all samples at or below it.
    private static double Rank(double[] sorted, double p) => sorted[Math.Max((int)Math.Ceiling(p * sorted.Length) - 1, 0)];
}
