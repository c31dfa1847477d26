using RakorLive.Bench.Measuring;
using RakorLive.Bench.Systems;

namespace RakorLive.Bench.Live;

/// <summary>
/// Where watchers report the pushes of one phase: each event that names a measured command adds one
/// delivery latency (command sent to event received, the bench's clock at both ends).
/// </summary>
public sealed class DeliverySink(CommandLog log)
{
    private long _deliveries;
    private long _lastDelivery;

    public LatencyHistogram Latency { get; } = new();
    public long Deliveries => Interlocked.Read(ref _deliveries);

    /// <summary>When the last measured delivery arrived (Clock ticks; 0 if none).</summary>
    public long LastDelivery => Interlocked.Read(ref _lastDelivery);

    public void Received(WireEvent evt, long receivedAt)
    {
        var sentAt = log.MeasuredSentAt(Marker.Parse(evt.Data?.ActionPoint?.Description));
        if (sentAt == 0) return;
        Latency.RecordMs(Clock.Ms(sentAt, receivedAt));
        Interlocked.Increment(ref _deliveries);
        long last;
        while (receivedAt > (last = Interlocked.Read(ref _lastDelivery)) && Interlocked.CompareExchange(ref _lastDelivery, receivedAt, last) != last)
        {
        }
    }
}
