using RakorLive.Bench.Live;
using RakorLive.Bench.Measuring;
using RakorLive.Bench.Reporting;
using RakorLive.Bench.Systems;

namespace RakorLive.Bench.Scenarios;

public sealed record GrowthResult(
    int Commitments,
    LatencySummary Early,
    LatencySummary Late,
    LatencySummary Control,
    LatencySummary Delivery,
    int Acknowledged,
    int Failed,
    IReadOnlyList<string> Errors,
    double CommandsPerSecond,
    TimeSpan Elapsed,
    WatcherTotals Watchers,
    long EventsInSequence,
    TimeSpan CatchUpAfterFill,
    TimeSpan? SettledAfterFill,
    IReadOnlyList<ProcessResources> Resources)
{
    public double? GrowthRatio => Early.Count > 0 && Late.Count > 0 && Early.P50 > 0 ? Late.P50 / Early.P50 : null;

    /// <summary>The same against commitments 1-K of a fresh meeting sent after the late ones: free of any warm-up left in the early window.</summary>
    public double? ControlRatio => Control.Count > 0 && Late.Count > 0 && Control.P50 > 0 ? Late.P50 / Control.P50 : null;
}

/// <summary>
/// growth: does a command get slower as its meeting fills up? One meeting receives N commitments; the first
/// and the last K are sent one at a time, the ones between four at a time. Nothing is queued before a measured window:
/// not the bench's own sends, and not the work the fill leaves behind (the outbox projecting it, the database's and
/// the runtime's upkeep), which it waits out. Measured in that tail, the late window met a busy machine, not a big
/// meeting: 1.38 against the early window, 0.84 against a fresh meeting's control sent right after it.
/// </summary>
public sealed class GrowthScenario(BenchOptions options, TextWriter progress) : ScenarioBase<GrowthResult>(options, progress)
{
    private const int FillConcurrency = 4;

    /// <summary>Commitments added to another meeting first: the early window should measure a small meeting, not cold code.</summary>
    private int WarmUp => Options.Quick ? 80 : 200;

    // Set by the RakorLive phase when a quick fill stopped early: the baseline then adds as many.
    private int? _commitments;

    public override bool RakorLiveFirst => Options.FillDeadline is not null;

