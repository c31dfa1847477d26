namespace RakorLive.Grains.Legacy;

// The grain state of the first release (commit ab4a55f) exactly as Orleans' binary serializer wrote it to
// orleans_storage: the same [Id]s, and the same [Alias]es wherever the rows name a type (events' payloads by their
// subtype, action point histories as List`1[[RakorLive.ActionPointChange]]). Read only by LegacyMigration, at
// start-up, to move that data into the journal and the new states; nothing writes these types.
//
// Where a type of the new release still carries the old alias (the directory states, UserAccount, LedgerEntry), the
// copy gets its own "RakorLive.Legacy." alias: one alias must name one type in a silo, and the rows never name these
// types (they sit where the declared type is exactly theirs, so no type name is written).
//
// The enums carried no Orleans attributes: they were written as plain Int32 values, which these copies (also
// without attributes) read the same way. Values and order are those of the first release.

public enum LegacyMeetingStatus
{
    Scheduled,
    Live,
    Closed,
}

public enum LegacyAgendaItemStatus
{
    Pending,
    Active,
    Done,
    Skipped,
}

public enum LegacyActionPointStatus
{
    Open,
    InProgress,
    AwaitingVerification,
    Done,
    Dropped,
}

public enum LegacyRole
{
    Admin,
    Secretariat,
    Chair,
    OpdHead,
    Viewer,
}

// ---------- state "meeting" (MeetingGrain) ----------

[GenerateSerializer, Alias("RakorLive.MeetingState")]
public sealed class LegacyMeetingState
{
    [Id(0)] public bool Created { get; set; }
    [Id(1)] public string Title { get; set; } = "";
    [Id(2)] public DateTimeOffset ScheduledStart { get; set; }
    [Id(3)] public string Location { get; set; } = "";
    [Id(4)] public string Chair { get; set; } = "";
    [Id(5)] public string TimeZone { get; set; } = "Asia/Jakarta";
    [Id(6)] public LegacyMeetingStatus Status { get; set; }
    [Id(7)] public DateTimeOffset? StartedAt { get; set; }
    [Id(8)] public DateTimeOffset? ClosedAt { get; set; }
    [Id(9)] public List<LegacyAgendaItem> Agenda { get; set; } = [];
    [Id(10)] public string? CurrentItemId { get; set; }
    [Id(11)] public List<LegacyActionPoint> ActionPoints { get; set; } = [];
    [Id(12)] public List<LegacyAttendee> Attendance { get; set; } = [];
    [Id(13)] public long Seq { get; set; }
    [Id(14)] public long Epoch { get; set; }
    [Id(15)] public List<LegacyMeetingEvent> Events { get; set; } = [];
    [Id(16)] public Dictionary<string, LegacyCommandReceipt> Receipts { get; set; } = [];
    [Id(17)] public List<string> ReceiptOrder { get; set; } = [];
    [Id(18)] public HashSet<string> Unprojected { get; set; } = [];
    [Id(19)] public List<LegacyJoinCode> JoinCodes { get; set; } = [];
    [Id(20)] public DateTimeOffset CreatedAt { get; set; }
    [Id(21)] public string CreatedBy { get; set; } = "";
    [Id(22)] public string? CarriedOverFrom { get; set; }
}

[GenerateSerializer, Immutable, Alias("RakorLive.CommandReceipt")]
public sealed record LegacyCommandReceipt(
    [property: Id(0)] string Kind,
    [property: Id(1)] string EntityId,
    [property: Id(2)] long Seq);

[GenerateSerializer, Immutable, Alias("RakorLive.AgendaItem")]
public sealed record LegacyAgendaItem(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] string PresenterOpd,
    [property: Id(3)] int TimeboxMinutes,
    [property: Id(4)] LegacyAgendaItemStatus Status,
    [property: Id(5)] int Order,
    [property: Id(6)] DateTimeOffset? ActivatedAt = null,
    [property: Id(7)] DateTimeOffset? CompletedAt = null,
    [property: Id(8)] IReadOnlyList<string>? CarriedActionPointIds = null);

