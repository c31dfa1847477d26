using RakorLive.Bench.Live;
using RakorLive.Bench.Measuring;
using RakorLive.Bench.Reporting;
using RakorLive.Bench.Systems;
using RakorLive.Rules;

namespace RakorLive.Bench.Scenarios;

public sealed record CatchUpResult(
    long Missed,
    LatencySummary Hub,
    LatencySummary HubJoinOnly,
    LatencySummary Rest,
    double RestPages,
    long Lost,
    long Duplicates,
    long OutOfOrder,
    int SnapshotAnswers,
    int Failures,
    IReadOnlyList<string> Errors,
    double FillCommandsPerSecond,
    int FillSent,
    int FillFailed,
    IReadOnlyList<ProcessResources> Resources);

/// <summary>
/// catch-up: a tablet leaves the meeting, misses E events, and comes back with the last seq it saw. Timed R
/// times each way (after a few untimed rounds): a new hub connection plus JoinMeeting(meetingId, afterSeq) until
/// all E are in, and the same E read as pages of GET /api/meetings/{id}/events?afterSeq=N.
/// </summary>
public sealed class CatchUpScenario(BenchOptions options, TextWriter progress) : ScenarioBase<CatchUpResult>(options, progress)
{
    private const int FillConcurrency = 8;
    // A live meeting refines its commitments more than it adds them; edits also keep the meeting far from its 2,000 limit.
    private const int FillEditPercent = 75;

    /// <summary>Untimed rounds first, so both servers answer from optimised code, not from the JIT's first tier.</summary>
    private const int WarmUpRounds = 5;

    // Set by the RakorLive phase when a quick fill stopped early: the baseline then misses as many.
    private int? _events;

    public override bool RakorLiveFirst => Options.FillDeadline is not null;

    public override async Task<CatchUpResult> RunAsync(ILiveSystem system, CancellationToken cancellationToken)
    {
        var meeting = (await system.CreateMeetingsAsync(1, cancellationToken))[0];
        var log = new CommandLog();
        long lastSeen;
        // The tablet that will miss everything: joined once, so its last seq is one the server gave it.
        await using (var tablet = new Watcher(0, meeting, system.Nodes[0], system.WatcherToken))
        {
            await tablet.ConnectAsync(cancellationToken);
            await tablet.JoinAsync(meeting.StartSeq, cancellationToken);
            lastSeen = tablet.Contiguous;
        }

        var channels = await OpenWritersAsync(system, 4, cancellationToken);
        double fillRate;
        int sent;
        try
        {
            var budget = new AddBudget(Limits.ActionPointsPerMeeting - BenchOptions.AddReserve);
            var writers = channels.Select(c => new WriterSession(c, [meeting], FillEditPercent, budget, log)).ToList();
            var fillStart = Clock.Now;
            var rakorLive = system is RakorLiveSystem;
            sent = await Pacer.RunConcurrentAsync(rakorLive ? Options.Events : _events ?? Options.Events, FillConcurrency,
                k => writers[(int)(k % writers.Count)].SendAsync(measured: false, cancellationToken), cancellationToken, rakorLive ? Options.FillDeadline : null);
            if (rakorLive) _events = sent;
            fillRate = log.Acknowledged(measuredOnly: false) / (Clock.MsSince(fillStart) / 1000);
        }
        finally
        {
            await CloseAsync(channels);
        }
        var finalSeq = await system.GetSeqAsync(meeting.Id, cancellationToken);
        Progress.WriteLine($"  {system.Name}: {finalSeq - lastSeen} events missed (seq {lastSeen} -> {finalSeq}); timing {Options.Repeats} rejoins and REST catch-ups");

        var monitor = ScenarioRunner.Monitor(system);
        var hub = new List<double>();
        var joinOnly = new List<double>();
        var rest = new List<double>();
        var pages = new List<int>();
        long lost = 0, duplicates = 0, outOfOrder = 0;
        var snapshots = 0;
        var failures = 0;
        var errors = new List<string>();
        for (var r = -WarmUpRounds; r < Options.Repeats; r++)
        {
            var timed = r >= 0;
            try
            {
                var index = r + WarmUpRounds;
                await using var rejoining = new Watcher(index, meeting, system.Nodes[index % system.Nodes.Count], system.WatcherToken);
                rejoining.SetTarget(finalSeq);
                var start = Clock.Now;
                await rejoining.ConnectAsync(cancellationToken);
                var connected = Clock.Now;
                var answer = await rejoining.JoinAsync(lastSeen, cancellationToken);
                if (answer.HasSnapshot) snapshots++;
                if (!await WaitAsync(rejoining, finalSeq, cancellationToken)) throw new TimeoutException($"the rejoin did not reach seq {finalSeq} within {Options.Drain.TotalSeconds:0} s");
                if (timed)
                {
                    hub.Add(Clock.Ms(start, rejoining.TargetReachedAt));
                    joinOnly.Add(Clock.Ms(connected, rejoining.TargetReachedAt));
                }
                var check = rejoining.Check(finalSeq);
                lost += check.Lost;
                duplicates += check.Duplicates;
                outOfOrder += check.OutOfOrder;
            }
            catch (Exception e) when (e is TimeoutException or HttpRequestException or InvalidOperationException or Microsoft.AspNetCore.SignalR.HubException)
            {
                failures++;
                if (errors.Count < 5) errors.Add($"hub rejoin {r + 1 + WarmUpRounds} (counting {WarmUpRounds} untimed): {e.Message}");
            }

            try
            {
                var tracker = new SeqTracker();
                tracker.Start(lastSeen);
                var start = Clock.Now;
                var cursor = lastSeen;
                var pageCount = 0;
                while (cursor < finalSeq)
                {
                    var page = await system.GetEventSeqsAsync(meeting.Id, cursor, Options.PageSize, cancellationToken);
                    pageCount++;
                    if (page.Count == 0) break;
                    foreach (var seq in page) tracker.Record(seq);
                    cursor = Math.Max(cursor, page[^1]);
                }
                if (timed)
                {
                    rest.Add(Clock.MsSince(start));
                    pages.Add(pageCount);
                }
                lost += tracker.Lost(finalSeq);
                duplicates += tracker.Duplicates;
                outOfOrder += tracker.OutOfOrder;
            }
            catch (CommandFailedException e)
            {
                failures++;
                if (errors.Count < 5) errors.Add($"REST catch-up {r + 1 + WarmUpRounds} (counting {WarmUpRounds} untimed): {e.Message}");
            }
        }
        var resources = await monitor.StopAsync();
        return new CatchUpResult(finalSeq - lastSeen, LatencySummary.Of(hub), LatencySummary.Of(joinOnly), LatencySummary.Of(rest),
            pages.Count > 0 ? pages.Average() : 0, lost, duplicates, outOfOrder, snapshots, failures, errors, fillRate, sent, log.Failed, resources);
    }

