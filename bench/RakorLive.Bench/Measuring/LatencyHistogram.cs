namespace RakorLive.Bench.Measuring;

/// <summary>
/// Millions of deliveries recorded from thousands of connections without a lock or a list per sample:
/// log-linear buckets (32 per power of two, so a percentile is off by at most about 2%), counted with
/// Interlocked. Exact percentiles (<see cref="LatencySummary"/>) are kept for the far fewer commands.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBuckets = 32;
    private const int Octaves = 40;

    // Bucket 0 holds everything below 1 microsecond; values are recorded in microseconds.
    private readonly long[] _counts = new long[SubBuckets * Octaves + 1];
    private long _count;
    private long _sumMicros;
    private long _maxMicros;

    public long Count => Interlocked.Read(ref _count);

    public void RecordMs(double milliseconds)
    {
        var micros = (long)Math.Max(0, milliseconds * 1000);
        Interlocked.Increment(ref _counts[Index(micros)]);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sumMicros, micros);
        long max;
        while (micros > (max = Interlocked.Read(ref _maxMicros)) && Interlocked.CompareExchange(ref _maxMicros, micros, max) != max)
        {
        }
    }

    public LatencySummary Summary()
    {
        // 64-bit reads are atomic; a sample racing the copy lands in this summary or the next.
        var counts = (long[])_counts.Clone();
        var total = counts.Sum();
        if (total == 0) return LatencySummary.Empty;
        double At(double p)
        {
            var rank = Math.Max((long)Math.Ceiling(p * total), 1);
            long seen = 0;
            for (var i = 0; i < counts.Length; i++)
            {
                seen += counts[i];
                if (seen >= rank) return Math.Min(UpperMicros(i), Interlocked.Read(ref _maxMicros)) / 1000.0;
            }
            return Interlocked.Read(ref _maxMicros) / 1000.0;
        }
        return new LatencySummary((int)Math.Min(total, int.MaxValue), At(0.50), At(0.95), At(0.99), Interlocked.Read(ref _maxMicros) / 1000.0,
            Interlocked.Read(ref _sumMicros) / 1000.0 / total);
    }

    private static int Index(long micros)
    {
        if (micros < 1) return 0;
        var octave = 63 - (int)long.LeadingZeroCount(micros);
        // Position within the octave [2^octave, 2^(octave+1)), in SubBuckets equal steps.
        var sub = octave >= 5 ? (int)((micros >> (octave - 5)) & (SubBuckets - 1)) : (int)((micros << (5 - octave)) & (SubBuckets - 1));
        return Math.Min(1 + octave * SubBuckets + sub, SubBuckets * Octaves);
    }

    // The largest value that falls into bucket i: percentiles read as "at most".
    private static long UpperMicros(int index)
    {
        if (index == 0) return 0;
        var octave = (index - 1) / SubBuckets;
        var sub = (index - 1) % SubBuckets;
        var low = (1L << octave) + ((1L << octave) * sub / SubBuckets);
        var width = Math.Max((1L << octave) / SubBuckets, 1);
        return low + width - 1;
    }
}
