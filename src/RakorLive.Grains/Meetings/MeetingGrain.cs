using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Utilities;
using RakorLive.Commands;
using RakorLive.Events;
using RakorLive.Grains.Agencies;
using RakorLive.Grains.Directory;
using RakorLive.Grains.FollowUps;
using RakorLive.Grains.Meetings.Journal;
using RakorLive.Grains.Telemetry;
using RakorLive.GrainInterfaces;
using RakorLive.Model;
using RakorLive.Rules;
using RakorLive.Vocabulary;

namespace RakorLive.Grains.Meetings;

/// <summary>
/// One rakor, event-first. A command checks its permission, validates against the model that includes every command
/// accepted so far, decides its events and stages them; the journal appends the staged entries of all commands that
/// arrived meanwhile in one write (group commit); only then are they confirmed, answered, relayed and handed to the
/// outbox. The grain is reentrant so that commands can gather while a write is in flight; everything between awaits
/// runs alone, so deciding and staging a command is atomic.
/// </summary>
[Reentrant]
public sealed partial class MeetingGrain(
    IMeetingJournal journal,
    IFollowUpStore followUps,
    IEvidenceStore evidence,
    OpdCatalog opds,
    IOptions<RakorLiveGrainOptions> options,
    TimeProvider clock,
    ILogger<MeetingGrain> logger) : Grain, IMeetingGrain
{
    private readonly ObserverManager<IMeetingObserver> _relays = new(TimeSpan.FromMinutes(2), logger);
    private MeetingEventLog _log = null!;
    private MeetingOutbox _outbox = null!;

    // What storage holds, and the same plus every staged command: commands decide on the second, reads answer from the first.
    private MeetingModel _confirmed = MeetingModel.Empty;
    private MeetingModel _model = MeetingModel.Empty;

    // Commands staged since the last write began; the writer takes them all at once.
    private Batch? _open;
    private bool _writing;
    private Task _writer = Task.CompletedTask;
    // Set when a write failed: storage may hold more or less than memory, so reload before the next command.
    private Task? _reloading;
    private bool _stale;
    private bool _countedLive;

    private string MeetingId => this.GetPrimaryKeyString();
    private DateTimeOffset Now => clock.GetUtcNow();

    private sealed class Batch
    {
        public List<JournalEntry> Entries { get; } = [];
        public MeetingModel After { get; set; } = MeetingModel.Empty;
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _log = new MeetingEventLog(options.Value.EventRetention, options.Value.EventWindow);
        _outbox = new MeetingOutbox(MeetingId, journal, GrainFactory, followUps, options.Value, () => _confirmed, logger, this);
        await Load(activation: true, cancellationToken);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The next activation (here or on another silo) counts the meeting again.
        if (_countedLive) RakorLiveMetrics.MeetingsLive.Add(-1);
        _countedLive = false;
        _outbox.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The fold of the snapshot and the entries after it; on activation also the side effects still owed.</summary>
    /// <remarks>After a failed write the outbox keeps what it owes: everything it holds was confirmed, so still true.</remarks>
    private async Task Load(bool activation, CancellationToken cancellationToken = default)
    {
        var load = await journal.Load(MeetingId, _log.Window, cancellationToken);
        var model = load.SnapshotJson is { } json ? MeetingSnapshots.Read(json) : MeetingModel.Empty;
        var owed = new List<JournalEntry>();
        foreach (var entry in load.Entries)
        {
            if (entry.Version > model.Version) model = model.Apply(entry);
            if (entry.Version > load.OutboxPosition) owed.Add(entry);
        }
        _confirmed = _model = model;
        _log.Reset(load.RecentEvents);
        if (activation) _outbox.Reset(load.OutboxPosition, load.SnapshotVersion, owed);
        CountLive();
    }

    // ---------- reads (confirmed state only) ----------

    public Task<bool> Exists() => Task.FromResult(_confirmed.Created);

    public Task<MeetingSnapshot> GetSnapshot(Caller caller)
    {
        Permissions.ReadMeeting(caller, MeetingId);
        return Task.FromResult(Confirmed());
    }

    public Task<CatchUp> GetEventsAfter(Caller caller, long afterSeq, long? epoch) => Catch(caller, afterSeq, epoch, int.MaxValue, join: true);

    public Task<CatchUp> GetHistory(Caller caller, long afterSeq, long? epoch, int max) => Catch(caller, afterSeq, epoch, max, join: false);

    /// <summary>Recent positions from memory; older ones within the retained history from the journal; the rest a snapshot.</summary>
    private async Task<CatchUp> Catch(Caller caller, long afterSeq, long? epoch, int max, bool join)
    {
        Permissions.ReadMeeting(caller, MeetingId);
        var meeting = Confirmed();
        if ((join && afterSeq <= 0) || !_log.Retains(meeting, afterSeq, epoch) || _log.InMemory(meeting, afterSeq))
            return join ? _log.After(meeting, afterSeq, epoch) : _log.History(meeting, afterSeq, epoch, max);
        var read = await journal.ReadEvents(MeetingId, afterSeq, (int)Math.Min(max, meeting.Seq - afterSeq));
        return MeetingEventLog.FromJournal(meeting, afterSeq, read);
    }

    public Task<ActionPoint> GetActionPoint(Caller caller, string actionPointId)
    {
        var actionPoint = Confirmed().ActionPoints.FirstOrDefault(a => a.Id == actionPointId)
            ?? throw RakorProblem.NotFound("Rencana tindak lanjut", actionPointId);
        // A rakor that carries the commitment over may read it too (its tablets' join codes).
        Permissions.ReadActionPoint(caller, actionPoint);
        return Task.FromResult(actionPoint);
    }

    public Task<AgendaItemView> GetAgendaItem(Caller caller, string agendaItemId)
    {
        Permissions.ReadMeeting(caller, MeetingId);
        var meeting = Confirmed();
        var item = meeting.Agenda.FirstOrDefault(i => i.Id == agendaItemId) ?? throw RakorProblem.NotFound("Agenda", agendaItemId);
        return Task.FromResult(new AgendaItemView(MeetingId, item,
            [.. item.CarriedActionPointIds ?? [], .. meeting.ActionPoints.Where(a => a.AgendaItemId == item.Id).Select(a => a.Id)], meeting.Seq));
    }

    public Task<JoinCode?> FindJoinCode(string code) => Task.FromResult(_confirmed.JoinCodes.FirstOrDefault(c => c.Code == code));

    private MeetingSnapshot Confirmed() => _confirmed.Meeting ?? throw RakorProblem.NotFound("Rapat", MeetingId);

    // ---------- commands ----------

    public async Task<CommandReply<MeetingSnapshot>> Create(Caller caller, CreateMeeting command)
    {
        Permissions.CreateMeeting(caller);
        await Fresh();
        if (_model.Created) return await Replayed(_model.Receipts.GetValueOrDefault(CreateKind), _ => _model.Meeting!);
        var valid = Validation.CreateMeeting(command, options.Value.TimeZone);
        var carried = valid.CarryOverFrom is { } source ? await UnfinishedCommitmentsOf(caller, source) : null;
        // The carry-over source was read across an await: another Create may have won meanwhile.
        if (_model.Created) return await Replayed(_model.Receipts.GetValueOrDefault(CreateKind), _ => _model.Meeting!);
        var now = Now;
        var meeting = new MeetingSnapshot(MeetingId, valid.Title, valid.ScheduledStart, valid.Location, valid.Chair, valid.TimeZone,
            MeetingStatus.Scheduled, null, null, [], null, [], [], Seq: 0, MeetingEventLog.NewEpoch(now), valid.CarryOverFrom,
            CarriedActionPoints: carried is null ? null : new List<ActionPoint>(carried));
        var events = new List<Decided>();
        var created = new List<string>();
        if (carried is not null)
        {
            // The follow-up rakor opens by reviewing what the last one left open or late: the same action points, by id.
            var item = new AgendaItem(Ids.AgendaItem(MeetingId, "carry-over"), Kosakata.CarryOverAgendaTitle, PresenterOpd: "",
                TimeboxMinutes: Math.Clamp(carried.Count * 2, 10, Limits.MaxTimeboxMinutes), AgendaItemStatus.Pending, Order: 1,
                CarriedActionPointIds: carried.Select(a => a.Id).ToList());
            events.Add(new(MeetingEventTypes.AgendaItemAdded, new AgendaItemData(item)));
            created.Add(item.Id);
        }
        var entry = Stage(caller, CreateKind, CreateKind, MeetingId, events, [new MeetingCreated(meeting, now, caller.Subject)], created);
        await Commit(entry);
        await _outbox.Projected(entry.Version);
        return new CommandReply<MeetingSnapshot>(Confirmed(), Replayed: false, entry.Seq, _model.Epoch);
    }

    // Creation has no client commandId of its own to key on (the meeting id derives from it): one receipt per meeting.
    private const string CreateKind = nameof(Create);

    public async Task<CommandReply<AgendaItem>> AddAgendaItem(Caller caller, AddAgendaItem command)
    {
        Permissions.RunMeeting(caller, MeetingId);
        var (commandId, receipt) = await Begin(command?.CommandId, nameof(AddAgendaItem));
        if (receipt is not null) return await Replayed(receipt, r => Meeting.Agenda.First(i => i.Id == r.EntityId));
        var known = await opds.For([command?.PresenterOpd]);
        var valid = Validation.AgendaItem(command, known);
        Validation.CanAddAgendaItem(Meeting.Status, Meeting.Agenda.Count);
        var item = new AgendaItem(Ids.AgendaItem(MeetingId, commandId), valid.Title, valid.PresenterOpd, valid.TimeboxMinutes,
            AgendaItemStatus.Pending, Meeting.Agenda.Count + 1);
        var entry = Stage(caller, commandId, nameof(AddAgendaItem), item.Id, [new(MeetingEventTypes.AgendaItemAdded, new AgendaItemData(item))], [], [item.Id]);
        await Commit(entry);
        return new CommandReply<AgendaItem>(item, false, entry.Seq, _model.Epoch);
    }

    public async Task<CommandReply<MeetingSnapshot>> Start(Caller caller, MeetingCommand command)
    {
        Permissions.RunMeeting(caller, MeetingId);
        var (commandId, receipt) = await Begin(command?.CommandId, nameof(Start));
        if (receipt is not null) return await Replayed(receipt, _ => Confirmed());
        Validation.CanStart(Meeting.Status);
        // One instant for the state and the event, so a client replaying events holds exactly the snapshot.
        var now = Now;
        var first = Meeting.Agenda.Where(i => i.Status == AgendaItemStatus.Pending).OrderBy(i => i.Order).FirstOrDefault();
        List<Decided> events = [new(MeetingEventTypes.MeetingStarted, new MeetingStartedData(now, first?.Id))];
        if (first is not null) events.Add(new(MeetingEventTypes.AgendaItemActivated, new AgendaItemActivatedData(first.Id, now)));
        var entry = Stage(caller, commandId, nameof(Start), MeetingId, events);
        await Commit(entry);
        await _outbox.Projected(entry.Version);
        return new CommandReply<MeetingSnapshot>(Confirmed(), false, entry.Seq, _model.Epoch);
    }

    public async Task<CommandReply<MeetingSnapshot>> Advance(Caller caller, MeetingCommand command)
    {
        Permissions.RunMeeting(caller, MeetingId);
        var (commandId, receipt) = await Begin(command?.CommandId, nameof(Advance));
        if (receipt is not null) return await Replayed(receipt, _ => Confirmed());
        var active = Meeting.Agenda.FirstOrDefault(i => i.Id == Meeting.CurrentItemId);
        var next = Meeting.Agenda.Where(i => i.Status == AgendaItemStatus.Pending).OrderBy(i => i.Order).FirstOrDefault();
        Validation.CanAdvance(Meeting.Status, active is not null || next is not null);
        var now = Now;
        var events = new List<Decided>();
        if (active is not null)
            events.Add(new(MeetingEventTypes.AgendaItemCompleted,
                new AgendaItemCompletedData(active.Id, command?.Skip == true ? AgendaItemStatus.Skipped : AgendaItemStatus.Done, now)));
        if (next is not null)
            events.Add(new(MeetingEventTypes.AgendaItemActivated, new AgendaItemActivatedData(next.Id, now)));
        var entry = Stage(caller, commandId, nameof(Advance), MeetingId, events);
        await Commit(entry);
        return new CommandReply<MeetingSnapshot>(Confirmed(), false, entry.Seq, _model.Epoch);
    }

    public async Task<CommandReply<MeetingSnapshot>> Close(Caller caller, MeetingCommand command)
    {
        Permissions.RunMeeting(caller, MeetingId);
        var (commandId, receipt) = await Begin(command?.CommandId, nameof(Close));
        if (receipt is not null) return await Replayed(receipt, _ => Confirmed());
        Validation.CanClose(Meeting.Status);
        var now = Now;
        // The item under discussion is finished; items never reached are recorded as skipped, not left pending forever.
        var events = Meeting.Agenda.Where(i => i.Status is AgendaItemStatus.Active or AgendaItemStatus.Pending).OrderBy(i => i.Order)
            .Select(i => new Decided(MeetingEventTypes.AgendaItemCompleted,
                new AgendaItemCompletedData(i.Id, i.Status == AgendaItemStatus.Active ? AgendaItemStatus.Done : AgendaItemStatus.Skipped, now)))
            .Append(new(MeetingEventTypes.MeetingClosed, new MeetingClosedData(now)))
            .ToList();
        var entry = Stage(caller, commandId, nameof(Close), MeetingId, events);
        await Commit(entry);
        await _outbox.Projected(entry.Version);
        return new CommandReply<MeetingSnapshot>(Confirmed(), false, entry.Seq, _model.Epoch);
    }

    public async Task<CommandReply<Attendee>> CheckIn(Caller caller, CheckIn command)
    {
        Permissions.ReadMeeting(caller, MeetingId);
        var (commandId, receipt) = await Begin(command?.CommandId, nameof(CheckIn));
        if (receipt is not null)
        {
            // A receipt answers only whoever may send the command itself (the agency is the key's first part).
            Permissions.CheckIn(caller, MeetingId, receipt.EntityId[..Math.Max(0, receipt.EntityId.IndexOf('/'))]);
            return await Replayed(receipt, r => Meeting.Attendance.First(a => AttendeeKey(a) == r.EntityId));
        }
        var known = await opds.For([command?.Opd]);
        var valid = Validation.CheckIn(command, known);
        Permissions.CheckIn(caller, MeetingId, valid.Opd);
        var existing = Meeting.Attendance.FirstOrDefault(a => MeetingProjection.SameAttendee(a, valid.Opd, valid.Name));
        if (existing is not null && existing.Position == valid.Position)
            return new CommandReply<Attendee>(existing, true, Meeting.Seq, _model.Epoch);
        Validation.CanCheckIn(Meeting.Status, existing is null ? Meeting.Attendance.Count : 0);
        var attendee = new Attendee(valid.Opd, valid.Name, valid.Position, Now, caller.Subject);
        var entry = Stage(caller, commandId, nameof(CheckIn), AttendeeKey(attendee), [new(MeetingEventTypes.AttendeeCheckedIn, new AttendeeData(attendee))]);
        await Commit(entry);
        return new CommandReply<Attendee>(attendee, false, entry.Seq, _model.Epoch);
    }

    public async Task<CommandReply<ActionPoint>> AddActionPoint(Caller caller, CreateActionPoint command)
    {
        Permissions.AddActionPoints(caller, MeetingId);
        var (commandId, receipt) = await Begin(command?.CommandId, nameof(AddActionPoint), allowNew: false);
        if (receipt is not null)
        {
            Permissions.CreateActionPoint(caller, MeetingId, FindActionPoint(receipt.EntityId)!.OwnerOpd);
            return await Replayed(receipt, r => FindActionPoint(r.EntityId)!);
        }
        var known = await opds.For([command?.OwnerOpd, .. command?.SupportingOpds ?? []]);
        var valid = Validation.ActionPoint(command, known, IsAgendaItem, MeetingDate());
        Permissions.CreateActionPoint(caller, MeetingId, valid.OwnerOpd);
        var id = Ids.ActionPoint(MeetingId, valid.CommandId);
        // The id derives from the commandId: a meeting upgraded from the first release kept only its newest receipts,
        // so an older commandId is recognised by the commitment it made.
        if (FindActionPoint(id) is { } existing)
        {
            Permissions.CreateActionPoint(caller, MeetingId, existing.OwnerOpd);
            return new CommandReply<ActionPoint>(existing, true, Meeting.Seq, _model.Epoch);
        }
        Validation.CanAddActionPoint(Meeting.Status, Meeting.ActionPoints.Count);
        var now = Now;
        var actionPoint = new ActionPoint(id, MeetingId, valid.AgendaItemId ?? Meeting.CurrentItemId, valid.OwnerOpd, valid.SupportingOpds,
            valid.Description, valid.Target, valid.Beneficiaries, valid.Benefit, valid.DueDate, ActionPointStatus.Open,
            Version: 1, now, caller.Subject, now, History([], new ActionPointChange(1, now, caller.Subject, "Created", [])));
        var entry = Stage(caller, valid.CommandId, nameof(AddActionPoint), id, [new(MeetingEventTypes.ActionPointAdded, new ActionPointData(actionPoint))], [], [id]);
        await Commit(entry);
        return new CommandReply<ActionPoint>(actionPoint, false, entry.Seq, _model.Epoch);
    }

    public async Task<CommandReply<ActionPoint>> UpdateActionPoint(Caller caller, string actionPointId, int expectedVersion, UpdateActionPoint command)
    {
        Permissions.EditActionPoints(caller);
        var current = await Existing(actionPointId);
        // Scope and agency before the receipt: a replay answers only a caller who may send the edit itself.
        Permissions.EditActionPoint(caller, current, command?.OwnerOpd is null ? null : Validation.NormalizeOpdCode(command.OwnerOpd));
        var (commandId, receipt) = await Begin(command?.CommandId, nameof(UpdateActionPoint));
        if (receipt is not null && receipt.EntityId != actionPointId)
            throw RakorProblem.Conflict($"This commandId already edited commitment {receipt.EntityId}; generate a new one for each edit.");
        if (receipt is not null) return await Replayed(receipt, _ => FindActionPoint(actionPointId)!);
        var known = await opds.For([command?.OwnerOpd, .. command?.SupportingOpds ?? []]);
        // The agency lookup awaited: decide on the commitment as it is now.
        current = FindActionPoint(actionPointId)!;
        var edit = Validation.ActionPointUpdate(command, current, known, IsAgendaItem, MeetingDate());
        Validation.ExpectVersion(current, expectedVersion);
        var changed = edit.ChangedFields(current);
        if (changed.Count == 0)
            return new CommandReply<ActionPoint>(current, true, Meeting.Seq, _model.Epoch);
        var now = Now;
        var version = current.Version + 1;
        var updated = current with
        {
            AgendaItemId = edit.AgendaItemChanged ? edit.AgendaItemId : current.AgendaItemId,
            OwnerOpd = edit.OwnerOpd ?? current.OwnerOpd,
            SupportingOpds = edit.SupportingOpds ?? current.SupportingOpds,
            Description = edit.Description ?? current.Description,
            Target = edit.Target ?? current.Target,
            Beneficiaries = edit.Beneficiaries ?? current.Beneficiaries,
            Benefit = edit.Benefit ?? current.Benefit,
            DueDate = edit.DueDate ?? current.DueDate,
            Status = edit.Status ?? current.Status,
            // A reason belongs to the drop it explains: reopening clears it, so a second drop needs its own.
            StatusReason = edit.Status is { } status && status != ActionPointStatus.Dropped ? edit.StatusReason : edit.StatusReason ?? current.StatusReason,
            Version = version,
            UpdatedAt = now,
            History = History(current.History, new ActionPointChange(version, now, caller.Subject, "Edited", changed, edit.StatusReason)),
        };
        var entry = Stage(caller, commandId, nameof(UpdateActionPoint), actionPointId, [new(MeetingEventTypes.ActionPointUpdated, new ActionPointData(updated))]);
        await Commit(entry);
        return new CommandReply<ActionPoint>(updated, false, entry.Seq, _model.Epoch);
    }

    public async Task<CommandReply<JoinCode>> CreateJoinCode(Caller caller, CreateJoinCode command)
    {
        Permissions.IssueJoinCodes(caller, MeetingId);
        var (commandId, receipt) = await Begin(command?.CommandId, nameof(CreateJoinCode));
        if (receipt is not null) return await Replayed(receipt, r => _model.JoinCodes.First(c => c.Code == r.EntityId));
        var known = await opds.For([command?.Opd]);
        var valid = Validation.JoinCode(command, known);
        if (Meeting.Status == MeetingStatus.Closed)
            throw RakorProblem.Conflict("The meeting is closed (Selesai): no new join codes.");
        var code = new JoinCode(JoinCodes.New(), MeetingId, valid.Role, valid.Opd, Now + valid.ValidFor, caller.Subject);
        // The code is indexed with the append, so it signs in as soon as it is answered.
        var entry = Stage(caller, commandId, nameof(CreateJoinCode), code.Code, [], [new JoinCodeIssued(code)], [JoinCodes.OwnerKey(code.Code)]);
        await Commit(entry);
        return new CommandReply<JoinCode>(code, false, entry.Seq, _model.Epoch);
    }

    public async Task<CommandReply<JoinCode>> RevokeJoinCode(Caller caller, string code, MeetingCommand command)
    {
        Permissions.IssueJoinCodes(caller, MeetingId);
        var (commandId, receipt) = await Begin(command?.CommandId, nameof(RevokeJoinCode));
        if (receipt is not null) return await Replayed(receipt, r => _model.JoinCodes.First(c => c.Code == r.EntityId));
        var normalized = JoinCodes.Normalize(code);
        var existing = _model.JoinCodes.FirstOrDefault(c => c.Code == normalized) ?? throw RakorProblem.NotFound("Kode bergabung", code);
        if (existing.RevokedAt is not null) return new CommandReply<JoinCode>(existing, true, Meeting.Seq, _model.Epoch);
        var entry = Stage(caller, commandId, nameof(RevokeJoinCode), existing.Code, [], [new JoinCodeRevoked(existing.Code, Now)]);
        await Commit(entry);
        return new CommandReply<JoinCode>(_model.JoinCodes.First(c => c.Code == existing.Code), false, entry.Seq, _model.Epoch);
    }

    /// <summary>
    /// The source meeting's commitments that are neither Done nor Dropped (open, in progress or late), with those it
    /// carried over itself and still unfinished: a commitment keeps travelling until it is done.
    /// </summary>
    private async Task<List<ActionPoint>> UnfinishedCommitmentsOf(Caller caller, string sourceMeetingId)
    {
        Permissions.ReadMeeting(caller, sourceMeetingId);
        var source = GrainFactory.GetGrain<IMeetingGrain>(sourceMeetingId);
        Validation.CarryOverSource(sourceMeetingId != MeetingId && await source.Exists(), sourceMeetingId, MeetingId);
        var snapshot = await source.GetSnapshot(caller);
        return [.. snapshot.ActionPoints.Concat(snapshot.CarriedActionPoints ?? [])
            .Where(a => a.Status is not (ActionPointStatus.Done or ActionPointStatus.Dropped) && a.MeetingId != MeetingId)
            .DistinctBy(a => a.Id)];
    }

    // ---------- relays ----------

    public Task<CatchUp> Subscribe(IMeetingObserver observer, TimeSpan lease)
    {
        var meeting = Confirmed();
        _relays.ExpirationDuration = lease;
        _relays.Subscribe(observer, observer);
        return Task.FromResult(new CatchUp(null, [], meeting.Seq, meeting.Epoch));
    }

    public Task Unsubscribe(IMeetingObserver observer)
    {
        _relays.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    // ---------- staging, group commit, confirmation ----------

    private readonly record struct Decided(string Type, MeetingEventData Data);

    /// <summary>The meeting as the next command must see it: every command accepted so far, written or not.</summary>
    private MeetingSnapshot Meeting => _model.Meeting!;

    /// <summary>What every command of an existing meeting does first: a fresh model, its commandId, and the receipt if it is a replay.</summary>
    /// <param name="allowNew">False where the body's commandId is required (validation reports it with the other fields).</param>
    private async Task<(string CommandId, CommandReceipt? Receipt)> Begin(string? commandId, string kind, bool allowNew = true)
    {
        await Fresh();
        Validation.MeetingExists(_model.Created, MeetingId);
        // Where the body must name its commandId, a missing or malformed one is reported by validation with the other fields.
        if (!allowNew && (commandId is null || !Validation.IsCommandId(commandId))) return (commandId ?? "", null);
        var id = allowNew ? Validation.CommandIdOrNew(commandId) : commandId!;
        if (!_model.Receipts.TryGetValue(id, out var receipt)) return (id, null);
        if (receipt.Kind != kind)
            throw RakorProblem.Conflict($"commandId '{id}' was already used for {receipt.Kind}; generate a new one for each command.");
        return (id, receipt);
    }

    /// <summary>A replay answers once the first command is durable, with what it produced.</summary>
    private async Task<CommandReply<T>> Replayed<T>(CommandReceipt? receipt, Func<CommandReceipt, T> value)
    {
        // A meeting migrated from the old format has no receipt of its creation: answer with what it holds now.
        receipt ??= new CommandReceipt(CreateKind, MeetingId, _confirmed.Seq, _confirmed.Version);
        await UntilConfirmed(receipt.Version);
        return new CommandReply<T>(value(receipt), true, receipt.Seq, _model.Epoch);
    }

    private JournalEntry Stage(Caller caller, string commandId, string kind, string entityId, IReadOnlyList<Decided> decided,
        IReadOnlyList<MeetingFact>? facts = null, IReadOnlyList<string>? created = null)
    {
        facts ??= [];
        var now = Now;
        var epoch = facts.OfType<MeetingCreated>().FirstOrDefault()?.Meeting.Epoch ?? _model.Epoch;
        var seq = _model.Seq;
        var events = decided.Select(d => new MeetingEvent(MeetingId, ++seq, epoch, d.Type, now, d.Data)).ToList();
        var entry = new JournalEntry(_model.Version + 1, commandId, kind, entityId, seq, now, caller.Subject, events, facts,
            MeetingOutbox.ItemsFor(events, facts), created ?? []);
        _model = _model.Apply(entry);
        var batch = _open ??= new Batch();
        batch.Entries.Add(entry);
        batch.After = _model;
        return entry;
    }

    /// <summary>Waits until the entry is durable; the first command of a quiet meeting starts the writer.</summary>
    private Task Commit(JournalEntry entry)
    {
        var done = _open!.Done.Task;
        if (!_writing)
        {
            _writing = true;
            _writer = WriteLoop();
        }
        return done;
    }

    private async Task WriteLoop()
    {
        try
        {
            while (_open is { } batch)
            {
                _open = null;
                var started = clock.GetTimestamp();
                try
                {
                    await journal.Append(MeetingId, _confirmed.Version, batch.Entries);
                    RakorLiveMetrics.StorageWriteDuration.Record(clock.GetElapsedTime(started).TotalSeconds, Outcome(RakorLiveMetrics.Outcome.Ok));
                }
                catch (Exception e)
                {
                    RakorLiveMetrics.StorageWriteDuration.Record(clock.GetElapsedTime(started).TotalSeconds, Outcome(RakorLiveMetrics.Outcome.Failed));
                    // Everything staged after this batch was decided on top of it: none of it may stand.
                    var later = _open;
                    _open = null;
                    _model = _confirmed;
                    _stale = true;
                    LogWriteFailed(logger, e, MeetingId, batch.Entries.Count + (later?.Entries.Count ?? 0));
                    var failure = e is JournalConflictException
                        ? RakorProblem.Unavailable("Rapat ini baru saja diubah di node lain; kirim ulang perintah yang sama (commandId yang sama).")
                        : e;
                    batch.Done.TrySetException(failure);
                    later?.Done.TrySetException(failure);
                    return;
                }
                Confirm(batch);
            }
        }
        finally
        {
            _writing = false;
        }
    }

    private void Confirm(Batch batch)
    {
        _confirmed = batch.After;
        var events = batch.Entries.SelectMany(e => e.Events).ToList();
        _log.Add(events);
        CountLive();
        batch.Done.TrySetResult();
        if (events.Count > 0)
        {
            _relays.ClearExpired();
            _relays.Notify(relay => relay.OnEvents(events));
        }
        _outbox.Owe(batch.Entries);
        _confirmedWaiters.Release(_confirmed.Version);
    }

    private readonly VersionWaiters _confirmedWaiters = new();

    /// <summary>A replay of a command still being written waits for it (and fails with it).</summary>
    private Task UntilConfirmed(long version) =>
        _confirmed.Version >= version ? Task.CompletedTask : _confirmedWaiters.Until(version);

    /// <summary>After a failed write, every command waits for one reload of what storage really holds.</summary>
    /// <remarks>A reload that fails (the database is still away) fails the command that waited; the next one tries again.</remarks>
    private async Task Fresh()
    {
        while (_stale)
        {
            var reloading = _reloading ??= ReloadAfterFailure();
            try
            {
                await reloading;
            }
            finally
            {
                if (ReferenceEquals(_reloading, reloading)) _reloading = null;
            }
        }
    }

    private async Task ReloadAfterFailure()
    {
        // The writer owns the confirmed model until it stops; its own failure was already given to its commands.
        try { await _writer; }
        catch (Exception) { }
        _confirmedWaiters.FailAll(RakorProblem.Unavailable("Perintah ini tidak tersimpan; kirim ulang dengan commandId yang sama."));
        await Load(activation: false);
        _stale = false;
    }

    /// <summary>Keeps this activation's share of the live-meetings metric in line with the confirmed status.</summary>
    private void CountLive()
    {
        var live = _confirmed.Meeting?.Status == MeetingStatus.Live;
        if (live == _countedLive) return;
        RakorLiveMetrics.MeetingsLive.Add(live ? 1 : -1);
        _countedLive = live;
    }

    private static KeyValuePair<string, object?> Outcome(string outcome) => new("outcome", outcome);

    private ActionPoint? FindActionPoint(string id) => Meeting.ActionPoints.FirstOrDefault(a => a.Id == id);

    private bool IsAgendaItem(string id) => Meeting.Agenda.Any(i => i.Id == id);

    private DateOnly MeetingDate() => Kosakata.LocalDate(Meeting.ScheduledStart, Meeting.TimeZone);

    /// <summary>
    /// A concrete List, not a collection expression: for an IReadOnlyList target the compiler emits hidden types
    /// (&lt;&gt;z__ReadOnlyArray) that a JSON grain storage writes by type name and cannot read back.
    /// </summary>
    private static List<ActionPointChange> History(IReadOnlyList<ActionPointChange> earlier, ActionPointChange change) => new(earlier) { change };

    private static string AttendeeKey(Attendee a) => a.Opd + "/" + a.Name.ToLowerInvariant();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing meeting {MeetingId} failed; {Count} staged command(s) refused, the meeting reloads before its next command")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string meetingId, int count);
}
