using RakorLive.Commands;
using RakorLive.Events;
using RakorLive.GrainInterfaces;
using RakorLive.Grains.Meetings.Journal;
using RakorLive.Model;
using RakorLive.Rules;

namespace RakorLive.Grains.Meetings;

// The room and the record: the agenda's order, outcomes, the speakers' queue and the notulen's approval.
public sealed partial class MeetingGrain
{
    /// <summary>The key under which the journal indexes an approved version's hash (GET /api/notulen/verify/{sha256}).</summary>
    public static string NotulenOwnerKey(string sha256) => "notulen:" + sha256;

    public async Task<CommandReply<MeetingSnapshot>> ReorderAgenda(Caller caller, ReorderAgenda command)
    {
        Permissions.RunMeeting(caller, MeetingId);
        var (commandId, receipt) = await Begin(command?.CommandId, nameof(ReorderAgenda));
        if (receipt is not null) return await Replayed(receipt, _ => Confirmed());
        if (Meeting.Status == MeetingStatus.Closed) throw RakorProblem.Conflict("The meeting is closed (Selesai): its agenda can no longer change.");
        var ids = Validation.AgendaOrder(command, [.. Meeting.Agenda.Select(i => i.Id)]);
        var entry = Stage(caller, commandId, nameof(ReorderAgenda), MeetingId,
            [new(MeetingEventTypes.AgendaReordered, new AgendaReorderedData(new List<string>(ids)))]);
        await Commit(entry);
        return new CommandReply<MeetingSnapshot>(Confirmed(), false, entry.Seq, _model.Epoch);
    }

    // ---------- outcomes ----------

    public async Task<CommandReply<Outcome>> RecordOutcome(Caller caller, string agendaItemId, RecordOutcome command)
    {
        Permissions.RecordOutcomes(caller, MeetingId);
        var (commandId, receipt) = await Begin(command?.CommandId, nameof(RecordOutcome));
        if (receipt is not null) return await Replayed(receipt, r => FindOutcome(r.EntityId)!);
        if (!IsAgendaItem(agendaItemId)) throw RakorProblem.NotFound("Agenda", agendaItemId);
        var valid = Validation.Outcome(command);
        Validation.CanChangeOutcomes(MeetingId, LatestNotulen(), Meeting.Outcomes?.Count ?? 0);
        var now = Now;
        var outcome = new Outcome(Ids.Outcome(MeetingId, commandId), agendaItemId, valid.Kind, valid.Text, 1, now, caller.Subject, now);
        var entry = Stage(caller, commandId, nameof(RecordOutcome), outcome.Id,
            [new(MeetingEventTypes.OutcomeRecorded, new OutcomeData(outcome))], [], [outcome.Id]);
        await Commit(entry);
        return new CommandReply<Outcome>(outcome, false, entry.Seq, _model.Epoch);
    }

    public async Task<CommandReply<Outcome>> UpdateOutcome(Caller caller, string outcomeId, int expectedVersion, UpdateOutcome command)
    {
        Permissions.RecordOutcomes(caller, MeetingId);
        var (commandId, receipt) = await Begin(command?.CommandId, nameof(UpdateOutcome));
        var current = FindOutcome(outcomeId) ?? throw RakorProblem.NotFound("Hasil rapat", outcomeId);
        if (receipt is not null && receipt.EntityId != outcomeId)
            throw RakorProblem.Conflict($"This commandId already edited outcome {receipt.EntityId}; generate a new one for each edit.");
        if (receipt is not null) return await Replayed(receipt, _ => FindOutcome(outcomeId)!);
        var edit = Validation.OutcomeUpdate(command);
        Validation.CanChangeOutcomes(MeetingId, LatestNotulen(), 0);
        Validation.ExpectVersion(current, expectedVersion);
        if ((edit.Kind ?? current.Kind) == current.Kind && (edit.Text ?? current.Text) == current.Text)
            return new CommandReply<Outcome>(current, true, Meeting.Seq, _model.Epoch);
        var updated = current with
        {
            Kind = edit.Kind ?? current.Kind,
            Text = edit.Text ?? current.Text,
            Version = current.Version + 1,
            UpdatedAt = Now,
        };
        var entry = Stage(caller, commandId, nameof(UpdateOutcome), outcomeId, [new(MeetingEventTypes.OutcomeUpdated, new OutcomeData(updated))]);
        await Commit(entry);
        return new CommandReply<Outcome>(updated, false, entry.Seq, _model.Epoch);
    }

