using System.Diagnostics.Metrics;

namespace RakorLive.Grains.Telemetry;

/// <summary>
/// Every RakorLive instrument, on the one <see cref="Meter"/> named <see cref="MeterName"/>. Static so grains,
/// the hub and the relay record without extra constructor parameters; the server exports it at <c>/metrics</c>.
/// Each process reports its own values: sum the series of all nodes for the cluster.
/// </summary>
public static class RakorLiveMetrics
{
    public const string MeterName = "RakorLive";

    /// <summary>Command outcomes (tag <c>outcome</c>).</summary>
    public static class Outcome
    {
        public const string Ok = "ok";
        public const string Replay = "replay";
        /// <summary>Refused by a rule: validation, permission, wrong state, unknown id (a 4xx for the caller).</summary>
        public const string Rejected = "rejected";
        /// <summary>Neither answered nor refused: storage or runtime failure (a 5xx).</summary>
        public const string Failed = "failed";
    }

    // Seconds from 1 ms to 10 s: fan-out and storage writes live in the low milliseconds when healthy.
    private static readonly double[] SecondsBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    public static readonly Meter Meter = new(MeterName, typeof(RakorLiveMetrics).Assembly.GetName().Version?.ToString());

    /// <summary>SignalR connections open on this node (hub connect/disconnect).</summary>
    public static readonly UpDownCounter<long> SignalRConnections = Meter.CreateUpDownCounter<long>(
        "rakorlive.signalr.connections", "{connection}", "SignalR connections open on this node.");

    /// <summary>
    /// Meetings in status Live whose grain is active on this node. A grain moving to another node leaves
    /// with its count, so the sum over the nodes is the cluster's live meetings that are in use.
    /// </summary>
    public static readonly UpDownCounter<long> MeetingsLive = Meter.CreateUpDownCounter<long>(
        "rakorlive.meetings.live", "{meeting}", "Live meetings whose grain is active on this node.");

    /// <summary>Commands handled by the grains on this node; tags <c>kind</c> (e.g. Meeting.Start) and <c>outcome</c>.</summary>
    public static readonly Counter<long> Commands = Meter.CreateCounter<long>(
        "rakorlive.commands", "{command}", "Commands handled, by kind and outcome (ok, replay, rejected, failed).");

    /// <summary>From an event's occurredAt to the relay's SendAsync to the meeting's SignalR group completing.</summary>
    public static readonly Histogram<double> FanOutDuration = Meter.CreateHistogram(
        "rakorlive.fanout.duration", "s", "Seconds from a meeting event's occurredAt until this node's relay has sent it to the meeting's SignalR group.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });

    /// <summary>The meeting grain's WriteStateAsync (state and events in one write); tag <c>outcome</c> ok or failed.</summary>
    public static readonly Histogram<double> StorageWriteDuration = Meter.CreateHistogram(
        "rakorlive.storage.write.duration", "s", "Seconds the meeting grain's state write (state and new events together) took.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
}
