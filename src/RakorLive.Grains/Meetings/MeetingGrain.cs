using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;
using RakorLive.Commands;
using RakorLive.Events;
using RakorLive.Grains.Directory;
using RakorLive.Grains.Telemetry;
using RakorLive.GrainInterfaces;
using RakorLive.Model;
using RakorLive.Rules;
using RakorLive.Vocabulary;

namespace RakorLive.Grains.Meetings;

public sealed class MeetingGrain(
    [PersistentState("meeting", StorageNames.Default)] IPersistentState<MeetingState> store,
    IOptions<RakorLiveGrainOptions> options,
    TimeProvider clock,
    ILogger<MeetingGrain> logger) : Grain, IMeetingGrain
{
    private readonly ObserverManager<IMeetingObserver> _relays = new(TimeSpan.FromMinutes(2), logger);
    private MeetingEventLog _log = null!;
    // Set when a write failed: memory may hold changes storage does not, so reload before the next command.
    private bool _stale;
    // Whether this activation is counted in RakorLiveMetrics.MeetingsLive.
    private bool _countedLive;

    private MeetingState State => store.State;
    private string MeetingId => this.GetPrimaryKeyString();
    private DateTimeOffset Now => clock.GetUtcNow();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _log = new MeetingEventLog(State, options.Value.EventRetention);
        CountLive();
        await ProjectPending();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // The next activation (here or on another silo) counts the meeting again.
        if (_countedLive) RakorLiveMetrics.MeetingsLive.Add(-1);
        _countedLive = false;
        return Task.CompletedTask;
    }

    // ---------- reads ----------

    public Task<bool> Exists() => Task.FromResult(State.Created);

    public Task<MeetingSnapshot> GetSnapshot()
    {
        EnsureExists();
        return Task.FromResult(Snapshot());
    }

    public Task<CatchUp> GetEventsAfter(long afterSeq, long? epoch)
    {
        EnsureExists();
        return Task.FromResult(_log.After(afterSeq, epoch, Snapshot));
    }

    public Task<CatchUp> GetHistory(long afterSeq, long? epoch, int max)
    {
        EnsureExists();
        return Task.FromResult(_log.History(afterSeq, epoch, max, Snapshot));
    }

    // ---------- commands ----------

    public async Task<CommandReply<MeetingSnapshot>> Create(Caller caller, CreateMeeting command)
    {
        Permissions.CreateMeeting(caller);
        await ReloadIfStale();
        if (State.Created)
            return new CommandReply<MeetingSnapshot>(Snapshot(), Replayed: true, State.Seq);
        var valid = Validation.CreateMeeting(command, options.Value.TimeZone);
        var carried = valid.CarryOverFrom is { } source ? await UnfinishedCommitmentsOf(caller, source) : null;
        State.Created = true;
        State.Title = valid.Title;
        State.ScheduledStart = valid.ScheduledStart;
        State.Location = valid.Location;
        State.Chair = valid.Chair;
        State.TimeZone = valid.TimeZone;
        State.Status = MeetingStatus.Scheduled;
        State.Epoch = MeetingEventLog.NewEpoch(Now);
        State.CreatedAt = Now;
        State.CreatedBy = caller.Subject;
        State.CarriedOverFrom = valid.CarryOverFrom;
        var events = new List<MeetingEvent>();
        if (carried is not null)
        {
            // The follow-up rakor opens by reviewing what the last one left open or late: the same action points, by id.
            var item = new AgendaItem(Ids.AgendaItem(MeetingId, "carry-over"), Kosakata.CarryOverAgendaTitle, PresenterOpd: "",
                TimeboxMinutes: Math.Clamp(carried.Count * 2, 10, Limits.MaxTimeboxMinutes), AgendaItemStatus.Pending, Order: 1,
                CarriedActionPointIds: carried);
            State.Agenda.Add(item);
            events.Add(Emit(MeetingEventTypes.AgendaItemAdded, new AgendaItemData(item)));
        }
        await Commit(events);
        await UpdateDirectory();
        return new CommandReply<MeetingSnapshot>(Snapshot(), Replayed: false, State.Seq);
    }

    public async Task<CommandReply<AgendaItem>> AddAgendaItem(Caller caller, AddAgendaItem command)
    {
        Permissions.RunMeeting(caller, MeetingId);
        var (commandId, earlier) = await BeginCommand(command?.CommandId, nameof(AddAgendaItem));
        if (earlier is { } receipt)
            return new CommandReply<AgendaItem>(State.Agenda.First(i => i.Id == receipt.EntityId), true, receipt.Seq);
        var known = await KnownOpds();
        var valid = Validation.AgendaItem(command, known.Contains);
        Validation.CanAddAgendaItem(State.Status, State.Agenda.Count);
        var item = new AgendaItem(Ids.AgendaItem(MeetingId, commandId), valid.Title, valid.PresenterOpd, valid.TimeboxMinutes,
            AgendaItemStatus.Pending, State.Agenda.Count + 1);
        State.Agenda.Add(item);
        var evt = Emit(MeetingEventTypes.AgendaItemAdded, new AgendaItemData(item));
        Remember(commandId, nameof(AddAgendaItem), item.Id);
        await Commit([evt]);
        return new CommandReply<AgendaItem>(item, false, State.Seq);
    }

    public async Task<CommandReply<MeetingSnapshot>> Start(Caller caller, MeetingCommand command)
    {
        Permissions.RunMeeting(caller, MeetingId);
        var (commandId, earlier) = await BeginCommand(command?.CommandId, nameof(Start));
        if (earlier is { } receipt)
            return new CommandReply<MeetingSnapshot>(Snapshot(), true, receipt.Seq);
        Validation.CanStart(State.Status);
        // One instant for the state and the event, so a client replaying events holds exactly the snapshot.
        var startedAt = Now;
        State.Status = MeetingStatus.Live;
        State.StartedAt = startedAt;
        var events = new List<MeetingEvent>();
        var first = State.Agenda.Where(i => i.Status == AgendaItemStatus.Pending).OrderBy(i => i.Order).FirstOrDefault();
        events.Add(Emit(MeetingEventTypes.MeetingStarted, new MeetingStartedData(startedAt, first?.Id)));
        if (first is not null) events.Add(Activate(first));
        Remember(commandId, nameof(Start), MeetingId);
        await Commit(events);
        await UpdateDirectory();
        return new CommandReply<MeetingSnapshot>(Snapshot(), false, State.Seq);
    }

    public async Task<CommandReply<MeetingSnapshot>> Advance(Caller caller, MeetingCommand command)
    {
        Permissions.RunMeeting(caller, MeetingId);
        var (commandId, earlier) = await BeginCommand(command?.CommandId, nameof(Advance));
        if (earlier is { } receipt)
            return new CommandReply<MeetingSnapshot>(Snapshot(), true, receipt.Seq);
        var active = State.Agenda.FirstOrDefault(i => i.Id == State.CurrentItemId);
        var next = State.Agenda.Where(i => i.Status == AgendaItemStatus.Pending).OrderBy(i => i.Order).FirstOrDefault();
        Validation.CanAdvance(State.Status, active is not null || next is not null);
        var events = new List<MeetingEvent>();
        if (active is not null)
            events.Add(Complete(active, command?.Skip == true ? AgendaItemStatus.Skipped : AgendaItemStatus.Done));
        if (next is not null)
            events.Add(Activate(next));
        Remember(commandId, nameof(Advance), MeetingId);
        await Commit(events);
        return new CommandReply<MeetingSnapshot>(Snapshot(), false, State.Seq);
    }

    public async Task<CommandReply<MeetingSnapshot>> Close(Caller caller, MeetingCommand command)
    {
        Permissions.RunMeeting(caller, MeetingId);
        var (commandId, earlier) = await BeginCommand(command?.CommandId, nameof(Close));
        if (earlier is { } receipt)
            return new CommandReply<MeetingSnapshot>(Snapshot(), true, receipt.Seq);
        Validation.CanClose(State.Status);
        var events = new List<MeetingEvent>();
        // The item under discussion is finished; items never reached are recorded as skipped, not left pending forever.
        foreach (var item in State.Agenda.Where(i => i.Status is AgendaItemStatus.Active or AgendaItemStatus.Pending).OrderBy(i => i.Order).ToList())
            events.Add(Complete(item, item.Status == AgendaItemStatus.Active ? AgendaItemStatus.Done : AgendaItemStatus.Skipped));
        var closedAt = Now;
        State.Status = MeetingStatus.Closed;
        State.ClosedAt = closedAt;
        events.Add(Emit(MeetingEventTypes.MeetingClosed, new MeetingClosedData(closedAt)));
        Remember(commandId, nameof(Close), MeetingId);
        await Commit(events);
        await UpdateDirectory();
        return new CommandReply<MeetingSnapshot>(Snapshot(), false, State.Seq);
    }

    public async Task<CommandReply<Attendee>> CheckIn(Caller caller, CheckIn command)
    {
        Permissions.ReadMeeting(caller, MeetingId);
        var (commandId, earlier) = await BeginCommand(command?.CommandId, nameof(CheckIn));
        if (earlier is { } receipt)
            return new CommandReply<Attendee>(State.Attendance.First(a => AttendeeKey(a) == receipt.EntityId), true, receipt.Seq);
        var known = await KnownOpds();
        var valid = Validation.CheckIn(command, known.Contains);
        Permissions.CheckIn(caller, MeetingId, valid.Opd);
        var existing = State.Attendance.FindIndex(a => a.Opd == valid.Opd && string.Equals(a.Name, valid.Name, StringComparison.OrdinalIgnoreCase));
        if (existing >= 0 && State.Attendance[existing].Position == valid.Position)
            return new CommandReply<Attendee>(State.Attendance[existing], true, State.Seq);
        if (existing < 0) Validation.CanCheckIn(State.Status, State.Attendance.Count);
        else Validation.CanCheckIn(State.Status, 0);
        var attendee = new Attendee(valid.Opd, valid.Name, valid.Position, Now, caller.Subject);
        if (existing >= 0) State.Attendance[existing] = attendee;
        else State.Attendance.Add(attendee);
        var evt = Emit(MeetingEventTypes.AttendeeCheckedIn, new AttendeeData(attendee));
        Remember(commandId, nameof(CheckIn), AttendeeKey(attendee));
        await Commit([evt]);
        return new CommandReply<Attendee>(attendee, false, State.Seq);
    }

    public async Task<CommandReply<ActionPoint>> AddActionPoint(Caller caller, CreateActionPoint command)
    {
        Permissions.AddActionPoints(caller, MeetingId);
        await ReloadIfStale();
        EnsureExists();
        if (command?.CommandId is { } given && Replay(given, nameof(AddActionPoint)) is { } receipt)
            return new CommandReply<ActionPoint>(FindActionPoint(receipt.EntityId)!, true, receipt.Seq);
        var known = await KnownOpds();
        var valid = Validation.ActionPoint(command, known.Contains, IsAgendaItem, MeetingDate());
        Permissions.CreateActionPoint(caller, MeetingId, valid.OwnerOpd);
        var id = Ids.ActionPoint(MeetingId, valid.CommandId);
        // The id derives from the commandId, so even a replay older than the receipt window finds its action point.
        if (FindActionPoint(id) is { } earlier)
            return new CommandReply<ActionPoint>(earlier, true, State.Seq);
        Validation.CanAddActionPoint(State.Status, State.ActionPoints.Count);
        var actionPoint = new ActionPoint(id, MeetingId, valid.AgendaItemId ?? State.CurrentItemId, valid.OwnerOpd, valid.SupportingOpds,
            valid.Description, valid.Target, valid.Beneficiaries, valid.Benefit, valid.DueDate, ActionPointStatus.Open,
            Version: 1, Now, caller.Subject, Now, PersistableHistory([], new ActionPointChange(1, Now, caller.Subject, "Created", [])));
        State.ActionPoints.Add(actionPoint);
        var evt = Emit(MeetingEventTypes.ActionPointAdded, new ActionPointData(actionPoint));
        Remember(valid.CommandId, nameof(AddActionPoint), id);
        await Commit([evt]);
        return new CommandReply<ActionPoint>(actionPoint, false, State.Seq);
    }

    public async Task<CommandReply<ActionPoint>> UpdateActionPoint(Caller caller, string actionPointId, int expectedVersion, UpdateActionPoint command)
    {
        Permissions.EditActionPoints(caller);
        await ReloadIfStale();
        EnsureExists();
        var index = State.ActionPoints.FindIndex(a => a.Id == actionPointId);
        if (index < 0) throw RakorProblem.NotFound("Rencana tindak lanjut", actionPointId);
        var current = State.ActionPoints[index];
        if (command?.CommandId is { } given && Replay(given, nameof(UpdateActionPoint)) is { } receipt)
        {
            if (receipt.EntityId != actionPointId)
                throw RakorProblem.Conflict($"commandId '{given}' was already used for another action point; generate a new one for a new change.");
            return new CommandReply<ActionPoint>(current, true, receipt.Seq);
        }
        Permissions.EditActionPoint(caller, current, command?.OwnerOpd is null ? null : Validation.NormalizeOpdCode(command.OwnerOpd));
        var known = await KnownOpds();
        var edit = Validation.ActionPointUpdate(command, current, known.Contains, IsAgendaItem, MeetingDate());
        Validation.ExpectVersion(current, expectedVersion);
        var changed = edit.ChangedFields(current);
        if (changed.Count == 0)
            return new CommandReply<ActionPoint>(current, true, State.Seq);
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
            UpdatedAt = Now,
            History = PersistableHistory(current.History, new ActionPointChange(version, Now, caller.Subject, "Edited", changed, edit.StatusReason)),
        };
        State.ActionPoints[index] = updated;
        var evt = Emit(MeetingEventTypes.ActionPointUpdated, new ActionPointData(updated));
        Remember(command?.CommandId ?? Guid.NewGuid().ToString("N"), nameof(UpdateActionPoint), actionPointId);
        // The agenda item it leaves lists one commitment fewer.
        if (current.AgendaItemId is { } previousItem) State.Unprojected.Add(previousItem);
        await Commit([evt]);
        if (updated.OwnerOpd != current.OwnerOpd || current.SupportingOpds.Except(updated.SupportingOpds).Any())
        {
            foreach (var dropped in current.SupportingOpds.Append(current.OwnerOpd).Except(updated.SupportingOpds.Append(updated.OwnerOpd)))
                await GrainFactory.GetGrain<IOpdGrain>(dropped).Untrack(actionPointId);
        }
        return new CommandReply<ActionPoint>(updated, false, State.Seq);
    }

    public async Task<CommandReply<JoinCode>> CreateJoinCode(Caller caller, CreateJoinCode command)
    {
        Permissions.IssueJoinCodes(caller, MeetingId);
        var (commandId, earlier) = await BeginCommand(command?.CommandId, nameof(CreateJoinCode));
        if (earlier is { } receipt)
            return new CommandReply<JoinCode>(State.JoinCodes.First(c => c.Code == receipt.EntityId), true, receipt.Seq);
        var known = await KnownOpds();
        var valid = Validation.JoinCode(command, known.Contains);
        if (State.Status == MeetingStatus.Closed)
            throw RakorProblem.Conflict("The meeting is closed (Selesai): no new join codes.");
        var code = new JoinCode(JoinCodes.New(), MeetingId, valid.Role, valid.Opd, Now + valid.ValidFor, caller.Subject);
        await GrainFactory.GetGrain<IJoinCodeGrain>(code.Code).Set(code);
        State.JoinCodes.Add(code);
        Remember(commandId, nameof(CreateJoinCode), code.Code);
        await Commit([]);
        return new CommandReply<JoinCode>(code, false, State.Seq);
    }

    /// <summary>The ids of the source meeting's commitments that are neither Done nor Dropped (open, in progress or late).</summary>
    private async Task<List<string>> UnfinishedCommitmentsOf(Caller caller, string sourceMeetingId)
    {
        Permissions.ReadMeeting(caller, sourceMeetingId);
        var source = GrainFactory.GetGrain<IMeetingGrain>(sourceMeetingId);
        Validation.CarryOverSource(sourceMeetingId != MeetingId && await source.Exists(), sourceMeetingId, MeetingId);
        var snapshot = await source.GetSnapshot();
        return [.. snapshot.ActionPoints.Where(a => a.Status is not (ActionPointStatus.Done or ActionPointStatus.Dropped)).Select(a => a.Id)];
    }

    // ---------- relays ----------

    public Task<CatchUp> Subscribe(IMeetingObserver observer, TimeSpan lease)
    {
        EnsureExists();
        _relays.ExpirationDuration = lease;
        _relays.Subscribe(observer, observer);
        return Task.FromResult(new CatchUp(null, [], State.Seq, State.Epoch));
    }

    public Task Unsubscribe(IMeetingObserver observer)
    {
        _relays.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    // ---------- the single write path ----------

    private MeetingEvent Emit(string type, MeetingEventData data)
    {
        // Whatever the event changes has a read model to refresh after the write (the outbox).
        foreach (var id in ReadModelsOf(data)) State.Unprojected.Add(id);
        return _log.Append(MeetingId, type, data, Now);
    }

    private static IEnumerable<string> ReadModelsOf(MeetingEventData data) => data switch
    {
        AgendaItemData d => [d.Item.Id],
        AgendaItemActivatedData d => [d.ItemId],
        AgendaItemCompletedData d => [d.ItemId],
        ActionPointData { ActionPoint.AgendaItemId: { } itemId } d => [d.ActionPoint.Id, itemId],
        ActionPointData d => [d.ActionPoint.Id],
        _ => [],
    };

    /// <summary>Persists everything, then relays: an event nobody could read back after a crash is never sent.</summary>
    private async Task Commit(IReadOnlyList<MeetingEvent> events)
    {
        var started = clock.GetTimestamp();
        try
        {
            await store.WriteStateAsync();
            RakorLiveMetrics.StorageWriteDuration.Record(clock.GetElapsedTime(started).TotalSeconds, Outcome(RakorLiveMetrics.Outcome.Ok));
        }
        catch
        {
            RakorLiveMetrics.StorageWriteDuration.Record(clock.GetElapsedTime(started).TotalSeconds, Outcome(RakorLiveMetrics.Outcome.Failed));
            _stale = true;
            throw;
        }
        CountLive();
        if (events.Count > 0)
        {
            _relays.ClearExpired();
            await _relays.Notify(relay => relay.OnEvents(events));
        }
        await ProjectPending();
    }

    /// <summary>What every command of an existing meeting does first: fresh state, its commandId, and the receipt if it is a replay.</summary>
    private async Task<(string CommandId, CommandReceipt? Receipt)> BeginCommand(string? commandId, string kind)
    {
        await ReloadIfStale();
        EnsureExists();
        var id = Validation.CommandIdOrNew(commandId);
        return (id, Replay(id, kind));
    }

    private async Task ReloadIfStale()
    {
        if (!_stale) return;
        await store.ReadStateAsync();
        _log = new MeetingEventLog(State, options.Value.EventRetention);
        _stale = false;
        CountLive();
    }

    /// <summary>Keeps this activation's share of the live-meetings metric in line with the persisted status.</summary>
    private void CountLive()
    {
        var live = State.Created && State.Status == MeetingStatus.Live;
        if (live == _countedLive) return;
        RakorLiveMetrics.MeetingsLive.Add(live ? 1 : -1);
        _countedLive = live;
    }

    private static KeyValuePair<string, object?> Outcome(string outcome) => new("outcome", outcome);

    private CommandReceipt? Replay(string commandId, string kind)
    {
        if (!State.Receipts.TryGetValue(commandId, out var receipt)) return null;
        if (receipt.Kind != kind)
            throw RakorProblem.Conflict($"commandId '{commandId}' was already used for {receipt.Kind}; generate a new one for each command.");
        return receipt;
    }

    private void Remember(string commandId, string kind, string entityId)
    {
        State.Receipts[commandId] = new CommandReceipt(kind, entityId, State.Seq);
        State.ReceiptOrder.Add(commandId);
        var excess = State.ReceiptOrder.Count - options.Value.CommandRetention;
        if (excess <= 0) return;
        foreach (var old in State.ReceiptOrder.Take(excess)) State.Receipts.Remove(old);
        State.ReceiptOrder.RemoveRange(0, excess);
    }

    // ---------- agenda ----------

    private MeetingEvent Activate(AgendaItem item)
    {
        var activatedAt = Now;
        Replace(item with { Status = AgendaItemStatus.Active, ActivatedAt = activatedAt });
        State.CurrentItemId = item.Id;
        return Emit(MeetingEventTypes.AgendaItemActivated, new AgendaItemActivatedData(item.Id, activatedAt));
    }

    private MeetingEvent Complete(AgendaItem item, AgendaItemStatus status)
    {
        var completedAt = Now;
        Replace(item with { Status = status, CompletedAt = completedAt });
        if (State.CurrentItemId == item.Id) State.CurrentItemId = null;
        return Emit(MeetingEventTypes.AgendaItemCompleted, new AgendaItemCompletedData(item.Id, status, completedAt));
    }

    private void Replace(AgendaItem item) => State.Agenda[State.Agenda.FindIndex(i => i.Id == item.Id)] = item;

    private bool IsAgendaItem(string id) => State.Agenda.Any(i => i.Id == id);

    // ---------- read models ----------

    /// <summary>
    /// Brings the read models (action point, agenda item and OPD grains) up to date with what the last writes
    /// changed; what fails stays in the outbox for the next command or activation.
    /// </summary>
    private async Task ProjectPending()
    {
        if (State.Unprojected.Count == 0) return;
        var done = new List<string>();
        foreach (var id in State.Unprojected.ToList())
        {
            try
            {
                if (FindActionPoint(id) is { } actionPoint)
                    await Task.WhenAll(
                        GrainFactory.GetGrain<IActionPointGrain>(id).Apply(actionPoint, State.TimeZone),
                        GrainFactory.GetGrain<IOpdGrain>(actionPoint.OwnerOpd).Track(Ledger(actionPoint, "Lead")),
                        Task.WhenAll(actionPoint.SupportingOpds.Select(opd => GrainFactory.GetGrain<IOpdGrain>(opd).Track(Ledger(actionPoint, "Support")))));
                else if (State.Agenda.Find(i => i.Id == id) is { } item)
                    await GrainFactory.GetGrain<IAgendaItemGrain>(id).Apply(new AgendaItemView(MeetingId, item,
                        [.. item.CarriedActionPointIds ?? [], .. State.ActionPoints.Where(a => a.AgendaItemId == id).Select(a => a.Id)], State.Seq));
                done.Add(id);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Read model {Id} of meeting {MeetingId} lags; it is retried on the next command", id, MeetingId);
            }
        }
        // Removal is persisted with the next write; until then a re-apply is harmless because Apply ignores older versions.
        foreach (var id in done) State.Unprojected.Remove(id);
    }

    private LedgerEntry Ledger(ActionPoint actionPoint, string role) =>
        new(actionPoint.Id, MeetingId, actionPoint.DueDate, actionPoint.Status, role, State.TimeZone);

    private async Task UpdateDirectory() =>
        await GrainFactory.GetGrain<IMeetingDirectoryGrain>(DirectoryKeys.Default).Upsert(
            new MeetingSummary(MeetingId, State.Title, State.ScheduledStart, State.Location, State.Chair, State.TimeZone, State.Status));

    private async Task<HashSet<string>> KnownOpds() =>
        (await GrainFactory.GetGrain<IOpdDirectoryGrain>(DirectoryKeys.Default).List()).Select(o => o.Code).ToHashSet(StringComparer.Ordinal);

    // ---------- helpers ----------

    private ActionPoint? FindActionPoint(string id) => State.ActionPoints.Find(a => a.Id == id);

    private DateOnly MeetingDate() => Kosakata.LocalDate(State.ScheduledStart, State.TimeZone);

    private static string AttendeeKey(Attendee a) => a.Opd + "/" + a.Name.ToLowerInvariant();

    /// <summary>
    /// A concrete List, not a collection expression: for an IReadOnlyList target the compiler emits its own
    /// hidden types (&lt;&gt;z__ReadOnlySingleElementList, &lt;&gt;z__ReadOnlyArray), which the JSON grain storage writes by
    /// type name and then refuses to read back, so the meeting could not be loaded after a restart.
    /// </summary>
    private static List<ActionPointChange> PersistableHistory(IReadOnlyList<ActionPointChange> earlier, ActionPointChange change) =>
        new(earlier) { change };

    private void EnsureExists() => Validation.MeetingExists(State.Created, MeetingId);

    private MeetingSnapshot Snapshot() => new(
        MeetingId, State.Title, State.ScheduledStart, State.Location, State.Chair, State.TimeZone, State.Status,
        State.StartedAt, State.ClosedAt, [.. State.Agenda], State.CurrentItemId, [.. State.ActionPoints], [.. State.Attendance],
        State.Seq, State.Epoch, State.CarriedOverFrom);
}
