namespace RakorLive.Bench;

/// <summary>Count and nearest-rank percentiles of a set of durations in milliseconds.</summary>
public sealed record LatencySummary(int Count, double P50, double P95, double P99, double Max, double Mean)
{
    public static LatencySummary Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        if (sorted.Length == 0) return new LatencySummary(0, 0, 0, 0, 0, 0);
        return new LatencySummary(sorted.Length, Rank(sorted, 0.50), Rank(sorted, 0.95), Rank(sorted, 0.99), sorted[^1], sorted.Average());
    }

    // Nearest rank: the smallest sample with at least p of all samples at or below it.
    private static double Rank(double[] sorted, double p) => sorted[Math.Max((int)Math.Ceiling(p * sorted.Length) - 1, 0)];
}
