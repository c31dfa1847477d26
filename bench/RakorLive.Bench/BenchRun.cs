using System.Diagnostics;
using RakorLive.Client;

namespace RakorLive.Bench;

/// <summary>
/// The scenario: the secretariat sets up and starts a meeting; K watchers join it live, spread over
/// the nodes; W kepala OPD sessions then send N commands between them as fast as they are answered;
/// finally every watcher must reach the meeting's final seq with every event once.
/// </summary>
public sealed class BenchRun(BenchOptions options, BenchTarget target, TextWriter progress)
{
    /// <summary>Time the watchers get to catch up even when the writes used up the duration limit.</summary>
    private static readonly TimeSpan MinimumCatchUp = TimeSpan.FromSeconds(10);

    /// <param name="abort">Ctrl+C: stop at once (the caller still cleans up).</param>
    public async Task<BenchReport> RunAsync(CancellationToken abort)
    {
        var nodes = target.Nodes;
        using var secretariat = new RakorLiveClient(nodes);
        await secretariat.SignInAsync(DemoAccounts.Secretariat, DemoAccounts.Password, abort);
        var meeting = await BenchMeeting.CreateAsync(secretariat, abort);
        progress.WriteLine($"meeting {meeting.Id} started (seq {meeting.SeqAfterStart})");

        var watchers = new List<Watcher>();
        var writerClients = new List<RakorLiveClient>();
        try
        {
            await JoinWatchersAsync(meeting, watchers, abort);
            progress.WriteLine($"{watchers.Count} watchers joined over {nodes.Count} node(s)");
            var writers = await SignInWritersAsync(meeting, writerClients, abort);
            progress.WriteLine($"{writers.Count} writers signed in; sending {options.Operations} commands");

            var before = SampleResources();
            var loadBefore = ProcFs.LoadAverage();
            var metricsBefore = await ServerMetrics.ScrapeAsync(nodes, abort);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(abort);
            limit.CancelAfter(options.DurationLimit);
            var clock = Stopwatch.StartNew();

            await Task.WhenAll(writers.Select(w => Task.Run(() => w.RunAsync(limit.Token), CancellationToken.None)));
            var writeTime = clock.Elapsed;
            var limited = limit.IsCancellationRequested && !abort.IsCancellationRequested;
            abort.ThrowIfCancellationRequested();
            progress.WriteLine($"writes done in {writeTime.TotalSeconds:0.00} s{(limited ? " (duration limit reached)" : "")}; waiting for the watchers");

            var finalSeq = (await secretariat.GetMeetingAsync(meeting.Id, abort)).Seq;
            var catchUp = await WaitForWatchersAsync(watchers, finalSeq, Remaining(options.DurationLimit - clock.Elapsed), abort);
            var after = SampleResources();
            var loadAfter = ProcFs.LoadAverage();
            var metricsAfter = await ServerMetrics.ScrapeAsync(nodes, abort);

            var report = new BenchReport(options, target.Description, nodes, meeting.Id, meeting.SeqAfterStart, finalSeq, limited, writeTime, catchUp)
            {
                Writers = writers,
                CommandLatency = LatencySummary.Of(writers.SelectMany(w => w.AddMs.Concat(w.EditMs))),
                AddLatency = LatencySummary.Of(writers.SelectMany(w => w.AddMs)),
                EditLatency = LatencySummary.Of(writers.SelectMany(w => w.EditMs)),
                FanoutLatency = LatencySummary.Of(watchers.SelectMany(w => w.FanoutMs(finalSeq))),
                Watchers = [.. watchers.Select(w => w.Check(finalSeq))],
                ServerStorageWrite = ServerMetrics.Delta(metricsBefore, metricsAfter, ServerMetrics.StorageWrite),
                ServerFanout = ServerMetrics.Delta(metricsBefore, metricsAfter, ServerMetrics.Fanout),
                Resources = [.. before.Select((b, i) => new ProcessResources(b.Name, b.Pid, b.Sample, after[i].Sample))],
                LoadAverage = (loadBefore, loadAfter),
            };
            // Not part of the measurement: leaves no Live meeting behind on a server the bench did not start.
            await secretariat.CloseMeetingAsync(meeting.Id, cancellationToken: abort);
            return report;
        }
        finally
        {
            await Task.WhenAll(watchers.Select(w => w.DisposeAsync().AsTask()));
            foreach (var client in writerClients) client.Dispose();
        }
    }

    /// <summary>One viewer sign-in shared by all watchers; watcher i starts on node i mod n, the others stay as failover.</summary>
    private async Task JoinWatchersAsync(BenchMeeting meeting, List<Watcher> watchers, CancellationToken cancellationToken)
    {
        using var viewer = new RakorLiveClient(target.Nodes);
        var token = (await viewer.SignInAsync(DemoAccounts.Viewer, DemoAccounts.Password, cancellationToken)).AccessToken;
        for (var i = 0; i < options.Watchers; i++)
            watchers.Add(new Watcher(i, new MeetingFeed(Rotate(target.Nodes, i), _ => ValueTask.FromResult<string?>(token))));
        await Task.WhenAll(watchers.Select(w => w.JoinAsync(meeting.Id, cancellationToken)));
    }

    private async Task<List<Writer>> SignInWritersAsync(BenchMeeting meeting, List<RakorLiveClient> clients, CancellationToken cancellationToken)
    {
        var writers = new List<Writer>();
        for (var i = 0; i < options.Writers; i++)
        {
            var (username, opd) = DemoAccounts.OpdHeadFor(i);
            var client = new RakorLiveClient(Rotate(target.Nodes, i));
            clients.Add(client);
            await client.SignInAsync(username, DemoAccounts.Password, cancellationToken);
            writers.Add(new Writer(i, client, opd, options.OperationsOf(i), meeting));
        }
        return writers;
    }

    /// <summary>How long after the last acknowledged command the slowest watcher reached <paramref name="finalSeq"/>; null if one never did.</summary>
    private async Task<TimeSpan?> WaitForWatchersAsync(List<Watcher> watchers, long finalSeq, TimeSpan limit, CancellationToken abort)
    {
        var clock = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(abort);
        timeout.CancelAfter(limit);
        try
        {
            await Task.WhenAll(watchers.Select(w => w.WaitForSeqAsync(finalSeq, timeout.Token)));
            return clock.Elapsed;
        }
        catch (OperationCanceledException) when (!abort.IsCancellationRequested)
        {
            var behind = watchers.Where(w => w.LastSeq < finalSeq).Select(w => $"#{w.Index} at {w.LastSeq}");
            progress.WriteLine($"watchers still behind seq {finalSeq} after {limit.TotalSeconds:0} s: {string.Join(", ", behind)}");
            return null;
        }
    }

    /// <summary>Each server the bench started, then the bench itself (its clients and feeds share the machine's cores).</summary>
    private List<(string Name, int? Pid, ProcessSample? Sample)> SampleResources()
    {
        var samples = target.Nodes
            .Select((node, i) => (node.ToString(), target.ProcessIds[i], target.ProcessIds[i] is { } pid ? ProcFs.SampleProcess(pid) : null))
            .ToList();
        samples.Add(("bench (clients, feeds)", Environment.ProcessId, ProcFs.SampleProcess(Environment.ProcessId)));
        return samples;
    }

    private static TimeSpan Remaining(TimeSpan left) => left > MinimumCatchUp ? left : MinimumCatchUp;

    private static Uri[] Rotate(IReadOnlyList<Uri> nodes, int first) =>
        [.. Enumerable.Range(0, nodes.Count).Select(k => nodes[(first + k) % nodes.Count])];
}
