using RakorLive.Bench.Live;
using RakorLive.Bench.Measuring;
using RakorLive.Bench.Reporting;
using RakorLive.Bench.Systems;
using RakorLive.Rules;

namespace RakorLive.Bench.Scenarios;

public sealed record StormResult(
    int Clients,
    long Missed,
    double? AllCaughtUpMs,
    LatencySummary PerClient,
    LatencySummary Connect,
    LatencySummary Join,
    int Reconnected,
    int Retries,
    IReadOnlyList<string> Errors,
    int StormCommands,
    int StormFailed,
    LatencySummary Delivery,
    WatcherTotals Watchers,
    IReadOnlyList<ProcessResources> Resources);

/// <summary>
/// storm: the room's wifi drops. C clients lose their connections, miss events, and all reconnect within
/// the jitter window, each rejoining with its last seq while writers carry on at --rate. The figure is the
/// time from the first reconnect until every client has every event it missed.
/// </summary>
public sealed class StormScenario(BenchOptions options, TextWriter progress) : ScenarioBase<StormResult>(options, progress)
{
    private const int FillConcurrency = 8;
    private const int MaxAttempts = 5;

    public override async Task<StormResult> RunAsync(ILiveSystem system, CancellationToken cancellationToken)
    {
        var meeting = (await system.CreateMeetingsAsync(1, cancellationToken))[0];
        var log = new CommandLog();
        var sink = new DeliverySink(log);
        await using var pool = await WatcherPool.ConnectAsync(system, Options.Clients, _ => meeting, sink, Progress, cancellationToken);
        var channels = await OpenWritersAsync(system, 4, cancellationToken);
        try
        {
            var budget = new AddBudget(Limits.ActionPointsPerMeeting - BenchOptions.AddReserve);
            var writers = channels.Select(c => new WriterSession(c, [meeting], 20, budget, log)).ToList();
            Task Fill(int count) => Pacer.RunConcurrentAsync(count, FillConcurrency,
                k => writers[(int)(k % writers.Count)].SendAsync(measured: false, cancellationToken), cancellationToken);

            // Live first, so each client's last seq is one it received as a push.
            await Fill(Options.StormLiveEvents);
            var liveSeq = await system.GetSeqAsync(meeting.Id, cancellationToken);
            await pool.WaitForAsync(_ => liveSeq, Options.Drain, cancellationToken);
            await Parallel.ForEachAsync(pool.Watchers, new ParallelOptions { MaxDegreeOfParallelism = WatcherPool.ConnectParallelism, CancellationToken = cancellationToken },
                async (w, _) => await w.DropAsync());
            var lastSeen = pool.Watchers.Min(w => w.Contiguous);
            await Fill(Options.Missed);
            var target = await system.GetSeqAsync(meeting.Id, cancellationToken);
            Progress.WriteLine($"  {system.Name}: {pool.Count} clients dropped at seq {lastSeen}, missed {target - lastSeen}; reconnecting within {Options.Jitter.TotalMilliseconds:0} ms");
            foreach (var w in pool.Watchers) w.SetTarget(target);

            var monitor = ScenarioRunner.Monitor(system);
            var random = new Random(20260);
            var delays = pool.Watchers.Select(_ => TimeSpan.FromMilliseconds(random.NextDouble() * Options.Jitter.TotalMilliseconds)).ToArray();
            var stormStart = Clock.Now;
            var starts = new long[pool.Count];
            var connected = new long[pool.Count];
            var joined = new long[pool.Count];
            var retries = 0;
            var errors = new List<string>();
            var reconnects = pool.Watchers.Select(async w =>
            {
                await Task.Delay(delays[w.Index], cancellationToken);
                starts[w.Index] = Clock.Now;
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await w.ConnectAsync(cancellationToken);
                        connected[w.Index] = Clock.Now;
                        await w.RejoinAsync(cancellationToken);
                        joined[w.Index] = Clock.Now;
                        return true;
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        lock (errors) if (errors.Count < 5) errors.Add($"client {w.Index} attempt {attempt}: {e.Message}");
                        if (attempt == MaxAttempts) return false;
                        Interlocked.Increment(ref retries);
                        await w.DropAsync();
                        // As the client library does: back off with jitter before the next try.
                        await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt + Random.Shared.Next(200)), cancellationToken);
                    }
                }
            }).ToList();
            // The meeting goes on during the storm: commands at --rate through the reconnect window and 2 s after it.
            var stormLoad = Options.Rate > 0
                ? Pacer.RunAsync(Options.Rate, Options.Jitter + TimeSpan.FromSeconds(2),
                    (k, due) => writers[(int)(k % writers.Count)].SendAsync(measured: true, cancellationToken, due), cancellationToken)
                : Task.FromResult(new PacingStats(0, 0, 0, TimeSpan.Zero));
            var reconnected = (await Task.WhenAll(reconnects)).Count(ok => ok);
            var caughtUp = await pool.WaitForAsync(_ => target, Options.Drain, cancellationToken);
            double? allCaughtUp = caughtUp ? Clock.Ms(stormStart, pool.Watchers.Max(w => w.TargetReachedAt)) : null;
            var perClient = LatencySummary.Of(pool.Watchers.Where(w => w.TargetReachedAt != 0).Select(w => Clock.Ms(starts[w.Index], w.TargetReachedAt)));
            var pacing = await stormLoad;
            var finalSeq = await system.GetSeqAsync(meeting.Id, cancellationToken);
            // Whoever is still behind now shows as lost in the check below.
            await pool.WaitForAsync(_ => finalSeq, Options.Drain, cancellationToken);
            var resources = await monitor.StopAsync();
            Progress.WriteLine($"  {system.Name}: {reconnected} of {pool.Count} back" +
                               (allCaughtUp is { } ms ? $", all caught up {ms:0} ms after the storm began" : ", NOT all caught up"));
            var connect = LatencySummary.Of(pool.Watchers.Where(w => connected[w.Index] != 0).Select(w => Clock.Ms(starts[w.Index], connected[w.Index])));
            var join = LatencySummary.Of(pool.Watchers.Where(w => joined[w.Index] != 0).Select(w => Clock.Ms(connected[w.Index], joined[w.Index])));
            return new StormResult(pool.Count, target - lastSeen, allCaughtUp, perClient, connect, join, reconnected, retries, errors,
                pacing.Started, log.Failed, sink.Latency.Summary(), pool.Check(_ => finalSeq), resources);
        }
        finally
        {
            await CloseAsync(channels);
        }
    }

    public override void Build(ScenarioReport report, StormResult rl, StormResult? bl)
    {
        var o = Options;
        report.Connections = rl.Clients;
        report.Load.Add(("load", $"1 meeting, {rl.Clients} clients drop, miss {rl.Missed} events, reconnect uniformly within {o.Jitter.TotalMilliseconds:0} ms " +
                        $"and rejoin with their last seq; {o.Rate} commands/s go on during the storm"));
        report.Add("all clients fully caught up, from the first reconnect", "ms", rl.AllCaughtUpMs, bl?.AllCaughtUpMs);
        report.Add("per client: own reconnect -> caught up", rl.PerClient, bl?.PerClient);
        report.Add("  of which connecting (WebSocket + handshake) p50", "ms", rl.Connect.P50OrNull, bl?.Connect.P50OrNull);
        report.Add("  of which connecting p99", "ms", rl.Connect.P99OrNull, bl?.Connect.P99OrNull);
        report.Add("  of which JoinMeeting answered p50", "ms", rl.Join.P50OrNull, bl?.Join.P50OrNull);
        report.Add("  of which JoinMeeting answered p99", "ms", rl.Join.P99OrNull, bl?.Join.P99OrNull);
        report.Add("clients back", "", rl.Reconnected, bl?.Reconnected);
        report.Add("reconnect retries", "", rl.Retries, bl?.Retries);
        report.Add("commands during the storm", "", rl.StormCommands, bl?.StormCommands);
        if (rl.StormCommands > 0) report.Add("delivery latency during the storm", rl.Delivery, bl?.Delivery);
        report.Add("server max RSS", "MiB", ScenarioRunner.ServerRssMiB(rl.Resources), bl is null ? null : ScenarioRunner.ServerRssMiB(bl.Resources));
        report.RakorLiveResources.AddRange(rl.Resources);
        if (bl is not null) report.BaselineResources.AddRange(bl.Resources);
        foreach (var (name, r) in new[] { ("RakorLive", rl), ("baseline", bl) })
        {
            if (r is null) continue;
            report.Check($"{name} reconnects", r.Reconnected == r.Clients && r.AllCaughtUpMs is not null,
                $"{r.Reconnected} of {r.Clients} clients back, {(r.AllCaughtUpMs is { } ms ? $"all caught up in {ms:0} ms" : "not all caught up")}" +
                (r.Errors.Count > 0 ? "; first errors: " + string.Join(" | ", r.Errors.Take(3)) : ""));
            report.Check($"{name} clients' sequences", r.Watchers.Ok && r.Watchers.SnapshotJoins == 0, r.Watchers.Describe());
            report.Check($"{name} commands during the storm", r.StormFailed == 0, $"{r.StormCommands} sent, {r.StormFailed} failed");
        }
        if (o.EventRetention is { } retention && o.StartsOwnServers)
            report.Notes.Add($"the bench started RakorLive with RakorLive:EventRetention={retention} so the missed events are still retained (default 500)");
        report.Summary = new Summary
        {
            Latency = "per client: its reconnect -> it has every event it missed",
            CommandsPerSecond = o.Rate,
            P50Ms = rl.PerClient.P50OrNull,
            P99Ms = rl.PerClient.P99OrNull,
            BaselineP99Ms = bl?.PerClient.P99OrNull,
            Lost = rl.Watchers.Lost,
            Duplicates = rl.Watchers.Duplicates,
            OutOfOrder = rl.Watchers.OutOfOrder,
            ServerRssMb = ScenarioRunner.ServerRssMiB(rl.Resources),
            Extra = new Dictionary<string, object?>
            {
                ["lostAfterLastReceived"] = rl.Watchers.LostAtTail,
                ["clients"] = rl.Clients,
                ["missed"] = rl.Missed,
                ["jitterMs"] = o.Jitter.TotalMilliseconds,
                ["caughtUpMs"] = rl.AllCaughtUpMs,
                ["baselineCaughtUpMs"] = bl?.AllCaughtUpMs,
                ["caughtUpRatio"] = rl.AllCaughtUpMs is { } mine && bl?.AllCaughtUpMs is { } theirs && theirs > 0 ? mine / theirs : null,
                ["reconnected"] = rl.Reconnected,
                ["retries"] = rl.Retries,
            },
        };
    }
}
