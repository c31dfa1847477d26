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
    bool Drained,
    IReadOnlyList<ProcessResources> Resources);

/// <summary>
/// steady: M meetings, N attendees watching each, W writers adding and editing action points at a fixed rate.
/// one-room: the same with one meeting and K watchers. Open loop: commands go out on schedule, answered or not.
/// </summary>
public sealed class LoadScenario(BenchOptions options, TextWriter progress) : ScenarioBase<LoadResult>(options, progress)
{
    private bool Steady => Options.Scenario == Scenario.Steady;
    private int MeetingCount => Steady ? Options.Meetings : 1;
    private int WatcherCount => Steady ? Options.Meetings * Options.Attendees : Options.Watchers;

    public override async Task<LoadResult> RunAsync(ILiveSystem system, CancellationToken cancellationToken)
    {
        var meetings = await system.CreateMeetingsAsync(MeetingCount, cancellationToken);
        Progress.WriteLine($"  {system.Name}: {meetings.Count} meeting(s) ready; connecting {WatcherCount} watchers");
        var log = new CommandLog();
        var sink = new DeliverySink(log);
        // Watcher i follows meeting i mod M: every meeting gets its attendees, and each node its share of every meeting.
        await using var pool = await WatcherPool.ConnectAsync(system, WatcherCount, i => meetings[i % meetings.Count], sink, Progress, cancellationToken);
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
            var warmSeqs = await ScenarioRunner.SeqsAsync(system, meetings, cancellationToken);
            await pool.WaitForAsync(w => warmSeqs[w.Meeting.Index], Options.Drain, cancellationToken);
            Progress.WriteLine($"  {system.Name}: warm-up done ({warmUp.Count} commands); {Options.Rate} commands/s for {Options.Duration.TotalSeconds:0} s");

            var monitor = ScenarioRunner.Monitor(system);
            var pacing = await Pacer.RunAsync(Options.Rate, Options.Duration,
                (k, due) => writers[(int)(k % writers.Count)].SendAsync(measured: true, cancellationToken, due), cancellationToken);
            Progress.WriteLine($"  {system.Name}: load done in {pacing.Elapsed.TotalSeconds:0.0} s, every command answered or failed; waiting for the watchers");
            var finals = await ScenarioRunner.SeqsAsync(system, meetings, cancellationToken);
            var drained = await pool.WaitForAsync(w => finals[w.Meeting.Index], Options.Drain, cancellationToken);
            var resources = await monitor.StopAsync();
            var totals = pool.Check(w => finals[w.Meeting.Index]);
            if (!drained) Progress.WriteLine($"  {system.Name}: {totals.Behind} watchers still behind after {Options.Drain.TotalSeconds:0} s");

            var (firstSent, lastAcked) = log.MeasuredWindow();
            var acknowledged = log.Acknowledged();
            var deliveryWindow = Clock.Ms(firstSent, sink.LastDelivery) / 1000;
            return new LoadResult(
                WatcherCount,
                log.Count - warmUp.Count,
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
                drained,
                resources);
        }
        finally
        {
            await CloseAsync(channels);
        }
    }

    public override void Build(ScenarioReport report, LoadResult rl, LoadResult? bl)
    {
        var o = Options;
        report.Connections = rl.Connections;
        report.Load.Add(("load", Steady
            ? $"{o.Meetings} meetings x {o.Attendees} attendees = {rl.Connections} WebSocket connections; {o.Writers} writers; " +
              $"{o.Rate} commands/s for {o.Duration.TotalSeconds:0} s, open loop; {o.EditPercent}% edits"
            : $"1 meeting, {o.Writers} writers, {rl.Connections} watchers; {o.Rate} commands/s for {o.Duration.TotalSeconds:0} s, open loop; {o.EditPercent}% edits"));
        report.Load.Add(("latency", $"command: writer sends -> acknowledgement; delivery: writer sends -> each watcher receives the event (one clock, in the bench)"));

        report.Add("commands sent", "", rl.Commands, bl?.Commands);
        report.Add("commands acknowledged", "", rl.Acknowledged, bl?.Acknowledged);
        report.Add("commands failed", "", rl.Failed, bl?.Failed);
        report.Add("acknowledged commands/s", "", rl.CommandsPerSecond, bl?.CommandsPerSecond);
        report.Add("command latency", rl.Command, bl?.Command, withP95: true);
        report.Add("  add (POST) p99", "ms", rl.Add.P99OrNull, bl?.Add.P99OrNull);
        report.Add("  edit (PATCH) p99", "ms", rl.Edit.P99OrNull, bl?.Edit.P99OrNull);
        report.Add("delivery latency", rl.Delivery, bl?.Delivery, withP95: true);
        report.Add("deliveries", "", rl.Deliveries, bl?.Deliveries);
        report.Add("deliveries/s", "", rl.DeliveriesPerSecond, bl?.DeliveriesPerSecond);
        report.Add("bench: command sent late by, p99", "ms", rl.Lag.P99OrNull, bl?.Lag.P99OrNull);
        report.Add("server max RSS", "MiB", ScenarioRunner.ServerRssMiB(rl.Resources), bl is null ? null : ScenarioRunner.ServerRssMiB(bl.Resources));
        report.RakorLiveResources.AddRange(rl.Resources);
        if (bl is not null) report.BaselineResources.AddRange(bl.Resources);

        foreach (var (name, r) in new[] { ("RakorLive", rl), ("baseline", bl) })
        {
            if (r is null) continue;
            report.Check($"{name} watchers", r.Watchers.Ok, r.Watchers.Describe());
            report.Check($"{name} commands", r.Failed == 0 && r.Pacing.RefusedInFlight == 0,
                $"{r.Acknowledged} of {r.Commands} acknowledged, {r.Failed} failed" +
                (r.Pacing.RefusedInFlight > 0 ? $", {r.Pacing.RefusedInFlight} not sent ({Pacer.MaxInFlight} already in flight)" : "") +
                (r.Errors.Count > 0 ? "; first errors: " + string.Join(" | ", r.Errors.Take(3)) : ""));
            // Each acknowledged add or edit is one event of its meeting: fewer events would be an acknowledgement the sequence lost.
            report.Check($"{name} sequence holds every acknowledged command", r.EventsInSequence >= r.AcknowledgedAll,
                $"{r.EventsInSequence} events after the start, {r.AcknowledgedAll} commands acknowledged (warm-up included)");
            if (r.EventsInSequence > r.AcknowledgedAll)
                report.Notes.Add($"{name}: {r.EventsInSequence - r.AcknowledgedAll} events of commands that were not acknowledged (failed or timed out, yet applied; " +
                                 "a client's retry with the same commandId would be answered as a replay)");
            if (r.Skipped > 0) report.Notes.Add($"{name}: {r.Skipped} turns skipped (an edit turn with nothing idle to edit and the meeting full)");
        }
        foreach (var (name, r) in new[] { ("RakorLive", rl), ("baseline", bl) })
            if (r is { Lag.P99: > 50 })
                report.Notes.Add($"{name}: the bench sent 1% of the commands more than {r.Lag.P99:0} ms late (max {r.Lag.Max:0} ms): the machine was saturated");

        var extra = new Dictionary<string, object?>
        {
            ["lostAfterLastReceived"] = rl.Watchers.LostAtTail,
            ["meetings"] = MeetingCount,
            ["writers"] = o.Writers,
            ["rate"] = o.Rate,
            ["durationSeconds"] = o.Duration.TotalSeconds,
            ["commands"] = rl.Commands,
            ["acknowledged"] = rl.Acknowledged,
            ["failed"] = rl.Failed,
            ["commandP50Ms"] = rl.Command.P50OrNull,
            ["commandP99Ms"] = rl.Command.P99OrNull,
            ["deliveryP50Ms"] = rl.Delivery.P50OrNull,
            ["deliveryP99Ms"] = rl.Delivery.P99OrNull,
            ["deliveriesPerSecond"] = rl.DeliveriesPerSecond,
            ["baselineCommandsPerSecond"] = bl?.CommandsPerSecond,
            ["baselineCommandP99Ms"] = bl?.Command.P99OrNull,
            ["baselineDeliveryP99Ms"] = bl?.Delivery.P99OrNull,
            ["baselineDeliveriesPerSecond"] = bl?.DeliveriesPerSecond,
            ["deliveryRateRatio"] = bl is { DeliveriesPerSecond: > 0 } ? rl.DeliveriesPerSecond / bl.DeliveriesPerSecond : null,
            ["baselineRssMb"] = bl is null ? null : ScenarioRunner.ServerRssMiB(bl.Resources),
        };
        // steady's headline is the delivery latency (command to every attendee); one-room's is the command latency it sustains.
        var headline = Steady ? rl.Delivery : rl.Command;
        var baselineHeadline = Steady ? bl?.Delivery : bl?.Command;
        report.Summary = new Summary
        {
            Latency = Steady ? "delivery: command sent -> event received by each watcher" : "command: sent -> acknowledged",
            CommandsPerSecond = rl.CommandsPerSecond,
            P50Ms = headline.P50OrNull,
            P99Ms = headline.P99OrNull,
            BaselineP99Ms = baselineHeadline?.P99OrNull,
            Lost = rl.Watchers.Lost,
            Duplicates = rl.Watchers.Duplicates,
            OutOfOrder = rl.Watchers.OutOfOrder,
            ServerRssMb = ScenarioRunner.ServerRssMiB(rl.Resources),
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