    public Task<Outcome> GetOutcome(Caller caller, string outcomeId)
    {
        Permissions.ReadMeeting(caller, MeetingId);
        return Task.FromResult(Confirmed().Outcomes?.FirstOrDefault(o => o.Id == outcomeId) ?? throw RakorProblem.NotFound("Hasil rapat", outcomeId));
    }

    private Outcome? FindOutcome(string id) => Meeting.Outcomes?.FirstOrDefault(o => o.Id == id);

    // ---------- speakers ----------

    public async Task<CommandReply<SpeakerRequest>> RequestSpeaker(Caller caller, RequestSpeaker command)
    {
        Permissions.RequestSpeakers(caller, MeetingId);
        var (commandId, receipt) = await Begin(command?.CommandId, nameof(RequestSpeaker));
        if (receipt is not null)
        {
            // A receipt answers only whoever may send the command itself.
            Permissions.RequestSpeaker(caller, MeetingId, FindSpeaker(receipt.EntityId)!.Opd);
            return await Replayed(receipt, r => FindSpeaker(r.EntityId)!);
        }
        var known = await opds.For([command?.Opd]);
        var valid = Validation.SpeakerRequest(command, known);
        var opd = valid.Opd ?? caller.Opd ?? throw Validation.Single("opd", "Sebutkan OPD yang meminta bicara (kode OPD).");
        Permissions.RequestSpeaker(caller, MeetingId, opd);
        var active = Meeting.CurrentItemId;
        Validation.CanRequestSpeaker(Meeting.Status, active is not null, Meeting.Speakers?.Count ?? 0);
        // One place in the queue per agency and item: asking again answers the place it holds.
        var waiting = Meeting.Speakers?.FirstOrDefault(r => r.AgendaItemId == active && r.Opd == opd && r.Status == SpeakerStatus.Waiting);
        if (waiting is not null) return new CommandReply<SpeakerRequest>(waiting, true, Meeting.Seq, _model.Epoch);
        var name = valid.Name ?? (caller.Role == Role.OpdHead && !string.IsNullOrWhiteSpace(caller.DisplayName) ? caller.DisplayName : opd);
        var request = new SpeakerRequest(Ids.SpeakerRequest(MeetingId, commandId), active!, opd, name, SpeakerStatus.Waiting, Now, caller.Subject);
        var entry = Stage(caller, commandId, nameof(RequestSpeaker), request.Id,
            [new(MeetingEventTypes.SpeakerRequested, new SpeakerData(request))], [], [request.Id]);
        await Commit(entry);
        return new CommandReply<SpeakerRequest>(request, false, entry.Seq, _model.Epoch);
    }

    public async Task<CommandReply<SpeakerRequest>> WithdrawSpeaker(Caller caller, string requestId, MeetingCommand command)
    {
        Permissions.ReadMeeting(caller, MeetingId);
        var (commandId, receipt) = await Begin(command?.CommandId, nameof(WithdrawSpeaker));
        if (receipt is not null)
        {
            Permissions.WithdrawSpeaker(caller, MeetingId, FindSpeaker(receipt.EntityId)!);
            return await Replayed(receipt, r => FindSpeaker(r.EntityId)!);
        }
        var request = FindSpeaker(requestId) ?? throw RakorProblem.NotFound("Permintaan bicara", requestId);
        Permissions.WithdrawSpeaker(caller, MeetingId, request);
        if (request.Status == SpeakerStatus.Withdrawn) return new CommandReply<SpeakerRequest>(request, true, Meeting.Seq, _model.Epoch);
        if (request.Status == SpeakerStatus.Called)
            throw RakorProblem.Conflict($"{request.Name} ({request.Opd}) has already been called to speak; a called request cannot be withdrawn.");
        var withdrawn = request with { Status = SpeakerStatus.Withdrawn, WithdrawnAt = Now };
        var entry = Stage(caller, commandId, nameof(WithdrawSpeaker), requestId, [new(MeetingEventTypes.SpeakerWithdrawn, new SpeakerData(withdrawn))]);
        await Commit(entry);
        return new CommandReply<SpeakerRequest>(withdrawn, false, entry.Seq, _model.Epoch);
    }