[GenerateSerializer, Immutable, Alias("RakorLive.Attendee")]
public sealed record LegacyAttendee(
    [property: Id(0)] string Opd,
    [property: Id(1)] string Name,
    [property: Id(2)] string Position,
    [property: Id(3)] DateTimeOffset CheckedInAt,
    [property: Id(4)] string CheckedInBy);

[GenerateSerializer, Immutable, Alias("RakorLive.ActionPoint")]
public sealed record LegacyActionPoint(
    [property: Id(0)] string Id,
    [property: Id(1)] string MeetingId,
    [property: Id(2)] string? AgendaItemId,
    [property: Id(3)] string OwnerOpd,
    [property: Id(4)] IReadOnlyList<string> SupportingOpds,
    [property: Id(5)] string Description,
    [property: Id(6)] string Target,
    [property: Id(7)] string Beneficiaries,
    [property: Id(8)] string Benefit,
    [property: Id(9)] DateOnly DueDate,
    [property: Id(10)] LegacyActionPointStatus Status,
    [property: Id(11)] int Version,
    [property: Id(12)] DateTimeOffset CreatedAt,
    [property: Id(13)] string CreatedBy,
    [property: Id(14)] DateTimeOffset UpdatedAt,
    [property: Id(15)] IReadOnlyList<LegacyActionPointChange> History,
    [property: Id(16)] int ProgressPercent = 0,
    [property: Id(17)] string? StatusReason = null);

[GenerateSerializer, Immutable, Alias("RakorLive.ActionPointChange")]
public sealed record LegacyActionPointChange(
    [property: Id(0)] int Version,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string By,
    [property: Id(3)] string Kind,
    [property: Id(4)] IReadOnlyList<string> Fields,
    [property: Id(5)] string? Note = null);

[GenerateSerializer, Immutable, Alias("RakorLive.JoinCode")]
public sealed record LegacyJoinCode(
    [property: Id(0)] string Code,
    [property: Id(1)] string MeetingId,
    [property: Id(2)] LegacyRole Role,
    [property: Id(3)] string? Opd,
    [property: Id(4)] DateTimeOffset ExpiresAt,
    [property: Id(5)] string CreatedBy);

[GenerateSerializer, Immutable, Alias("RakorLive.MeetingEvent")]
public sealed record LegacyMeetingEvent(
    [property: Id(0)] string MeetingId,
    [property: Id(1)] long Seq,
    [property: Id(2)] long Epoch,
    [property: Id(3)] string Type,
    [property: Id(4)] DateTimeOffset OccurredAt,
    [property: Id(5)] LegacyMeetingEventData Data);

[GenerateSerializer, Immutable, Alias("RakorLive.MeetingEventData")]
public abstract record LegacyMeetingEventData;

[GenerateSerializer, Immutable, Alias("RakorLive.MeetingStartedData")]
public sealed record LegacyMeetingStartedData([property: Id(0)] DateTimeOffset StartedAt, [property: Id(1)] string? CurrentItemId) : LegacyMeetingEventData;

[GenerateSerializer, Immutable, Alias("RakorLive.AgendaItemData")]
public sealed record LegacyAgendaItemData([property: Id(0)] LegacyAgendaItem Item) : LegacyMeetingEventData;

[GenerateSerializer, Immutable, Alias("RakorLive.AgendaItemActivatedData")]
public sealed record LegacyAgendaItemActivatedData([property: Id(0)] string ItemId, [property: Id(1)] DateTimeOffset ActivatedAt) : LegacyMeetingEventData;

[GenerateSerializer, Immutable, Alias("RakorLive.AgendaItemCompletedData")]
public sealed record LegacyAgendaItemCompletedData(
    [property: Id(0)] string ItemId,
    [property: Id(1)] LegacyAgendaItemStatus Status,
    [property: Id(2)] DateTimeOffset CompletedAt) : LegacyMeetingEventData;

