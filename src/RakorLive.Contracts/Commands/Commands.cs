namespace RakorLive.Commands;

// The bodies clients send. Fields are nullable because the wire may omit anything;
// Rules.Validation turns a missing or malformed field into a message a person can act on.

public sealed record CreateMeeting(
    string? CommandId,
    string? Title,
    DateTimeOffset? ScheduledStart,
    string? Location,
    string? Chair,
    string? TimeZone,
    string? CarryOverFrom = null);

public sealed record AddAgendaItem(
    string? CommandId,
    string? Title,
    string? PresenterOpd,
    int? TimeboxMinutes);

public sealed record CheckIn(
    string? CommandId,
    string? Opd,
    string? Name,
    string? Position);

public sealed record CreateActionPoint(
    string? CommandId,
    string? AgendaItemId,
    string? OwnerOpd,
    IReadOnlyList<string>? SupportingOpds,
    string? Description,
    string? Target,
    string? Beneficiaries,
    string? Benefit,
    string? DueDate);

/// <summary>A partial edit: only the fields present change.</summary>
public sealed record UpdateActionPoint(
    string? CommandId,
    string? AgendaItemId,
    string? OwnerOpd,
    IReadOnlyList<string>? SupportingOpds,
    string? Description,
    string? Target,
    string? Beneficiaries,
    string? Benefit,
    string? DueDate,
    string? Status = null,
    string? StatusReason = null);

/// <summary>Start, advance and close; <see cref="Skip"/> on advance marks the active item Skipped instead of Done.</summary>
public sealed record MeetingCommand(string? CommandId, bool? Skip = null);

public sealed record CreateJoinCode(
    string? CommandId,
    string? Role,
    string? Opd,
    int? ValidHours = null);

public sealed record CreateUser(
    string? Username,
    string? Password,
    string? DisplayName,
    string? Role,
    string? Opd,
    string? CommandId = null);

public sealed record CreateOpd(
    string? Code,
    string? Name,
    string? Kind = null,
    string? CommandId = null);

/// <summary>Progress of a commitment, from its owner agency: 100 sends it to verification.</summary>
/// <param name="EvidenceIds">Files uploaded to this commitment (POST /api/action-points/{id}/evidence).</param>
/// <param name="FromMeetingId">The rakor it is reported from (its own or one that carries it); a meeting-scoped sign-in implies its meeting.</param>
public sealed record ReportProgress(
    string? CommandId,
    int? Percent,
    string? Note,
    IReadOnlyList<string>? EvidenceIds = null,
    string? EvidenceUrl = null,
    string? FromMeetingId = null);

/// <summary>The secretariat's verdict on a commitment awaiting verification: accepted → Done, returned → InProgress with the note.</summary>
public sealed record VerifyActionPoint(
    string? CommandId,
    bool? Accepted,
    string? Note);

/// <summary>Rotates an agency's calendar feed key.</summary>
public sealed record RotateFeedKey(string? CommandId = null);