    public async Task<CommandReply<SpeakerRequest>> CallNextSpeaker(Caller caller, MeetingCommand command)
    {
        Permissions.CallSpeaker(caller, MeetingId);
        var (commandId, receipt) = await Begin(command?.CommandId, nameof(CallNextSpeaker));
        if (receipt is not null) return await Replayed(receipt, r => FindSpeaker(r.EntityId)!);
        if (Meeting.Status != MeetingStatus.Live)
            throw RakorProblem.Conflict($"Speakers are called while the meeting is live (Berlangsung); this one is {Meeting.Status}.");
        var next = Meeting.Speakers?.Where(r => r.AgendaItemId == Meeting.CurrentItemId && r.Status == SpeakerStatus.Waiting)
            .OrderBy(r => r.RequestedAt).FirstOrDefault()
            ?? throw RakorProblem.Conflict("Nobody is waiting to speak on the item being discussed.");
        var called = next with { Status = SpeakerStatus.Called, CalledAt = Now };
        var entry = Stage(caller, commandId, nameof(CallNextSpeaker), called.Id, [new(MeetingEventTypes.SpeakerCalled, new SpeakerData(called))]);
        await Commit(entry);
        return new CommandReply<SpeakerRequest>(called, false, entry.Seq, _model.Epoch);
    }

    private SpeakerRequest? FindSpeaker(string id) => Meeting.Speakers?.FirstOrDefault(r => r.Id == id);

    // ---------- notulen ----------

    private NotulenVersion? LatestNotulen() => Meeting.Notulen is { Count: > 0 } versions ? versions[^1] : null;

    private NotulenVersion? LatestNotulen(MeetingSnapshot meeting) => meeting.Notulen is { Count: > 0 } versions ? versions[^1] : null;

    public async Task<CommandReply<NotulenVersion>> SubmitNotulen(Caller caller, NotulenCommand command)
    {
        Permissions.SubmitNotulen(caller, MeetingId);
        var (commandId, receipt) = await Begin(command?.CommandId, nameof(SubmitNotulen));
        if (receipt is not null) return await Replayed(receipt, r => NotulenNumber(r.EntityId));
        Validation.NotulenNote(command, required: false);
        var latest = LatestNotulen();
        Validation.CanSubmitNotulen(Meeting.Status, latest);
        var now = Now;
        var submitted = (latest ?? new NotulenVersion(1, NotulenStatus.Draft, now, caller.Subject)) with
        {
            Status = NotulenStatus.Submitted,
            SubmittedAt = now,
            SubmittedBy = caller.Subject,
            Notulis = caller.DisplayName,
        };
        return await StageNotulen(caller, commandId, nameof(SubmitNotulen), MeetingEventTypes.NotulenSubmitted, submitted);
    }

    public async Task<CommandReply<NotulenVersion>> ApproveNotulen(Caller caller, NotulenCommand command)
    {
        Permissions.ApproveNotulen(caller, MeetingId);
        var (commandId, receipt) = await Begin(command?.CommandId, nameof(ApproveNotulen));
        if (receipt is not null) return await Replayed(receipt, r => NotulenNumber(r.EntityId));
        Validation.NotulenNote(command, required: false);
        Validation.SubmittedNotulen(LatestNotulen(), "approve");
        var names = await opds.Names();
        // The agency names awaited: decide on the notulen as it is now.
        var latest = Validation.SubmittedNotulen(LatestNotulen(), "approve");
        var now = Now;
        var source = new NotulenSource(Meeting, latest.Number, NotulenStatus.Approved, null, options.Value.RegionName, options.Value.RegionCity,
            UsedAgencies(Meeting, names), latest.Notulis ?? "", now, caller.DisplayName);
        var hash = NotulenMapping.Sha256(source);
        source = source with { Sha256 = hash };
        var approved = latest with { Status = NotulenStatus.Approved, Sha256 = hash, ApprovedAt = now, ApprovedBy = caller.DisplayName };
        return await StageNotulen(caller, commandId, nameof(ApproveNotulen), MeetingEventTypes.NotulenApproved, approved,
            [new NotulenFrozen(source)], [NotulenOwnerKey(hash)]);
    }

    public async Task<CommandReply<NotulenVersion>> ReturnNotulen(Caller caller, NotulenCommand command)
    {
        Permissions.ApproveNotulen(caller, MeetingId);
        var (commandId, receipt) = await Begin(command?.CommandId, nameof(ReturnNotulen));
        if (receipt is not null) return await Replayed(receipt, r => NotulenNumber(r.EntityId));
        var note = Validation.NotulenNote(command, required: true);
        var latest = Validation.SubmittedNotulen(LatestNotulen(), "return");
        var returned = latest with { Status = NotulenStatus.Draft, ReturnedAt = Now, ReturnedBy = caller.DisplayName, ReturnNote = note };
        return await StageNotulen(caller, commandId, nameof(ReturnNotulen), MeetingEventTypes.NotulenReturned, returned);
    }