[GenerateSerializer, Immutable, Alias("RakorLive.AttendeeData")]
public sealed record LegacyAttendeeData([property: Id(0)] LegacyAttendee Attendee) : LegacyMeetingEventData;

[GenerateSerializer, Immutable, Alias("RakorLive.ActionPointData")]
public sealed record LegacyActionPointData([property: Id(0)] LegacyActionPoint ActionPoint) : LegacyMeetingEventData;

[GenerateSerializer, Immutable, Alias("RakorLive.MeetingClosedData")]
public sealed record LegacyMeetingClosedData([property: Id(0)] DateTimeOffset ClosedAt) : LegacyMeetingEventData;

// ---------- state "joincode" (JoinCodeGrain, gone: codes now live in their meeting's journal) ----------

[GenerateSerializer, Alias("RakorLive.JoinCodeState")]
public sealed class LegacyJoinCodeState
{
    [Id(0)] public LegacyJoinCode? Code { get; set; }
}

// ---------- state "opds" (OpdDirectoryGrain) ----------

[GenerateSerializer, Alias("RakorLive.Legacy.OpdDirectoryState")]
public sealed class LegacyOpdDirectoryState
{
    [Id(0)] public List<LegacyOpd> Opds { get; set; } = [];
}

[GenerateSerializer, Immutable, Alias("RakorLive.Opd")]
public sealed record LegacyOpd(
    [property: Id(0)] string Code,
    [property: Id(1)] string Name,
    [property: Id(2)] string Kind = "Dinas");

// ---------- state "users" (UserDirectoryGrain) ----------

[GenerateSerializer, Alias("RakorLive.Legacy.UserDirectoryState")]
public sealed class LegacyUserDirectoryState
{
    [Id(0)] public Dictionary<string, LegacyUserAccount> Users { get; set; } = [];
}

[GenerateSerializer, Immutable, Alias("RakorLive.Legacy.UserAccount")]
public sealed record LegacyUserAccount(
    [property: Id(0)] string Username,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] LegacyRole Role,
    [property: Id(3)] string? Opd,
    [property: Id(4)] string PasswordHash,
    [property: Id(5)] DateTimeOffset CreatedAt);

// ---------- state "opd" (OpdGrain: an agency's ledger; now the follow-up rows, and "opd-v2" for the rest) ----------

[GenerateSerializer, Alias("RakorLive.OpdState")]
public sealed class LegacyOpdState
{
    [Id(0)] public Dictionary<string, LegacyLedgerEntry> Ledger { get; set; } = [];
    [Id(1)] public Dictionary<string, DateTimeOffset> OverdueSince { get; set; } = [];
}

[GenerateSerializer, Immutable, Alias("RakorLive.Legacy.LedgerEntry")]
public sealed record LegacyLedgerEntry(
    [property: Id(0)] string ActionPointId,
    [property: Id(1)] string MeetingId,
    [property: Id(2)] DateOnly DueDate,
    [property: Id(3)] LegacyActionPointStatus Status,
    [property: Id(4)] string Role,
    [property: Id(5)] string TimeZone);

// ---------- state "meetings" (MeetingDirectoryGrain; rebuilt from the migrated meetings, read only to tell its format) ----------

[GenerateSerializer, Alias("RakorLive.Legacy.MeetingDirectoryState")]
public sealed class LegacyMeetingDirectoryState
{
    [Id(0)] public Dictionary<string, LegacyMeetingSummary> Meetings { get; set; } = [];
}

[GenerateSerializer, Immutable, Alias("RakorLive.MeetingSummary")]
public sealed record LegacyMeetingSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] DateTimeOffset ScheduledStart,
    [property: Id(3)] string Location,
    [property: Id(4)] string Chair,
    [property: Id(5)] string TimeZone,
    [property: Id(6)] LegacyMeetingStatus Status);
