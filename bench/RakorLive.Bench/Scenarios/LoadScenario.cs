using RakorLive.Bench.Live;
using RakorLive.Bench.Measuring;
using RakorLive.Bench.Reporting;
using RakorLive.Bench.Systems;
using RakorLive.Rules;

namespace RakorLive.Bench.Scenarios;

/// <summary>What one system did under the steady or one-room load.</summary>
public sealed record LoadResult(
    int Connections,
    int Commands,
    int Acknowledged,
    int Failed,
    IReadOnlyList<string> Errors,
    int Skipped,
    LatencySummary Command,
    LatencySummary Add,
    LatencySummary Edit,
    LatencySummary Delivery,
    long Deliveries,
    double CommandsPerSecond,
    double DeliveriesPerSecond,
    PacingStats Pacing,
    LatencySummary Lag,
    WatcherTotals Watchers,
    long EventsInSequence,
    int AcknowledgedAll,
    IReadOnlyList<ProcessResources> Resources,
    TimeSpan SettleTook,
    bool Settled);

/// <summary>One load run of a system; one-room has two (its attendees alone, then with the watchers).</summary>
public sealed record LoadPart(string Label, LoadResult Result);

public sealed record LoadResults(IReadOnlyList<LoadPart> Parts);

/// <summary>
/// steady: M meetings, N attendees watching each, W writers adding and editing action points at a fixed rate.
/// one-room: one meeting and its W writers, first with its N attendees watching (the command rate it sustains),
/// then in a fresh meeting with K watchers (the rate it delivers at). Open loop: commands go out on schedule, answered or not.
/// </summary>
public sealed class LoadScenario(BenchOptions options, TextWriter progress) : ScenarioBase<LoadResults>(options, progress)
{
    private bool Steady => Options.Scenario == Scenario.Steady;
    private int MeetingCount => Steady ? Options.Meetings : 1;

    public override async Task<LoadResults> RunAsync(ILiveSystem system, CancellationToken cancellationToken)
    {
        if (Steady) return new LoadResults([new LoadPart("", await RunPartAsync(system, Options.Meetings * Options.Attendees, cancellationToken))]);
        var attendees = await RunPartAsync(system, Options.Attendees, cancellationToken);
        var watchers = await RunPartAsync(system, Options.Watchers, cancellationToken);
        return new LoadResults([new LoadPart($"{Options.Attendees} attendees", attendees), new LoadPart($"{Options.Watchers} watchers", watchers)]);
    }

