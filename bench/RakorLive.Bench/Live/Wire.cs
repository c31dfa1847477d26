using System.Text.Json;

namespace RakorLive.Bench.Live;

// The parts of the hub's messages a watcher reads; the JSON protocol skips everything else unparsed,
// which keeps thousands of connections cheap. Names follow the public contract (camelCase on the wire).

/// <summary>A MeetingEvent push: {meetingId, seq, epoch, type, occurredAt, data}.</summary>
public sealed class WireEvent
{
    public long Seq { get; set; }
    public long Epoch { get; set; }
    public string? Type { get; set; }
    public WireData? Data { get; set; }
}

public sealed class WireData
{
    public WireActionPoint? ActionPoint { get; set; }
}

public sealed class WireActionPoint
{
    public string? Description { get; set; }
}

/// <summary>JoinMeeting's answer: {snapshot?, events[], seq, epoch}.</summary>
public sealed class WireJoin
{
    public JsonElement? Snapshot { get; set; }
    public List<WireEvent>? Events { get; set; }
    public long Seq { get; set; }
    public long Epoch { get; set; }

    public bool HasSnapshot => Snapshot is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) };
}