    private async Task<bool> WaitAsync(Watcher watcher, long seq, CancellationToken cancellationToken)
    {
        var deadline = Clock.Now + Clock.TicksOf(Options.Drain);
        while (watcher.Contiguous < seq)
        {
            if (Clock.Now > deadline) return false;
            await Task.Delay(1, cancellationToken);
        }
        return true;
    }

    public override void Build(ScenarioReport report, CatchUpResult rl, CatchUpResult? bl)
    {
        var o = Options;
        report.Connections = 1;
        report.Load.Add(("load", $"1 meeting; a client misses {rl.Missed} events and rejoins {o.Repeats} times (new connection + JoinMeeting with its last seq), " +
                        $"and {o.Repeats} times reads them as REST pages of {o.PageSize}, each after {WarmUpRounds} untimed rounds; filled with {FillEditPercent}% edits"));
        report.Add($"hub catch-up of {rl.Missed} events (connect + join)", rl.Hub, bl?.Hub);
        report.Add("  of which JoinMeeting until all received p50", "ms", rl.HubJoinOnly.P50OrNull, bl?.HubJoinOnly.P50OrNull);
        report.Add($"REST catch-up ({rl.RestPages:0} pages)", rl.Rest, bl?.Rest);
        report.Add("hub catch-up events/s (p50)", "", Rate(rl.Missed, rl.Hub), bl is null ? null : Rate(bl.Missed, bl.Hub));
        report.Add("filling: acknowledged commands/s", "", rl.FillCommandsPerSecond, bl?.FillCommandsPerSecond);
        report.Add("server max RSS", "MiB", ScenarioRunner.ServerRssMiB(rl.Resources), bl is null ? null : ScenarioRunner.ServerRssMiB(bl.Resources));
        report.RakorLiveResources.AddRange(rl.Resources);
        if (bl is not null) report.BaselineResources.AddRange(bl.Resources);
        foreach (var (name, r) in new[] { ("RakorLive", rl), ("baseline", bl) })
        {
            if (r is null) continue;
            report.Check($"{name} missed events", r.Missed == r.FillSent && r.FillFailed == 0,
                $"{r.Missed} events between the last seen seq and the end ({r.FillSent} commands sent, {r.FillFailed} failed)");
            if (r.FillSent < o.Events)
                report.Notes.Add($"quick run: {name} added {r.FillSent} of the {o.Events} events" +
                                 (name == "RakorLive" ? $" within {o.FillDeadline?.TotalSeconds:0} s of filling (the baseline then as many)" : ", as many as RakorLive did"));
            report.Check($"{name} catch-ups", r.Failures == 0 && r.SnapshotAnswers == 0 && r.Lost == 0 && r.Duplicates == 0 && r.OutOfOrder == 0,
                $"{r.Lost} lost, {r.Duplicates} duplicated, {r.OutOfOrder} out of order over all catch-ups, {r.Failures} failed" +
                (r.SnapshotAnswers > 0 ? $", {r.SnapshotAnswers} answered with a snapshot instead of the events (the server keeps too little history)" : "") +
                (r.Errors.Count > 0 ? "; " + string.Join(" | ", r.Errors.Take(3)) : ""));
        }
        if (o.EventRetention is { } retention && o.StartsOwnServers)
            report.Notes.Add($"the bench started RakorLive with RakorLive:EventRetention={retention} so the missed events are still retained (default 500)");
        report.Summary = new Summary
        {
            Latency = $"hub catch-up: new connection + JoinMeeting(afterSeq) until all {rl.Missed} missed events are received",
            CommandsPerSecond = rl.FillCommandsPerSecond,
            P50Ms = rl.Hub.P50OrNull,
            P99Ms = rl.Hub.P99OrNull,
            BaselineP99Ms = bl?.Hub.P99OrNull,
            Lost = rl.Lost,
            Duplicates = rl.Duplicates,
            OutOfOrder = rl.OutOfOrder,
            ServerRssMb = ScenarioRunner.ServerRssMiB(rl.Resources),
            Extra = new Dictionary<string, object?>
            {
                ["events"] = rl.Missed,
                ["repeats"] = o.Repeats,
                ["restP50Ms"] = rl.Rest.P50OrNull,
                ["restP99Ms"] = rl.Rest.P99OrNull,
                ["baselineRestP99Ms"] = bl?.Rest.P99OrNull,
                ["pageSize"] = o.PageSize,
            },
        };
    }

    private static double? Rate(long events, LatencySummary s) => s.Count > 0 && s.P50 > 0 ? events / (s.P50 / 1000) : null;
}
