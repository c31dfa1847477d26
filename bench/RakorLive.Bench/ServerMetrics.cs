using System.Globalization;

namespace RakorLive.Bench;

/// <summary>A histogram's change over the measured phase: how many, the mean, and the bucket bound the 95th percentile falls under.</summary>
public sealed record HistogramDelta(long Count, double MeanMs, double? P95UpperBoundMs);

/// <summary>
/// The server's own view from <c>GET /metrics</c> (Prometheus text, anonymous), read before and after the
/// measured phase and summed over the nodes: where the time of a command and of a push goes inside the server.
/// </summary>
public sealed class ServerMetrics
{
    public const string StorageWrite = "rakorlive_storage_write_duration_seconds";
    public const string Fanout = "rakorlive_fanout_duration_seconds";

    // Series key (name plus labels, as written) -> value; missing when a node could not be read.
    private readonly Dictionary<string, double> _values;

    private ServerMetrics(Dictionary<string, double> values) => _values = values;

    public static async Task<ServerMetrics> ScrapeAsync(IReadOnlyList<Uri> nodes, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            string text;
            try
            {
                text = await http.GetStringAsync(new Uri(node, "metrics"), cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // A server without /metrics (or too busy to answer) leaves its share out; the client-side figures stand.
                continue;
            }
            foreach (var (series, value) in Parse(text)) values[series] = values.GetValueOrDefault(series) + value;
        }
        return new ServerMetrics(values);
    }

    /// <summary>The histogram's samples recorded between <paramref name="before"/> and <paramref name="after"/> (series with outcome="failed" left out).</summary>
    public static HistogramDelta Delta(ServerMetrics before, ServerMetrics after, string histogram)
    {
        double Change(string series) => after._values.GetValueOrDefault(series) - before._values.GetValueOrDefault(series);
        bool Wanted(string series, string suffix) =>
            series.StartsWith(histogram + suffix, StringComparison.Ordinal) && !series.Contains("outcome=\"failed\"", StringComparison.Ordinal);

        var count = (long)after._values.Keys.Where(s => Wanted(s, "_count")).Sum(Change);
        var sum = after._values.Keys.Where(s => Wanted(s, "_sum")).Sum(Change);
        var buckets = after._values.Keys.Where(s => Wanted(s, "_bucket"))
            .GroupBy(Le)
            .Select(g => (Le: g.Key, Cumulative: g.Sum(Change)))
            .OrderBy(b => b.Le)
            .ToList();
        double? p95 = count == 0 ? null : buckets.FirstOrDefault(b => b.Cumulative >= 0.95 * count).Le * 1000;
        return new HistogramDelta(count, count == 0 ? 0 : Math.Round(sum / count * 1000, 3), p95 is double.PositiveInfinity ? null : p95);
    }

    private static IEnumerable<(string Series, double Value)> Parse(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var space = line.LastIndexOf(' ');
            if (space > 0 && double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                yield return (line[..space], value);
        }
    }

    private static double Le(string series)
    {
        var start = series.IndexOf("le=\"", StringComparison.Ordinal) + 4;
        var text = series[start..series.IndexOf('"', start)];
        return text == "+Inf" ? double.PositiveInfinity : double.Parse(text, CultureInfo.InvariantCulture);
    }
}
