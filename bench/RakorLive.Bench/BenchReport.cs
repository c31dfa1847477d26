using System.Globalization;
using System.Text.Json;

namespace RakorLive.Bench;

/// <summary>The figures of one run: a table for people, then one JSON line for machines.</summary>
public sealed record BenchReport(
    BenchOptions Options,
    string Target,
    IReadOnlyList<Uri> Nodes,
    string MeetingId,
    long SeqAfterStart,
    long FinalSeq,
    bool Limited,
    TimeSpan WriteTime,
    TimeSpan? CatchUp)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public required IReadOnlyList<Writer> Writers { get; init; }
    public required LatencySummary CommandLatency { get; init; }
    public required LatencySummary AddLatency { get; init; }
    public required LatencySummary EditLatency { get; init; }

    /// <summary>From each event's occurredAt (server clock) to its arrival at each watcher.</summary>
    public required LatencySummary FanoutLatency { get; init; }

    public required IReadOnlyList<WatcherCheck> Watchers { get; init; }

    /// <summary>The meeting grain's one write per command, as the servers measure it.</summary>
    public required HistogramDelta ServerStorageWrite { get; init; }

    /// <summary>From occurredAt until a node's relay has handed the event to SignalR, as the servers measure it.</summary>
    public required HistogramDelta ServerFanout { get; init; }

    public required IReadOnlyList<ProcessResources> Resources { get; init; }
    public required (double? Before, double? After) LoadAverage { get; init; }

    public int Acknowledged => Writers.Sum(w => w.Acknowledged);
    public int Failed => Writers.Sum(w => w.Failed);
    public int Retried => Writers.Sum(w => w.Retried);
    /// <summary>Commands never acknowledged because the duration limit stopped the writers (in flight or not yet sent).</summary>
    public int CutOff => Options.Operations - Acknowledged - Failed;
    public double Throughput => WriteTime > TimeSpan.Zero ? Acknowledged / WriteTime.TotalSeconds : 0;
    public bool WatchersOk => Watchers.Count > 0 && Watchers.All(w => w.Ok);
    public bool Ok => WatchersOk && Failed == 0;

    private string? EngineName => Options.StartsOwnServers ? Options.Engine.ToString().ToLowerInvariant() : null;

    public void WriteTable(TextWriter o)
    {
        var expected = Watchers.Select(w => w.Expected).Distinct().ToArray();
        var received = Watchers.Select(w => w.Received).DefaultIfEmpty().ToArray();
        o.WriteLine("RakorLive benchmark");
        o.WriteLine($"  target          {Target}");
        o.WriteLine($"  meeting         {MeetingId}: seq {SeqAfterStart} after start, {FinalSeq} at the end");
        o.WriteLine($"  load            {Options.Writers} writers, {Options.Watchers} watchers on {Nodes.Count} node(s), {Options.Operations} operations " +
                    $"(every {BenchOptions.EditEvery}th of a writer a PATCH), duration limit {Options.DurationLimit.TotalSeconds:0} s");
        o.WriteLine();
        o.WriteLine($"  commands        {Acknowledged} acknowledged ({AddLatency.Count} added, {EditLatency.Count} edited), {Failed} failed, " +
                    $"{Retried} needed a retry, {CutOff} cut off{(Limited ? " by the duration limit" : "")}");
        o.WriteLine($"  write phase     {F(WriteTime.TotalSeconds)} s");
        o.WriteLine($"  throughput      {F(Throughput, "0.0")} acknowledged commands/s");
        o.WriteLine();
        o.WriteLine($"  {"latency (ms)",-28}{"count",8}{"p50",9}{"p95",9}{"p99",9}{"max",9}{"mean",9}");
        WriteLatency(o, "command, client-side", CommandLatency);
        WriteLatency(o, "  add (POST)", AddLatency);
        WriteLatency(o, "  edit (PATCH)", EditLatency);
        WriteLatency(o, "fan-out, occurredAt->watcher", FanoutLatency);
        o.WriteLine($"  {"server: meeting write",-28}{ServerStorageWrite.Count,8}{"",9}{B(ServerStorageWrite.P95UpperBoundMs),9}{"",27}{F(ServerStorageWrite.MeanMs),9}");
        o.WriteLine($"  {"server: fan-out to SignalR",-28}{ServerFanout.Count,8}{"",9}{B(ServerFanout.P95UpperBoundMs),9}{"",27}{F(ServerFanout.MeanMs),9}");
        o.WriteLine();
        o.WriteLine($"  watchers        expected {string.Join("/", expected)} events each (final seq minus join seq); received min {received.Min()} max {received.Max()}");
        o.WriteLine($"  catch-up        {(CatchUp is { } c ? $"all watchers at seq {FinalSeq} {F(c.TotalMilliseconds, "0")} ms after the last acknowledgement" : "NOT all watchers reached the final seq")}");
        o.WriteLine($"  feed repairs    {Watchers.Sum(w => w.PushedDuplicatesDropped)} pushed duplicates dropped, {Watchers.Sum(w => w.GapsRefilled)} gaps refilled by a rejoin");
        o.WriteLine();
        o.WriteLine($"  {"resources",-34}{"rss MiB",10}{"peak MiB",10}{"cpu s",9}   (cpu: measured phase; {Environment.ProcessorCount} cores)");
        foreach (var r in Resources)
            o.WriteLine($"  {r.Name,-34}{N(r.RssMiB, "0.0"),10}{N(r.PeakRssMiB, "0.0"),10}{N(r.CpuSeconds, "0.00"),9}");
        o.WriteLine($"  machine load    1-min load average {N(LoadAverage.Before, "0.00")} before, {N(LoadAverage.After, "0.00")} after the measured phase");
        o.WriteLine();
        foreach (var error in Writers.SelectMany(w => w.Errors)) o.WriteLine($"  error: {error}");
        foreach (var bad in Watchers.Where(w => !w.Ok))
            o.WriteLine($"  watcher #{bad.Index} on {bad.Node}: joined at {bad.JoinSeq}, expected {bad.Expected}, received {bad.Received}, " +
                        $"missing {bad.Missing}, duplicated {bad.Duplicates}");
        o.WriteLine(WatchersOk
            ? $"CHECK ok: each of {Watchers.Count} watchers received every event after its join point exactly once ({string.Join("/", expected)} events)"
            : $"CHECK FAILED: {Watchers.Count(w => !w.Ok)} of {Watchers.Count} watchers missed or duplicated events");
        o.WriteLine(Failed == 0 ? "COMMANDS ok: none failed" : $"COMMANDS FAILED: {Failed} of {Acknowledged + Failed} commands failed");
    }

    public string ToJsonLine() => JsonSerializer.Serialize(new
    {
        ok = Ok,
        check = WatchersOk ? "ok" : "failed",
        engine = EngineName,
        nodes = Nodes.Count,
        urls = Nodes.Select(u => u.ToString()),
        writers = Options.Writers,
        watchers = Options.Watchers,
        operations = Options.Operations,
        acknowledged = Acknowledged,
        added = AddLatency.Count,
        edited = EditLatency.Count,
        failed = Failed,
        retried = Retried,
        cutOff = CutOff,
        limited = Limited,
        writeSeconds = Math.Round(WriteTime.TotalSeconds, 3),
        throughputPerSecond = Math.Round(Throughput, 1),
        commandLatencyMs = Rounded(CommandLatency),
        addLatencyMs = Rounded(AddLatency),
        editLatencyMs = Rounded(EditLatency),
        fanoutLatencyMs = Rounded(FanoutLatency),
        serverMeetingWriteMs = ServerStorageWrite,
        serverFanoutMs = ServerFanout,
        catchUpMs = CatchUp is { } c ? Math.Round(c.TotalMilliseconds, 1) : (double?)null,
        seqAfterStart = SeqAfterStart,
        finalSeq = FinalSeq,
        eventsPerWatcher = Watchers.Select(w => new { w.Index, node = w.Node?.ToString(), w.JoinSeq, w.Expected, w.Received, w.Missing, w.Duplicates }),
        loadAverage = new { before = LoadAverage.Before, after = LoadAverage.After },
        resources = Resources.Select(r => new { r.Name, r.Pid, rssMiB = Round(r.RssMiB), peakRssMiB = Round(r.PeakRssMiB), cpuSeconds = Round(r.CpuSeconds) }),
    }, Json);

    private static void WriteLatency(TextWriter o, string name, LatencySummary s) =>
        o.WriteLine($"  {name,-28}{s.Count,8}{F(s.P50),9}{F(s.P95),9}{F(s.P99),9}{F(s.Max),9}{F(s.Mean),9}");

    private static object Rounded(LatencySummary s) => new
    {
        s.Count, p50 = Math.Round(s.P50, 2), p95 = Math.Round(s.P95, 2), p99 = Math.Round(s.P99, 2), max = Math.Round(s.Max, 2), mean = Math.Round(s.Mean, 2),
    };

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 2) : null;

    private static string F(double value, string format = "0.00") => value.ToString(format, CultureInfo.InvariantCulture);

    private static string N(double? value, string format) => value is { } v ? F(v, format) : "-";

    // A histogram bucket bound: the percentile is at most this.
    private static string B(double? bound) => bound is { } v ? "<=" + F(v, "0.#") : "-";
}
