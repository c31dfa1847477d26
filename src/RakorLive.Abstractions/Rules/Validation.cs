using System.Globalization;
using System.Text.RegularExpressions;
using RakorLive.Commands;
using RakorLive.Model;

namespace RakorLive.Rules;

/// <summary>
/// Every validation rule of RakorLive: required fields, known agency codes, dates, lengths
/// and the state rules of meetings and action points. Each check either returns clean values
/// or throws a <see cref="RakorProblem"/> listing every field that is wrong, so a person can
/// fix the whole form at once.
/// </summary>
public static partial class Validation
{
    public const string DateFormat = "yyyy-MM-dd";

    private static readonly string CommandIdMessage = $"commandId: 1-{Limits.CommandId} huruf, angka, '.', '_', ':' atau '-'.";

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,100}$")]
    private static partial Regex CommandIdPattern();

    [GeneratedRegex("^[A-Z0-9][A-Z0-9_-]{0,19}$")]
    private static partial Regex OpdCodePattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{1,63}$")]
    private static partial Regex UsernamePattern();

    public static string NormalizeOpdCode(string code) => code.Trim().ToUpperInvariant();

    /// <summary>?opd= of a list: null when absent, 400 when it cannot be an agency code.</summary>
    public static string? OpdFilter(string? opd)
    {
        var e = new Errors();
        var code = e.OpdFilter("opd", opd);
        e.ThrowIfAny();
        return code;
    }

    // ---------- commands ----------

    public sealed record NewMeeting(string Title, DateTimeOffset ScheduledStart, string Location, string Chair, string TimeZone, string? CarryOverFrom);

    public static NewMeeting CreateMeeting(CreateMeeting? cmd, string defaultTimeZone)
    {
        var e = new Errors();
        if (cmd is null) throw e.Body();
        CommandIdOptional(e, cmd.CommandId);
        var title = e.Text("title", cmd.Title, Limits.Title);
        var location = e.Text("location", cmd.Location, Limits.Location);
        var chair = e.Text("chair", cmd.Chair, Limits.PersonName);
        if (cmd.ScheduledStart is null)
            e.Add("scheduledStart", "Isi waktu mulai rapat (ISO 8601 dengan zona, mis. 2026-12-01T09:00:00+07:00).");
        var tz = string.IsNullOrWhiteSpace(cmd.TimeZone) ? defaultTimeZone : cmd.TimeZone.Trim();
        if (!Vocabulary.Kosakata.IsSupportedTimeZone(tz))
            e.Add("timeZone", $"Zona waktu '{tz}' tidak dikenal. Gunakan Asia/Jakarta (WIB), Asia/Makassar (WITA) atau Asia/Jayapura (WIT).");
        var carryOverFrom = string.IsNullOrWhiteSpace(cmd.CarryOverFrom) ? null : cmd.CarryOverFrom.Trim();
        if (carryOverFrom is not null && !Guid.TryParse(carryOverFrom, out _))
        { e.Add("carryOverFrom", $"carryOverFrom '{Truncate(carryOverFrom)}' bukan id rapat (lihat GET /api/meetings)."); carryOverFrom = null; }
        e.ThrowIfAny();
        return new NewMeeting(title!, cmd.ScheduledStart!.Value, location!, chair!, tz, carryOverFrom);
    }

    public sealed record NewAgendaItem(string Title, string PresenterOpd, int TimeboxMinutes);

    public static NewAgendaItem AgendaItem(AddAgendaItem? cmd, Func<string, bool> isKnownOpd)
    {
        var e = new Errors();
        if (cmd is null) throw e.Body();
        CommandIdOptional(e, cmd.CommandId);
        var title = e.Text("title", cmd.Title, Limits.Title);
        var presenter = e.Opd("presenterOpd", cmd.PresenterOpd, isKnownOpd);
        if (cmd.TimeboxMinutes is null)
            e.Add("timeboxMinutes", "Isi durasi paparan dalam menit.");
        else if (cmd.TimeboxMinutes < 1 || cmd.TimeboxMinutes > Limits.MaxTimeboxMinutes)
            e.Add("timeboxMinutes", $"Durasi paparan harus antara 1 dan {Limits.MaxTimeboxMinutes} menit.");
        e.ThrowIfAny();
        return new NewAgendaItem(title!, presenter!, cmd.TimeboxMinutes!.Value);
    }

    public sealed record NewAttendee(string Opd, string Name, string Position);

    public static NewAttendee CheckIn(CheckIn? cmd, Func<string, bool> isKnownOpd)
    {
        var e = new Errors();
        if (cmd is null) throw e.Body();
        CommandIdOptional(e, cmd.CommandId);
        var opd = e.Opd("opd", cmd.Opd, isKnownOpd);
        var name = e.Text("name", cmd.Name, Limits.PersonName);
        var position = e.Text("position", cmd.Position, Limits.Position);
        e.ThrowIfAny();
        return new NewAttendee(opd!, name!, position!);
    }

    public sealed record NewActionPoint(
        string CommandId, string? AgendaItemId, string OwnerOpd, IReadOnlyList<string> SupportingOpds,
        string Description, string Target, string Beneficiaries, string Benefit, DateOnly DueDate);

    /// <param name="earliestDueDate">The meeting's local date: a commitment cannot be due before the meeting.</param>
    public static NewActionPoint ActionPoint(CreateActionPoint? cmd, Func<string, bool> isKnownOpd, Func<string, bool> isKnownAgendaItem, DateOnly earliestDueDate)
    {
        var e = new Errors();
        if (cmd is null) throw e.Body();
        var commandId = CommandIdRequired(e, cmd.CommandId);
        var owner = e.Opd("ownerOpd", cmd.OwnerOpd, isKnownOpd);
        var supporting = e.SupportingOpds(cmd.SupportingOpds, owner, isKnownOpd);
        var description = e.Text("description", cmd.Description, Limits.Description);
        var target = e.Text("target", cmd.Target, Limits.Target);
        var beneficiaries = e.Text("beneficiaries", cmd.Beneficiaries, Limits.Beneficiaries);
        var benefit = e.Text("benefit", cmd.Benefit, Limits.Benefit);
        var due = e.DueDate(cmd.DueDate, earliestDueDate, required: true);
        var agendaItemId = e.AgendaItem(cmd.AgendaItemId, isKnownAgendaItem);
        e.ThrowIfAny();
        return new NewActionPoint(commandId!, agendaItemId, owner!, supporting, description!, target!, beneficiaries!, benefit!, due!.Value);
    }

    public sealed record ActionPointEdit(
        string? AgendaItemId, bool AgendaItemChanged, string? OwnerOpd, IReadOnlyList<string>? SupportingOpds,
        string? Description, string? Target, string? Beneficiaries, string? Benefit, DateOnly? DueDate,
        ActionPointStatus? Status, string? StatusReason)
    {
        public IReadOnlyList<string> ChangedFields(ActionPoint current)
        {
            var fields = new List<string>();
            if (AgendaItemChanged && AgendaItemId != current.AgendaItemId) fields.Add("agendaItemId");
            if (OwnerOpd is not null && OwnerOpd != current.OwnerOpd) fields.Add("ownerOpd");
            if (SupportingOpds is not null && !SupportingOpds.SequenceEqual(current.SupportingOpds)) fields.Add("supportingOpds");
            if (Description is not null && Description != current.Description) fields.Add("description");
            if (Target is not null && Target != current.Target) fields.Add("target");
            if (Beneficiaries is not null && Beneficiaries != current.Beneficiaries) fields.Add("beneficiaries");
            if (Benefit is not null && Benefit != current.Benefit) fields.Add("benefit");
            if (DueDate is not null && DueDate != current.DueDate) fields.Add("dueDate");
            if (Status is not null && Status != current.Status) fields.Add("status");
            if (StatusReason is not null && StatusReason != current.StatusReason) fields.Add("statusReason");
            return fields;
        }
    }

    public static ActionPointEdit ActionPointUpdate(UpdateActionPoint? cmd, ActionPoint current, Func<string, bool> isKnownOpd, Func<string, bool> isKnownAgendaItem, DateOnly earliestDueDate)
    {
        var e = new Errors();
        if (cmd is null) throw e.Body();
        CommandIdOptional(e, cmd.CommandId);
        var owner = cmd.OwnerOpd is null ? null : e.Opd("ownerOpd", cmd.OwnerOpd, isKnownOpd);
        var supporting = cmd.SupportingOpds is null ? null : e.SupportingOpds(cmd.SupportingOpds, owner ?? current.OwnerOpd, isKnownOpd);
        var description = cmd.Description is null ? null : e.Text("description", cmd.Description, Limits.Description);
        var target = cmd.Target is null ? null : e.Text("target", cmd.Target, Limits.Target);
        var beneficiaries = cmd.Beneficiaries is null ? null : e.Text("beneficiaries", cmd.Beneficiaries, Limits.Beneficiaries);
        var benefit = cmd.Benefit is null ? null : e.Text("benefit", cmd.Benefit, Limits.Benefit);
        var due = cmd.DueDate is null ? null : e.DueDate(cmd.DueDate, earliestDueDate, required: true);
        var agendaItemId = cmd.AgendaItemId is null ? null : e.AgendaItem(cmd.AgendaItemId, isKnownAgendaItem);
        ActionPointStatus? status = null;
        if (cmd.Status is not null)
        {
            if (!Enum.TryParse<ActionPointStatus>(cmd.Status, ignoreCase: false, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(cmd.Status, out _))
                e.Add("status", $"Status '{cmd.Status}' tidak dikenal. Pilihan: {string.Join(", ", Enum.GetNames<ActionPointStatus>())}.");
            else
                status = parsed;
        }
        var reason = cmd.StatusReason is null ? null : e.Text("statusReason", cmd.StatusReason, Limits.Reason);
        e.ThrowIfAny();
        if (status is not null && status != current.Status)
            ActionPointTransition(current.Status, status.Value, reason ?? current.StatusReason);
        if (owner is not null && supporting is null && current.SupportingOpds.Contains(owner))
            throw Single("supportingOpds", "OPD penanggung jawab tidak boleh juga tercantum sebagai OPD pendukung.");
        return new ActionPointEdit(agendaItemId, cmd.AgendaItemId is not null, owner, supporting, description, target, beneficiaries, benefit, due, status, reason);
    }

    /// <summary>
    /// The client's commandId, or a fresh one when none was sent. A malformed id is refused (400) before
    /// it can be remembered as a receipt or let the command run.
    /// </summary>
    public static string CommandIdOrNew(string? commandId)
    {
        if (string.IsNullOrWhiteSpace(commandId)) return Guid.NewGuid().ToString("N");
        if (!CommandIdPattern().IsMatch(commandId)) throw Single("commandId", CommandIdMessage);
        return commandId;
    }

    public static bool IsCommandId(string commandId) => CommandIdPattern().IsMatch(commandId);

    /// <summary>The version in an If-Match header: <c>"3"</c>, <c>3</c> or <c>W/"3"</c>.</summary>
    public static int IfMatchVersion(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
            throw new RakorProblem(428, "If-Match wajib diisi", "Send the action point's current version in an If-Match header (e.g. If-Match: \"3\") so concurrent edits are not lost.");
        var raw = header.Trim();
        if (raw.StartsWith("W/", StringComparison.Ordinal)) raw = raw[2..];
        raw = raw.Trim('"');
        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
            throw new RakorProblem(400, "If-Match tidak valid", $"If-Match must carry the version number of the action point, e.g. \"3\"; got '{header}'.");
        return version;
    }

    public static void ExpectVersion(ActionPoint current, int expected)
    {
        if (current.Version != expected)
            throw new RakorProblem(412, "Data sudah diubah orang lain",
                $"Action point {current.Id} is at version {current.Version}, not {expected}. Reload it, then apply your change again.");
    }

    // ---------- state rules ----------

    public static void MeetingExists(bool exists, string meetingId)
    {
        if (!exists) throw RakorProblem.NotFound("Rapat", meetingId);
    }

    public static void CanAddAgendaItem(MeetingStatus status, int count)
    {
        if (status == MeetingStatus.Closed) throw RakorProblem.Conflict("The meeting is closed (Selesai): its agenda can no longer change.");
        if (count >= Limits.AgendaItems) throw RakorProblem.Conflict($"A meeting holds at most {Limits.AgendaItems} agenda items.");
    }

    /// <summary>Outcomes change while the notulen is a draft; a submitted one waits for the chair, an approved one is locked.</summary>
    public static void CanChangeOutcomes(string meetingId, NotulenVersion? latest, int count)
    {
        if (latest?.Status == NotulenStatus.Approved)
            throw RakorProblem.Conflict($"Notulen version {latest.Number} is approved and locked (SHA-256 {latest.Sha256}); its outcomes cannot change. " +
                $"To correct it, the secretariat opens a new version with POST /api/meetings/{meetingId}/notulen/correct, edits, and submits it for approval again.");
        if (latest?.Status == NotulenStatus.Submitted)
            throw RakorProblem.Conflict($"Notulen version {latest.Number} is with the chair for approval; outcomes change again once the chair returns it " +
                $"(POST /api/meetings/{meetingId}/notulen/return).");
        if (count >= Limits.OutcomesPerMeeting) throw RakorProblem.Conflict($"A meeting holds at most {Limits.OutcomesPerMeeting} outcomes.");
    }

    public static void CanRequestSpeaker(MeetingStatus status, bool hasActiveItem, int count)
    {
        if (status != MeetingStatus.Live) throw RakorProblem.Conflict($"Requests to speak are taken while the meeting is live (Berlangsung); this one is {status}.");
        if (!hasActiveItem) throw RakorProblem.Conflict("No agenda item is being discussed (Sedang dibahas) right now: ask again once the chair opens the next item.");
        if (count >= Limits.SpeakerRequestsPerMeeting) throw RakorProblem.Conflict($"A meeting holds at most {Limits.SpeakerRequestsPerMeeting} requests to speak.");
    }

    public static void CanSubmitNotulen(MeetingStatus status, NotulenVersion? latest)
    {
        if (status != MeetingStatus.Closed)
            throw RakorProblem.Conflict($"The notulen is submitted after the meeting is closed (Selesai); this one is {status}. Close it first (POST .../close).");
        if (latest is { Status: NotulenStatus.Submitted })
            throw RakorProblem.Conflict($"Notulen version {latest.Number} is already submitted and waits for the chair's approval.");
        if (latest is { Status: NotulenStatus.Approved or NotulenStatus.Superseded })
            throw RakorProblem.Conflict($"Notulen version {latest.Number} is already approved. To change it, open a correction: POST .../notulen/correct.");
    }

    public static NotulenVersion SubmittedNotulen(NotulenVersion? latest, string step)
    {
        if (latest is not { Status: NotulenStatus.Submitted })
            throw RakorProblem.Conflict(latest is null
                ? $"There is no submitted notulen to {step}: the secretariat submits it first (POST .../notulen/submit)."
                : $"Notulen version {latest.Number} is {latest.Status}, not Submitted: only a submitted version can be {(step == "approve" ? "approved" : "returned")}.");
        return latest;
    }

    public static NotulenVersion CorrectableNotulen(NotulenVersion? latest)
    {
        if (latest is not { Status: NotulenStatus.Approved })
            throw RakorProblem.Conflict(latest is null
                ? "Nothing to correct: the notulen has not been approved yet; edit the draft's outcomes directly."
                : $"Notulen version {latest.Number} is {latest.Status}: a correction opens from an approved version only (a draft is edited directly).");
        if (latest.Number >= Limits.NotulenVersions) throw RakorProblem.Conflict($"A notulen has at most {Limits.NotulenVersions} versions.");
        return latest;
    }

    public static void CanStart(MeetingStatus status)
    {
        if (status != MeetingStatus.Scheduled) throw RakorProblem.Conflict($"Only a scheduled (Terjadwal) meeting can start; this one is {status}.");
    }

    public static void CanAdvance(MeetingStatus status, bool hasNextOrActive)
    {
        if (status != MeetingStatus.Live) throw RakorProblem.Conflict($"Advance works only while the meeting is live (Berlangsung); this one is {status}.");
        if (!hasNextOrActive) throw RakorProblem.Conflict("Every agenda item is finished: add an item or close the meeting.");
    }

    public static void CanClose(MeetingStatus status)
    {
        if (status != MeetingStatus.Live) throw RakorProblem.Conflict($"Only a live (Berlangsung) meeting can be closed; this one is {status}.");
    }

    public static void CanCheckIn(MeetingStatus status, int count)
    {
        if (status == MeetingStatus.Closed) throw RakorProblem.Conflict("The meeting is closed (Selesai): attendance can no longer change.");
        if (count >= Limits.AttendeesPerMeeting) throw RakorProblem.Conflict($"A meeting records at most {Limits.AttendeesPerMeeting} attendees.");
    }

    public static void CanAddActionPoint(MeetingStatus status, int count)
    {
        if (status == MeetingStatus.Closed) throw RakorProblem.Conflict("The meeting is closed (Selesai): new commitments belong in the next rakor.");
        if (count >= Limits.ActionPointsPerMeeting) throw RakorProblem.Conflict($"A meeting holds at most {Limits.ActionPointsPerMeeting} commitments.");
    }

    public static void ActionPointTransition(ActionPointStatus from, ActionPointStatus to, string? reason)
    {
        var allowed = from switch
        {
            ActionPointStatus.Open => to is ActionPointStatus.InProgress or ActionPointStatus.Dropped,
            ActionPointStatus.InProgress => to is ActionPointStatus.Open or ActionPointStatus.Dropped,
            ActionPointStatus.AwaitingVerification => to is ActionPointStatus.InProgress,
            ActionPointStatus.Dropped => to is ActionPointStatus.Open,
            _ => false,
        };
        if (!allowed)
            throw RakorProblem.Conflict(to is ActionPointStatus.Done or ActionPointStatus.AwaitingVerification
                ? $"An action point reaches {to} through progress reports and the secretariat's verification, not by editing."
                : $"An action point cannot move from {from} to {to}.");
        if (to == ActionPointStatus.Dropped && string.IsNullOrWhiteSpace(reason))
            throw Single("statusReason", "Tuliskan alasan mengapa komitmen tidak dapat ditindaklanjuti (statusReason).");
    }

    // ---------- directory ----------

    public static Opd Opd(CreateOpd? cmd)
    {
        var e = new Errors();
        if (cmd is null) throw e.Body();
        string? code = null;
        if (string.IsNullOrWhiteSpace(cmd.Code)) e.Add("code", "Isi kode OPD (mis. PUPR, BAPPEDA).");
        else if (!OpdCodePattern().IsMatch(NormalizeOpdCode(cmd.Code)))
            e.Add("code", $"Kode OPD '{cmd.Code}' tidak valid: 1-{Limits.OpdCode} huruf, angka, '-' atau '_'.");
        else code = NormalizeOpdCode(cmd.Code);
        var name = e.Text("name", cmd.Name, Limits.OpdName);
        var kind = cmd.Kind is null ? "Dinas" : e.Text("kind", cmd.Kind, 40);
        e.ThrowIfAny();
        return new Opd(code!, name!, kind!);
    }

    public sealed record NewUser(string Username, string Password, string DisplayName, Role Role, string? Opd);

    public static NewUser User(CreateUser? cmd, Func<string, bool> isKnownOpd)
    {
        var e = new Errors();
        if (cmd is null) throw e.Body();
        string? username = null;
        if (string.IsNullOrWhiteSpace(cmd.Username)) e.Add("username", "Isi nama pengguna.");
        else if (!UsernamePattern().IsMatch(cmd.Username.Trim().ToLowerInvariant()))
            e.Add("username", "Nama pengguna: 2-64 huruf kecil, angka, '.', '_' atau '-'.");
        else username = cmd.Username.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(cmd.Password) || cmd.Password.Length < Limits.MinPassword)
            e.Add("password", $"Kata sandi minimal {Limits.MinPassword} karakter.");
        else if (cmd.Password.Length > Limits.MaxPassword)
            e.Add("password", $"Kata sandi maksimal {Limits.MaxPassword} karakter.");
        var displayName = e.Text("displayName", cmd.DisplayName, Limits.PersonName);
        var role = e.Role("role", cmd.Role);
        string? opd = null;
        if (role == Model.Role.OpdHead) opd = e.Opd("opd", cmd.Opd, isKnownOpd);
        else if (!string.IsNullOrWhiteSpace(cmd.Opd)) e.Add("opd", "Hanya peran OpdHead yang terikat pada satu OPD.");
        e.ThrowIfAny();
        return new NewUser(username!, cmd.Password!, displayName!, role!.Value, opd);
    }

    /// <summary>An admin's edit of an account: null fields stay as they are; the agency follows the role's rule.</summary>
    public sealed record UserEdit(string CommandId, string? DisplayName, Role? Role, string? Opd, bool? Disabled);

    public static UserEdit UserUpdate(UpdateUser? cmd, UserAccount current, Func<string, bool> isKnownOpd)
    {
        var e = new Errors();
        if (cmd is null) throw e.Body();
        var commandId = CommandIdRequired(e, cmd.CommandId);
        var displayName = cmd.DisplayName is null ? null : e.Text("displayName", cmd.DisplayName, Limits.PersonName);
        var role = cmd.Role is null ? null : e.Role("role", cmd.Role);
        var newRole = role ?? current.Role;
        string? opd = null;
        if (newRole == Model.Role.OpdHead)
            opd = cmd.Opd is null && current.Opd is not null ? current.Opd : e.Opd("opd", cmd.Opd, isKnownOpd);
        else if (!string.IsNullOrWhiteSpace(cmd.Opd)) e.Add("opd", "Hanya peran OpdHead yang terikat pada satu OPD.");
        e.ThrowIfAny();
        return new UserEdit(commandId!, displayName, role, opd, cmd.Disabled);
    }

    /// <summary>The new password's rules (the same as for a new account) and the commandId; the current password is checked by the server.</summary>
    public static string PasswordChange(ChangePassword? cmd)
    {
        var e = new Errors();
        if (cmd is null) throw e.Body();
        var commandId = CommandIdRequired(e, cmd.CommandId);
        if (string.IsNullOrEmpty(cmd.NewPassword) || cmd.NewPassword.Length < Limits.MinPassword)
            e.Add("newPassword", $"Kata sandi minimal {Limits.MinPassword} karakter.");
        else if (cmd.NewPassword.Length > Limits.MaxPassword)
            e.Add("newPassword", $"Kata sandi maksimal {Limits.MaxPassword} karakter.");
        e.ThrowIfAny();
        return commandId!;
    }

    public sealed record NewJoinCode(Role Role, string? Opd, TimeSpan ValidFor);

    public static NewJoinCode JoinCode(CreateJoinCode? cmd, Func<string, bool> isKnownOpd)
    {
        var e = new Errors();
        if (cmd is null) throw e.Body();
        CommandIdOptional(e, cmd.CommandId);
        var role = e.Role("role", cmd.Role);
        if (role is Model.Role.Admin or Model.Role.Secretariat)
            e.Add("role", "Kode bergabung hanya untuk peran OpdHead, Chair atau Viewer.");
        string? opd = null;
        if (role == Model.Role.OpdHead) opd = e.Opd("opd", cmd.Opd, isKnownOpd);
        else if (!string.IsNullOrWhiteSpace(cmd.Opd)) e.Add("opd", "Hanya peran OpdHead yang terikat pada satu OPD.");
        var hours = cmd.ValidHours ?? 12;
        if (hours is < 1 or > 72) e.Add("validHours", "Masa berlaku kode antara 1 dan 72 jam.");
        e.ThrowIfAny();
        return new NewJoinCode(role!.Value, opd, TimeSpan.FromHours(hours));
    }

    // ---------- the room and the record ----------

    public sealed record NewOutcome(OutcomeKind Kind, string Text);

    public static NewOutcome Outcome(RecordOutcome? cmd)
    {
        var e = new Errors();
        if (cmd is null) throw e.Body();
        CommandIdOptional(e, cmd.CommandId);
        var kind = e.OutcomeKind(cmd.Kind, required: true);
        var text = e.Text("text", cmd.Text, Limits.OutcomeText);
        e.ThrowIfAny();
        return new NewOutcome(kind!.Value, text!);
    }

    public sealed record OutcomeEdit(OutcomeKind? Kind, string? Text);

    public static OutcomeEdit OutcomeUpdate(UpdateOutcome? cmd)
    {
        var e = new Errors();
        if (cmd is null) throw e.Body();
        CommandIdOptional(e, cmd.CommandId);
        var kind = e.OutcomeKind(cmd.Kind, required: false);
        var text = cmd.Text is null ? null : e.Text("text", cmd.Text, Limits.OutcomeText);
        if (cmd.Kind is null && cmd.Text is null) e.Add("text", "Kirim kind dan/atau text yang diubah.");
        e.ThrowIfAny();
        return new OutcomeEdit(kind, text);
    }

    public static void ExpectVersion(Outcome current, int expected)
    {
        if (current.Version != expected)
            throw new RakorProblem(412, "Versi sudah berubah",
                $"Outcome {current.Id} is at version {current.Version}, not {expected}: reload it (GET the meeting) and apply your edit again.");
    }

    public sealed record NewSpeakerRequest(string? Opd, string? Name);

    public static NewSpeakerRequest SpeakerRequest(RequestSpeaker? cmd, Func<string, bool> isKnownOpd)
    {
        var e = new Errors();
        if (cmd is null) throw e.Body();
        CommandIdOptional(e, cmd.CommandId);
        var opd = string.IsNullOrWhiteSpace(cmd.Opd) ? null : e.Opd("opd", cmd.Opd, isKnownOpd);
        var name = string.IsNullOrWhiteSpace(cmd.Name) ? null : e.Text("name", cmd.Name, Limits.PersonName);
        e.ThrowIfAny();
        return new NewSpeakerRequest(opd, name);
    }

    public static string? NotulenNote(NotulenCommand? cmd, bool required)
    {
        var e = new Errors();
        if (cmd is null) { if (required) throw e.Body(); return null; }
        CommandIdOptional(e, cmd.CommandId);
        string? note = null;
        if (required || cmd.Note is not null) note = e.Text("note", cmd.Note, Limits.NotulenNote);
        e.ThrowIfAny();
        return note;
    }

    public static IReadOnlyList<string> AgendaOrder(ReorderAgenda? cmd, IReadOnlyList<string> currentIds)
    {
        var e = new Errors();
        if (cmd is null) throw e.Body();
        CommandIdOptional(e, cmd.CommandId);
        var ids = cmd.ItemIds ?? [];
        if (ids.Count != currentIds.Count || ids.Distinct().Count() != ids.Count || !ids.All(currentIds.Contains))
            e.Add("itemIds", $"Sebutkan setiap agenda rapat ini tepat satu kali ({currentIds.Count} id), dalam urutan yang baru.");
        e.ThrowIfAny();
        return [.. ids];
    }

    /// <summary>The meeting a follow-up rakor carries over from must exist and be another meeting.</summary>
    public static void CarryOverSource(bool exists, string source, string meetingId)
    {
        if (source == meetingId) throw Single("carryOverFrom", "Rapat tidak dapat meneruskan tindak lanjut dari dirinya sendiri.");
        if (!exists) throw Single("carryOverFrom", $"Rapat '{source}' tidak ditemukan; pilih rapat sebelumnya dari GET /api/meetings.");
    }

    public static RakorProblem Single(string field, string message) =>
        new Errors().Add(field, message).ToProblem();

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";

    // ---------- field helpers ----------

    private static string? CommandIdRequired(Errors e, string? commandId)
    {
        if (string.IsNullOrWhiteSpace(commandId))
        {
            e.Add("commandId", "Setiap perintah membawa commandId buatan klien (mis. UUID) agar aman diulang.");
            return null;
        }
        return CommandIdOptional(e, commandId);
    }

    private static string? CommandIdOptional(Errors e, string? commandId)
    {
        if (commandId is null) return null;
        if (!CommandIdPattern().IsMatch(commandId))
        {
            e.Add("commandId", CommandIdMessage);
            return null;
        }
        return commandId;
    }

    internal sealed class Errors
    {
        private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

        public Errors Add(string field, string message)
        {
            if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
            list.Add(message);
            return this;
        }

        public RakorProblem Body() =>
            new(400, "Isi permintaan kosong", "The request needs a JSON body; see /openapi/v1.json for its fields.");

        public string? Text(string field, string? value, int max)
        {
            if (string.IsNullOrWhiteSpace(value)) { Add(field, $"Isi {field}: kolom ini wajib."); return null; }
            var trimmed = value.Trim();
            if (trimmed.Length > max) { Add(field, $"{field} terlalu panjang: {trimmed.Length} karakter, maksimal {max}."); return null; }
            if (trimmed.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
            { Add(field, $"{field} berisi karakter kontrol yang tidak dapat dicetak."); return null; }
            return trimmed;
        }

        /// <summary>An agency code given as a filter: null when absent; an error when it cannot be a code (too long, control characters).</summary>
        public string? OpdFilter(string field, string? code)
        {
            if (string.IsNullOrWhiteSpace(code)) return null;
            var normalized = NormalizeOpdCode(code);
            if (normalized.Length <= Limits.OpdCode && !normalized.Any(char.IsControl)) return normalized;
            Add(field, $"{field}: kode OPD tanpa karakter kontrol, paling panjang {Limits.OpdCode} karakter.");
            return null;
        }

        public string? Opd(string field, string? code, Func<string, bool> isKnownOpd)
        {
            if (string.IsNullOrWhiteSpace(code)) { Add(field, "Isi kode OPD."); return null; }
            var normalized = NormalizeOpdCode(code);
            if (normalized.Length > Limits.OpdCode || !isKnownOpd(normalized))
            { Add(field, $"OPD '{Truncate(code)}' tidak terdaftar. Lihat GET /api/opds untuk kode yang berlaku."); return null; }
            return normalized;
        }

        public IReadOnlyList<string> SupportingOpds(IReadOnlyList<string>? codes, string? owner, Func<string, bool> isKnownOpd)
        {
            if (codes is null) return [];
            if (codes.Count > Limits.SupportingOpds) { Add("supportingOpds", $"Paling banyak {Limits.SupportingOpds} OPD pendukung."); return []; }
            var result = new List<string>();
            foreach (var code in codes)
            {
                var normalized = Opd("supportingOpds", code, isKnownOpd);
                if (normalized is null) continue;
                if (normalized == owner) { Add("supportingOpds", "OPD penanggung jawab tidak boleh juga tercantum sebagai OPD pendukung."); continue; }
                if (!result.Contains(normalized)) result.Add(normalized);
            }
            return result;
        }

        public DateOnly? DueDate(string? value, DateOnly earliest, bool required)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                if (required) Add("dueDate", "Isi batas waktu (yyyy-MM-dd).");
                return null;
            }
            if (!DateOnly.TryParseExact(value.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            { Add("dueDate", $"Batas waktu '{Truncate(value)}' bukan tanggal yyyy-MM-dd."); return null; }
            if (date < earliest)
            { Add("dueDate", $"Batas waktu {date:yyyy-MM-dd} sebelum tanggal rapat {earliest:yyyy-MM-dd}."); return null; }
            if (date > earliest.AddYears(10))
            { Add("dueDate", "Batas waktu lebih dari 10 tahun setelah rapat; periksa tahunnya."); return null; }
            return date;
        }

        public string? AgendaItem(string? id, Func<string, bool> isKnownAgendaItem)
        {
            if (string.IsNullOrWhiteSpace(id)) return null;
            if (id.Length > 64 || !isKnownAgendaItem(id))
            { Add("agendaItemId", $"Agenda '{Truncate(id)}' tidak ada di rapat ini."); return null; }
            return id;
        }

        public OutcomeKind? OutcomeKind(string? value, bool required)
        {
            if (value is null && !required) return null;
            if (string.IsNullOrWhiteSpace(value) || int.TryParse(value, out _) ||
                !Enum.TryParse<OutcomeKind>(value, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
            {
                Add("kind", $"Jenis '{Truncate(value ?? "")}' tidak dikenal. Pilihan: Note (Catatan), Decision (Keputusan), Directive (Arahan pimpinan).");
                return null;
            }
            return kind;
        }

        public Role? Role(string field, string? value)
        {
            if (string.IsNullOrWhiteSpace(value) || int.TryParse(value, out _) ||
                !Enum.TryParse<Role>(value, ignoreCase: true, out var role) || !Enum.IsDefined(role))
            {
                Add(field, $"Peran '{Truncate(value ?? "")}' tidak dikenal. Pilihan: {string.Join(", ", Enum.GetNames<Role>())}.");
                return null;
            }
            return role;
        }

        public void ThrowIfAny()
        {
            if (_errors.Count > 0) throw ToProblem();
        }

        public RakorProblem ToProblem()
        {
            var fields = _errors.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
            var detail = string.Join(" ", fields.SelectMany(kv => kv.Value));
            return new RakorProblem(400, "Data belum lengkap atau tidak valid", detail, fields);
        }

        private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
    }
}