    private async Task<LoadResult> RunPartAsync(ILiveSystem system, int watcherCount, CancellationToken cancellationToken)
    {
        var meetings = await system.CreateMeetingsAsync(MeetingCount, cancellationToken);
        Progress.WriteLine($"  {system.Name}: {meetings.Count} meeting(s) ready; connecting {watcherCount} watchers");
        var log = new CommandLog();
        var sink = new DeliverySink(log);
        // Watcher i follows meeting i mod M: every meeting gets its attendees, and each node its share of every meeting.
        await using var pool = await WatcherPool.ConnectAsync(system, watcherCount, i => meetings[i % meetings.Count], sink, Progress, cancellationToken);
        var channels = await OpenWritersAsync(system, Options.Writers, cancellationToken);
        try
        {
            var budget = new AddBudget(Limits.ActionPointsPerMeeting - BenchOptions.AddReserve);
            var meetingsOf = channels.Select((_, w) => MeetingsOf(w, meetings)).ToList();
            var writers = channels.Select((c, w) => new WriterSession(c, meetingsOf[w], Options.EditPercent, budget, log)).ToList();

            // Warm-up, not measured: each writer adds one action point to each of its meetings, so grains, connections
            // and code paths are hot and every writer has something of its own to edit from the first edit turn.
            var warmUp = writers.SelectMany((w, i) => meetingsOf[i].Select(_ => w)).ToList();
            await Pacer.RunConcurrentAsync(warmUp.Count, 8, k => warmUp[(int)k].SendAsync(measured: false, cancellationToken), cancellationToken);
            // Then the measured load's own pace for a while, also not measured: the first seconds of a fresh process
            // (JIT tiers, heap sizing, pools growing) are its start-up, not the meeting's steady latency.
            Task WarmUpLoad(TimeSpan span) => Pacer.RunAsync(Options.Rate, span,
                (k, due) => writers[(int)(k % writers.Count)].SendAsync(measured: false, cancellationToken, due), cancellationToken);
            if (Options.WarmUp > TimeSpan.Zero) await WarmUpLoad(Options.WarmUp);
            var settling = (Took: TimeSpan.Zero, Settled: false);
            if (Options.Settle > TimeSpan.Zero)
            {
                using var metrics = Http.CreateClient(TimeSpan.FromSeconds(10));
                settling = await Compilation.SettleAsync(metrics, system.Nodes, Options.Settle, WarmUpLoad, cancellationToken);
                Progress.WriteLine($"  {system.Name}: JIT " +
                                   (settling.Settled ? $"settled after {settling.Took.TotalSeconds:0} s more warm-up" : $"still running after {settling.Took.TotalSeconds:0} s more warm-up; measuring anyway"));
            }
            var warmSeqs = await ScenarioRunner.SeqsAsync(system, meetings, cancellationToken);
            await pool.WaitForAsync(w => warmSeqs[w.Meeting.Index], Options.Drain, cancellationToken);
            var unmeasured = log.Count;
            Progress.WriteLine($"  {system.Name}: warm-up done ({unmeasured} commands); {Options.Rate} commands/s for {Options.Duration.TotalSeconds:0} s");

            // The bench's own garbage from the set-up (and from the system measured before) is collected now, not by a
            // long pause of its own inside the measured part, where every delivery in flight would wait for it.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            var monitor = ScenarioRunner.Monitor(system);
            var pacing = await Pacer.RunAsync(Options.Rate, Options.Duration,
                (k, due) => writers[(int)(k % writers.Count)].SendAsync(measured: true, cancellationToken, due), cancellationToken);
            Progress.WriteLine($"  {system.Name}: load done in {pacing.Elapsed.TotalSeconds:0.0} s, every command answered or failed; waiting for the watchers");
            var (shortcut, full) = WatcherProtocol.Counts;
            Progress.WriteLine($"  bench so far: watchers read {shortcut} pushes in one pass and {full} messages through SignalR's JSON protocol");
            var finals = await ScenarioRunner.SeqsAsync(system, meetings, cancellationToken);
            var drained = await pool.WaitForAsync(w => finals[w.Meeting.Index], Options.Drain, cancellationToken);
            var resources = await monitor.StopAsync();
            var totals = pool.Check(w => finals[w.Meeting.Index]);
            if (!drained) Progress.WriteLine($"  {system.Name}: {totals.Behind} watchers still behind after {Options.Drain.TotalSeconds:0} s");

            var (firstSent, lastAcked) = log.MeasuredWindow();
            var acknowledged = log.Acknowledged();
            var deliveryWindow = Clock.Ms(firstSent, sink.LastDelivery) / 1000;
            return new LoadResult(
                watcherCount,
                log.Count - unmeasured,
                acknowledged,
                log.Failed,
                log.Errors,
                writers.Sum(w => w.Skipped),
                LatencySummary.Of(log.LatenciesMs()),
                LatencySummary.Of(log.LatenciesMs(CommandKind.Add)),
                LatencySummary.Of(log.LatenciesMs(CommandKind.Edit)),
                sink.Latency.Summary(),
                sink.Deliveries,
                lastAcked > firstSent ? acknowledged / (Clock.Ms(firstSent, lastAcked) / 1000) : 0,
                deliveryWindow > 0 ? sink.Deliveries / deliveryWindow : 0,
                pacing,
                log.LagMs(),
                totals,
                meetings.Sum(m => finals[m.Index] - m.StartSeq),
                log.Acknowledged(measuredOnly: false),
                resources,
                settling.Took,
                settling.Settled);
        }
        finally
        {
            await CloseAsync(channels);
        }
    }

    private string WarmUpLine => "not measured first: one add per writer and meeting" +
        (Options.WarmUp > TimeSpan.Zero ? $", then {Options.WarmUp.TotalSeconds:0} s of the same load" : "") +
        (Options.Settle > TimeSpan.Zero
            ? $", then the same load {Compilation.Slice.TotalSeconds:0} s at a time until the servers' JIT took under " +
              $"{Compilation.Threshold:P0} of a core over one of them (none begun after {Options.Settle.TotalSeconds:0} s; a slice lasts until its commands are answered)"
            : "") +
        ", then a full collection of the bench's own heap";