    public async Task<CommandReply<NotulenVersion>> CorrectNotulen(Caller caller, NotulenCommand command)
    {
        Permissions.SubmitNotulen(caller, MeetingId);
        var (commandId, receipt) = await Begin(command?.CommandId, nameof(CorrectNotulen));
        if (receipt is not null) return await Replayed(receipt, r => NotulenNumber(r.EntityId));
        var note = Validation.NotulenNote(command, required: false);
        var approved = Validation.CorrectableNotulen(LatestNotulen());
        var draft = new NotulenVersion(approved.Number + 1, NotulenStatus.Draft, Now, caller.Subject, ReturnNote: note);
        return await StageNotulen(caller, commandId, nameof(CorrectNotulen), MeetingEventTypes.NotulenCorrectionOpened, draft);
    }

    private async Task<CommandReply<NotulenVersion>> StageNotulen(Caller caller, string commandId, string kind, string type, NotulenVersion version,
        IReadOnlyList<MeetingFact>? facts = null, IReadOnlyList<string>? created = null)
    {
        var entry = Stage(caller, commandId, kind, version.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [new(type, new NotulenData(version))], facts, created);
        await Commit(entry);
        return new CommandReply<NotulenVersion>(NotulenNumber(entry.EntityId), false, entry.Seq, _model.Epoch);
    }

    private NotulenVersion NotulenNumber(string number) => Confirmed().Notulen!.First(v => v.Number.ToString(System.Globalization.CultureInfo.InvariantCulture) == number);

    public async Task<NotulenSource> GetNotulenSource(Caller caller, int? version)
    {
        Permissions.ReadMeeting(caller, MeetingId);
        var meeting = Confirmed();
        var versions = meeting.Notulen ?? [];
        var wanted = version is { } n ? versions.FirstOrDefault(v => v.Number == n) : LatestNotulen(meeting);
        if (version is not null && wanted is null && version != 1) throw RakorProblem.NotFound("Versi notulen", version.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (wanted is { Status: NotulenStatus.Approved or NotulenStatus.Superseded }
            && _confirmed.FrozenNotulen?.FirstOrDefault(f => f.Version == wanted.Number) is { } frozen)
            return frozen with { Status = wanted.Status };
        var names = await opds.Names();
        meeting = Confirmed();
        var notulis = wanted?.Notulis ?? versions.LastOrDefault(v => v.Notulis is not null)?.Notulis
            ?? (caller.Role == Role.Secretariat ? caller.DisplayName : "");
        return new NotulenSource(meeting, wanted?.Number ?? 1, wanted?.Status ?? NotulenStatus.Draft, null,
            options.Value.RegionName, options.Value.RegionCity, UsedAgencies(meeting, names), notulis);
    }

    public Task<NotulenVerification> VerifyNotulen(string sha256)
    {
        var meeting = _confirmed.Meeting;
        var versions = meeting?.Notulen ?? [];
        var found = versions.FirstOrDefault(v => v.Sha256 == sha256);
        if (meeting is null || found is null)
            return Task.FromResult(new NotulenVerification(sha256, "unknown", "Kode ini tidak cocok dengan notulen mana pun yang disahkan."));
        if (found.Status == NotulenStatus.Approved)
            return Task.FromResult(new NotulenVerification(sha256, "approved",
                $"Sah: ini notulen \"{meeting.Title}\" versi {found.Number} yang disahkan.", meeting.Id, meeting.Title, found.Number, found.ApprovedAt, found.ApprovedBy));
        var newer = versions.LastOrDefault(v => v.Status == NotulenStatus.Approved);
        return Task.FromResult(new NotulenVerification(sha256, "superseded",
            $"Sudah diganti: notulen \"{meeting.Title}\" versi {found.Number} dikoreksi; yang berlaku versi {newer?.Number ?? found.SupersededBy} (SHA-256 {newer?.Sha256}).",
            meeting.Id, meeting.Title, found.Number, found.ApprovedAt, found.ApprovedBy, newer?.Number ?? found.SupersededBy, newer?.Sha256));
    }

    /// <summary>The names of the agencies the meeting names, as they are now (frozen with an approved version).</summary>
    private static Dictionary<string, string> UsedAgencies(MeetingSnapshot meeting, IReadOnlyDictionary<string, string> names)
    {
        var codes = meeting.Agenda.Select(i => i.PresenterOpd)
            .Concat(meeting.Attendance.Select(a => a.Opd))
            .Concat(meeting.ActionPoints.SelectMany(a => a.SupportingOpds.Prepend(a.OwnerOpd)))
            .Where(c => !string.IsNullOrEmpty(c)).Distinct(StringComparer.Ordinal);
        return codes.ToDictionary(c => c, c => names.TryGetValue(c, out var name) ? name : c, StringComparer.Ordinal);
    }
}
