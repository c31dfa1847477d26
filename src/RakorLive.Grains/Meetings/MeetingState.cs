using RakorLive.Events;
using RakorLive.Model;

namespace RakorLive.Grains.Meetings;

/// <summary>What a meeting grain persists: the meeting, its retained event history and its command receipts, in one write.</summary>
[GenerateSerializer, Alias("RakorLive.MeetingState")]
public sealed class MeetingState
{
    [Id(0)] public bool Created { get; set; }
    [Id(1)] public string Title { get; set; } = "";
    [Id(2)] public DateTimeOffset ScheduledStart { get; set; }
    [Id(3)] public string Location { get; set; } = "";
    [Id(4)] public string Chair { get; set; } = "";
    [Id(5)] public string TimeZone { get; set; } = "Asia/Jakarta";
    [Id(6)] public MeetingStatus Status { get; set; }
    [Id(7)] public DateTimeOffset? StartedAt { get; set; }
    [Id(8)] public DateTimeOffset? ClosedAt { get; set; }
    [Id(9)] public List<AgendaItem> Agenda { get; set; } = [];
    [Id(10)] public string? CurrentItemId { get; set; }
    [Id(11)] public List<ActionPoint> ActionPoints { get; set; } = [];
    [Id(12)] public List<Attendee> Attendance { get; set; } = [];
    [Id(13)] public long Seq { get; set; }
    [Id(14)] public long Epoch { get; set; }
    [Id(15)] public List<MeetingEvent> Events { get; set; } = [];
    [Id(16)] public Dictionary<string, CommandReceipt> Receipts { get; set; } = [];
    [Id(17)] public List<string> ReceiptOrder { get; set; } = [];
    /// <summary>Action points whose read model (action point and OPD grains) may lag: re-applied on activation.</summary>
    [Id(18)] public HashSet<string> Unprojected { get; set; } = [];
    [Id(19)] public List<JoinCode> JoinCodes { get; set; } = [];
    [Id(20)] public DateTimeOffset CreatedAt { get; set; }
    [Id(21)] public string CreatedBy { get; set; } = "";
    [Id(22)] public string? CarriedOverFrom { get; set; }
}

/// <summary>What a commandId produced, so a replay answers with the same thing and emits nothing.</summary>
[GenerateSerializer, Immutable, Alias("RakorLive.CommandReceipt")]
public sealed record CommandReceipt(
    [property: Id(0)] string Kind,
    [property: Id(1)] string EntityId,
    [property: Id(2)] long Seq);