    public override void Build(ScenarioReport report, LoadResults rakorLive, LoadResults? baseline)
    {
        var o = Options;
        var parts = rakorLive.Parts.Select((p, i) => (p.Label, Rl: p.Result, Bl: baseline?.Parts[i].Result)).ToList();
        report.Connections = parts.Max(p => p.Rl.Connections);
        report.Load.Add(("load", Steady
            ? $"{o.Meetings} meetings x {o.Attendees} attendees = {parts[0].Rl.Connections} WebSocket connections; {o.Writers} writers; " +
              $"{o.Rate} commands/s for {o.Duration.TotalSeconds:0} s, open loop; {o.EditPercent}% edits; {WarmUpLine}"
            : $"1 meeting, {o.Writers} writers; {o.Rate} commands/s for {o.Duration.TotalSeconds:0} s, open loop, {o.EditPercent}% edits; " +
              $"once with {o.Attendees} attendees watching, once (in a fresh meeting) with {o.Watchers} watchers; {WarmUpLine}"));
        report.Load.Add(("latency", "command: writer sends -> acknowledgement; delivery: writer sends -> each watcher receives the event (one clock, in the bench)"));

        foreach (var (label, rl, bl) in parts)
        {
            var prefix = label.Length > 0 ? $"[{label}] " : "";
            report.Add(prefix + "commands scheduled", "", rl.Pacing.Scheduled, bl?.Pacing.Scheduled);
            if (rl.Skipped > 0 || bl?.Skipped > 0 || rl.Pacing.RefusedInFlight > 0 || bl?.Pacing.RefusedInFlight > 0)
                report.Add(prefix + "  not sent (nothing idle to edit and meeting full, or too many in flight)", "",
                    rl.Skipped + rl.Pacing.RefusedInFlight, bl is null ? null : bl.Skipped + bl.Pacing.RefusedInFlight);
            report.Add(prefix + "commands sent", "", rl.Commands, bl?.Commands);
            report.Add(prefix + "commands acknowledged", "", rl.Acknowledged, bl?.Acknowledged);
            report.Add(prefix + "commands failed", "", rl.Failed, bl?.Failed);
            report.Add(prefix + "acknowledged commands/s", "", rl.CommandsPerSecond, bl?.CommandsPerSecond);
            report.Add(prefix + "command latency", rl.Command, bl?.Command, withP95: true);
            report.Add(prefix + "  add (POST) p99", "ms", rl.Add.P99OrNull, bl?.Add.P99OrNull);
            report.Add(prefix + "  edit (PATCH) p99", "ms", rl.Edit.P99OrNull, bl?.Edit.P99OrNull);
            report.Add(prefix + "delivery latency", rl.Delivery, bl?.Delivery, withP95: true);
            report.Add(prefix + "deliveries", "", rl.Deliveries, bl?.Deliveries);
            report.Add(prefix + "deliveries/s", "", rl.DeliveriesPerSecond, bl?.DeliveriesPerSecond);
            report.Add(prefix + "bench: command sent late by, p99", "ms", rl.Lag.P99OrNull, bl?.Lag.P99OrNull);
            if (Options.Settle > TimeSpan.Zero)
                report.Add(prefix + "warm-up until the JIT settled (s; - if it did not)", "", rl.Settled ? rl.SettleTook.TotalSeconds : null,
                    bl is { Settled: true } ? bl.SettleTook.TotalSeconds : null);
            report.Add(prefix + "server max RSS", "MiB", ScenarioRunner.ServerRssMiB(rl.Resources), bl is null ? null : ScenarioRunner.ServerRssMiB(bl.Resources));
            var suffix = label.Length > 0 ? $" [{label}]" : "";
            report.RakorLiveResources.AddRange(rl.Resources.Select(r => r with { Name = r.Name + suffix }));
            if (bl is not null) report.BaselineResources.AddRange(bl.Resources.Select(r => r with { Name = r.Name + suffix }));

            foreach (var (system, r) in new[] { ("RakorLive", rl), ("baseline", bl) })
            {
                if (r is null) continue;
                var name = system + suffix;
                report.Check($"{name} watchers", r.Watchers.Ok, r.Watchers.Describe());
                report.Check($"{name} commands", r.Failed == 0 && r.Pacing.RefusedInFlight == 0 && r.Skipped == 0,
                    $"{r.Acknowledged} of {r.Commands} acknowledged, {r.Failed} failed" +
                    (r.Pacing.RefusedInFlight > 0 ? $", {r.Pacing.RefusedInFlight} not sent ({Pacer.MaxInFlight} already in flight)" : "") +
                    (r.Skipped > 0 ? $", {r.Skipped} not sent (nothing idle to edit and the meeting full)" : "") +
                    (r.Errors.Count > 0 ? "; first errors: " + string.Join(" | ", r.Errors.Take(3)) : ""));
                // Each acknowledged add or edit is one event of its meeting: fewer events would be an acknowledgement the sequence lost.
                report.Check($"{name} sequence holds every acknowledged command", r.EventsInSequence >= r.AcknowledgedAll,
                    $"{r.EventsInSequence} events after the start, {r.AcknowledgedAll} commands acknowledged (warm-up included)");
                if (r.EventsInSequence > r.AcknowledgedAll)
                    report.Notes.Add($"{name}: {r.EventsInSequence - r.AcknowledgedAll} events of commands that were not acknowledged (failed or timed out, yet applied; " +
                                     "a client's retry with the same commandId would be answered as a replay)");
                if (r.Lag.P99 > 50)
                    report.Notes.Add($"{name}: the bench sent 1% of the commands more than {r.Lag.P99:0} ms late (max {r.Lag.Max:0} ms): the machine was saturated");
            }
        }

        // steady's headline is the delivery latency (command to every attendee); one-room's is the command latency its attendees get,
        // and the delivery rate to the watchers beside the baseline's.
        var (_, head, headBaseline) = parts[0];
        var (_, wide, wideBaseline) = parts[^1];
        var extra = new Dictionary<string, object?>
        {
            ["lostAfterLastReceived"] = parts.Sum(p => p.Rl.Watchers.LostAtTail),
            ["meetings"] = MeetingCount,
            ["writers"] = o.Writers,
            ["rate"] = o.Rate,
            ["durationSeconds"] = o.Duration.TotalSeconds,
            ["commands"] = head.Commands,
            ["acknowledged"] = head.Acknowledged,
            ["failed"] = head.Failed,
            ["commandP50Ms"] = head.Command.P50OrNull,
            ["commandP99Ms"] = head.Command.P99OrNull,
            ["deliveryP50Ms"] = head.Delivery.P50OrNull,
            ["deliveryP99Ms"] = head.Delivery.P99OrNull,
            ["baselineCommandsPerSecond"] = headBaseline?.CommandsPerSecond,
            ["baselineCommandP99Ms"] = headBaseline?.Command.P99OrNull,
            ["baselineDeliveryP99Ms"] = headBaseline?.Delivery.P99OrNull,
            ["watchers"] = wide.Connections,
            ["deliveriesPerSecond"] = wide.DeliveriesPerSecond,
            ["baselineDeliveriesPerSecond"] = wideBaseline?.DeliveriesPerSecond,
            ["deliveryRateRatio"] = wideBaseline is { DeliveriesPerSecond: > 0 } ? wide.DeliveriesPerSecond / wideBaseline.DeliveriesPerSecond : null,
            ["baselineRssMb"] = parts.Max(p => p.Bl is null ? null : ScenarioRunner.ServerRssMiB(p.Bl.Resources)),
        };
        if (!Steady)
        {
            extra["attendees"] = head.Connections;
            extra["watchersCommandP99Ms"] = wide.Command.P99OrNull;
            extra["watchersDeliveryP99Ms"] = wide.Delivery.P99OrNull;
            extra["watchersCommandsPerSecond"] = wide.CommandsPerSecond;
        }
        report.Summary = new Summary
        {
            Latency = Steady ? "delivery: command sent -> event received by each watcher" : $"command: sent -> acknowledged, with {o.Attendees} attendees",
            CommandsPerSecond = head.CommandsPerSecond,
            P50Ms = (Steady ? head.Delivery : head.Command).P50OrNull,
            P99Ms = (Steady ? head.Delivery : head.Command).P99OrNull,
            BaselineP99Ms = (Steady ? headBaseline?.Delivery : headBaseline?.Command)?.P99OrNull,
            Lost = parts.Sum(p => p.Rl.Watchers.Lost),
            Duplicates = parts.Sum(p => p.Rl.Watchers.Duplicates),
            OutOfOrder = parts.Sum(p => p.Rl.Watchers.OutOfOrder),
            ServerRssMb = parts.Max(p => ScenarioRunner.ServerRssMiB(p.Rl.Resources)),
            Extra = extra,
        };
    }

    /// <summary>
    /// Writer w's meetings: with at least as many meetings as writers, every W-th meeting from w; with more
    /// writers than meetings, meeting w mod M, shared with the other writers of that meeting.
    /// </summary>
    private List<BenchMeeting> MeetingsOf(int writer, IReadOnlyList<BenchMeeting> meetings) => meetings.Count >= Options.Writers
        ? [.. meetings.Where(m => m.Index % Options.Writers == writer)]
        : [meetings[writer % meetings.Count]];
}
