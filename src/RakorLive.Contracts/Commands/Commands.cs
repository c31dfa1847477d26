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

/// <summary>PATCH /api/users/{username} (Admin): only the fields present change. Disabling, a new role or agency ends the user's tokens.</summary>
public sealed record UpdateUser(
    string? CommandId,
    string? DisplayName = null,
    string? Role = null,
    string? Opd = null,
    bool? Disabled = null);

/// <summary>PUT /api/users/{username}/password: the user gives their current password; an Admin may set anyone's without it.</summary>
public sealed record ChangePassword(
    string? CommandId,
    string? NewPassword,
    string? CurrentPassword = null);

public sealed record CreateOpd(
    string? Code,
    string? Name,
    string? Kind = null,
    string? CommandId = null);

/// <summary>POST /api/agenda-items/{id}/outcomes: kind is Note (Catatan), Decision (Keputusan) or Directive (Arahan pimpinan).</summary>
public sealed record RecordOutcome(
    string? CommandId,
    string? Kind,
    string? Text);

/// <summary>PATCH /api/outcomes/{id} with If-Match: only the fields present change.</summary>
public sealed record UpdateOutcome(
    string? CommandId,
    string? Kind = null,
    string? Text = null);

/// <summary>POST /api/meetings/{id}/speakers: a kepala OPD asks for their own agency; the secretariat names the agency.</summary>
public sealed record RequestSpeaker(
    string? CommandId,
    string? Opd = null,
    string? Name = null);

/// <summary>The notulen's submit, approve, return (with a note) and correct.</summary>
public sealed record NotulenCommand(
    string? CommandId,
    string? Note = null);

/// <summary>POST /api/meetings/{id}/agenda/reorder: every agenda item id, in the new order.</summary>
public sealed record ReorderAgenda(
    string? CommandId,
    IReadOnlyList<string>? ItemIds);

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