    public override async Task<GrowthResult> RunAsync(ILiveSystem system, CancellationToken cancellationToken)
    {
        var created = await system.CreateMeetingsAsync(3, cancellationToken);
        var (warmMeeting, meeting, controlMeeting) = (created[0], created[1], created[2]);
        var log = new CommandLog();
        var sink = new DeliverySink(log);
        await using var pool = await WatcherPool.ConnectAsync(system, Options.Watchers, _ => meeting, sink, Progress, cancellationToken);
        var channels = await OpenWritersAsync(system, FillConcurrency, cancellationToken);
        try
        {
            // Exactly N adds fit: the budget is the scenario's own count, and nothing else is added to this meeting.
            var commitments = system is RakorLiveSystem ? Options.Commitments : _commitments ?? Options.Commitments;
            var budget = new AddBudget(commitments);
            var writers = channels.Select(c => new WriterSession(c, [meeting], 0, budget, log)).ToList();
            var warmWriters = channels.Select(c => new WriterSession(c, [warmMeeting], 0, new AddBudget(WarmUp + Options.Window), log)).ToList();
            await Pacer.RunConcurrentAsync(WarmUp, FillConcurrency, k => warmWriters[(int)(k % warmWriters.Count)].SendAsync(measured: false, cancellationToken),
                cancellationToken);
            // The servers recompile hot code in the background once calls pause (tiered JIT): give them that pause, then
            // send the early window's pattern once more, so the first commitments meet the code the last ones will.
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            for (var i = 0; i < Options.Window; i++) await warmWriters[0].SendAsync(measured: false, cancellationToken);
            await SettleAsync(warmMeeting, WarmUp + Options.Window);
            var earlyFrom = log.Count;
            var monitor = ScenarioRunner.Monitor(system);
            var started = Clock.Now;

            for (var i = 0; i < Options.Window; i++) await writers[0].SendAsync(measured: true, cancellationToken);
            var fill = commitments - 2 * Options.Window;
            Progress.WriteLine($"  {system.Name}: first {Options.Window} sent; filling {fill} more, {FillConcurrency} at a time");
            var reported = Clock.Now;
            var filled = 0;
            var fillStarted = await Pacer.RunConcurrentAsync(fill, FillConcurrency, async k =>
            {
                await writers[(int)(k % writers.Count)].SendAsync(measured: false, cancellationToken);
                var n = Interlocked.Increment(ref filled);
                if (Clock.MsSince(Interlocked.Read(ref reported)) > 10_000)
                {
                    Interlocked.Exchange(ref reported, Clock.Now);
                    Progress.WriteLine($"  {system.Name}: {Options.Window + n} of {commitments} commitments");
                }
            }, cancellationToken, system is RakorLiveSystem ? Options.FillDeadline : null);
            if (system is RakorLiveSystem) _commitments = 2 * Options.Window + fillStarted;
            if (fillStarted < fill)
                Progress.WriteLine($"  {system.Name}: quick run: filling stopped at {Options.Window + fillStarted} commitments after {Options.FillDeadline?.TotalSeconds:0} s");
            var (catchUp, settled) = await SettleAsync(meeting, Options.Window + fillStarted);
            Progress.WriteLine($"  {system.Name}: after the fill, the follow-up list caught up in {catchUp.TotalSeconds:0.00} s, " +
                               (settled is { } t ? $"the machine settled in {t.TotalSeconds:0.00} s" : "the machine did not settle within its wait"));
            var lateFrom = log.Count;
            for (var i = 0; i < Options.Window; i++) await writers[0].SendAsync(measured: true, cancellationToken);
            var elapsed = TimeSpan.FromMilliseconds(Clock.MsSince(started));
            await SettleAsync(meeting, 2 * Options.Window + fillStarted);
            var controlFrom = log.Count;
            var control = new WriterSession(channels[0], [controlMeeting], 0, new AddBudget(Options.Window), log);
            for (var i = 0; i < Options.Window; i++) await control.SendAsync(measured: true, cancellationToken);

            var finalSeq = await system.GetSeqAsync(meeting.Id, cancellationToken);
            await pool.WaitForAsync(_ => finalSeq, Options.Drain, cancellationToken);
            var resources = await monitor.StopAsync();
            var acknowledged = log.Acknowledged(measuredOnly: false, from: earlyFrom, to: controlFrom - 1);
            return new GrowthResult(
                2 * Options.Window + fillStarted,
                LatencySummary.Of(log.LatenciesMs(from: earlyFrom, to: earlyFrom + Options.Window - 1)),
                LatencySummary.Of(log.LatenciesMs(from: lateFrom, to: controlFrom - 1)),
                LatencySummary.Of(log.LatenciesMs(from: controlFrom)),
                sink.Latency.Summary(),
                acknowledged,
                log.Failed,
                log.Errors,
                acknowledged / elapsed.TotalSeconds,
                elapsed,
                pool.Check(_ => finalSeq),
                finalSeq - meeting.StartSeq,
                catchUp,
                settled,
                resources);
        }
        finally
        {
            await CloseAsync(channels);
        }

        // Both from the same start: the follow-up list holding the meeting's commitments, then the machine quiet.
        async Task<(TimeSpan CaughtUp, TimeSpan? Settled)> SettleAsync(BenchMeeting target, int commitments)
        {
            var from = Clock.Now;
            var caughtUp = await system.WaitForBackgroundAsync(target, commitments, Options.Drain, cancellationToken);
            // A quick run must end within 90 s: it waits less for a quiet machine and goes on regardless.
            var quiet = await Quiet.WaitAsync(TimeSpan.FromSeconds(Options.Quick ? 3 : 10), cancellationToken);
            return (caughtUp, quiet is null ? null : TimeSpan.FromMilliseconds(Clock.MsSince(from)));
        }
    }

    public override void Build(ScenarioReport report, GrowthResult rl, GrowthResult? bl)
    {
        var o = Options;
        var total = rl.Commitments;
        var lateFirst = total - o.Window + 1;
        report.Connections = o.Watchers;
        report.Load.Add(("load", $"1 meeting, {total} commitments (action points): 1-{o.Window} and {lateFirst}-{total} one at a time, " +
                        $"the rest {FillConcurrency} at a time; {o.Watchers} watchers; before them {WarmUp + o.Window} commitments in another meeting warm the code paths, " +
                        $"after them {o.Window} in a fresh meeting are the control; " +
                        "each measured window waits until the follow-up list holds the meeting's commitments and the machine is quiet"));
        report.Add($"command p50, commitments 1-{o.Window}", "ms", rl.Early.P50OrNull, bl?.Early.P50OrNull);
        report.Add($"command p99, commitments 1-{o.Window}", "ms", rl.Early.P99OrNull, bl?.Early.P99OrNull);
        report.Add($"command p50, commitments {lateFirst}-{total}", "ms", rl.Late.P50OrNull, bl?.Late.P50OrNull);
        report.Add($"command p99, commitments {lateFirst}-{total}", "ms", rl.Late.P99OrNull, bl?.Late.P99OrNull);
        report.Add("growth ratio p50(late)/p50(early)", "", rl.GrowthRatio, bl?.GrowthRatio);
        report.Add($"control: p50, commitments 1-{o.Window} of a fresh meeting, sent last", "ms", rl.Control.P50OrNull, bl?.Control.P50OrNull);
        report.Add("growth ratio against the control, p50(late)/p50(control)", "", rl.ControlRatio, bl?.ControlRatio);
        report.Add("acknowledged commands/s (whole run)", "", rl.CommandsPerSecond, bl?.CommandsPerSecond);
        report.Add("time to add all commitments", "s", rl.Elapsed.TotalSeconds, bl?.Elapsed.TotalSeconds);
        report.Add("after the fill: the follow-up list held every commitment", "s", rl.CatchUpAfterFill.TotalSeconds, bl?.CatchUpAfterFill.TotalSeconds);
        report.Add($"after the fill: the machine settled (under {Quiet.Threshold:0.00} of a core for {Quiet.Window.TotalMilliseconds:0} ms)", "s",
            rl.SettledAfterFill?.TotalSeconds, bl?.SettledAfterFill?.TotalSeconds);
        if (o.Watchers > 0) report.Add("delivery latency (measured ends)", rl.Delivery, bl?.Delivery);
        report.Add("server max RSS", "MiB", ScenarioRunner.ServerRssMiB(rl.Resources), bl is null ? null : ScenarioRunner.ServerRssMiB(bl.Resources));
        report.RakorLiveResources.AddRange(rl.Resources);
        if (bl is not null) report.BaselineResources.AddRange(bl.Resources);
        if (total < o.Commitments)
            report.Notes.Add($"quick run: RakorLive added {total} of the {o.Commitments} commitments within {o.FillDeadline?.TotalSeconds:0} s of filling " +
                             $"(the baseline then added as many); the late window is {lateFirst}-{total}");
        foreach (var (name, r) in new[] { ("RakorLive", rl), ("baseline", bl) })
        {
            if (r is null) continue;
            report.Check($"{name} commitments", r.Failed == 0 && r.Acknowledged == r.Commitments,
                $"{r.Acknowledged} of {r.Commitments} acknowledged, {r.Failed} failed" + (r.Errors.Count > 0 ? "; first errors: " + string.Join(" | ", r.Errors.Take(3)) : ""));
            report.Check($"{name} sequence holds every acknowledged command", r.EventsInSequence >= r.Acknowledged,
                $"{r.EventsInSequence} events after the start, {r.Acknowledged} acknowledged");
            if (o.Watchers > 0) report.Check($"{name} watchers", r.Watchers.Ok, r.Watchers.Describe());
        }
        report.Summary = new Summary
        {
            Latency = $"command: sent -> acknowledged, commitments {lateFirst}-{total}",
            CommandsPerSecond = rl.CommandsPerSecond,
            P50Ms = rl.Late.P50OrNull,
            P99Ms = rl.Late.P99OrNull,
            BaselineP99Ms = bl?.Late.P99OrNull,
            Lost = rl.Watchers.Lost,
            Duplicates = rl.Watchers.Duplicates,
            OutOfOrder = rl.Watchers.OutOfOrder,
            ServerRssMb = ScenarioRunner.ServerRssMiB(rl.Resources),
            GrowthRatio = rl.GrowthRatio,
            Extra = new Dictionary<string, object?>
            {
                ["lostAfterLastReceived"] = rl.Watchers.LostAtTail,
                ["commitments"] = total,
                ["baselineCommitments"] = bl?.Commitments,
                ["window"] = o.Window,
                ["p50EarlyMs"] = rl.Early.P50OrNull,
                ["p50LateMs"] = rl.Late.P50OrNull,
                ["baselineP50EarlyMs"] = bl?.Early.P50OrNull,
                ["baselineP50LateMs"] = bl?.Late.P50OrNull,
                ["baselineGrowthRatio"] = bl?.GrowthRatio,
                ["p50ControlMs"] = rl.Control.P50OrNull,
                ["controlGrowthRatio"] = rl.ControlRatio,
                ["baselineControlGrowthRatio"] = bl?.ControlRatio,
                ["secondsToFill"] = rl.Elapsed.TotalSeconds,
                ["secondsToCatchUpAfterFill"] = rl.CatchUpAfterFill.TotalSeconds,
                ["secondsToSettleAfterFill"] = rl.SettledAfterFill?.TotalSeconds,
            },
        };
    }
}
