using RakorLive.Events;
using RakorLive.GrainInterfaces;
using RakorLive.Grains.Agencies;
using RakorLive.Grains.Directory;
using RakorLive.Grains.Meetings.Journal;
using RakorLive.Model;

namespace RakorLive.Grains.Legacy;

/// <summary>
/// Turns the first release's grain states into the new release's: a meeting into the first entries of its journal
/// (and its retained events into the history before them), the directories into the new directory states, and what
/// follows from the meetings (the follow-up read model's rows, and what the agency grains keep) into their new form.
/// Pure functions: the storage work is LegacyMigration's (RakorLive.Storage).
/// </summary>
public static class LegacyConversion
{
    /// <summary>The subject the imported entries are recorded by.</summary>
    public static string RecordedBy => Caller.System.Subject;

    /// <summary>The receipt of a meeting's creation, as MeetingGrain keys it (creation has no client commandId of its own).</summary>
    public const string CreateKind = nameof(IMeetingGrain.Create);

    /// <param name="Meeting">The meeting as the first release last wrote it (its seq and epoch included).</param>
    /// <param name="Entries">Version 1: the creation, carrying the whole meeting and its join codes; then one entry per remembered commandId.</param>
    /// <param name="History">The retained events, before the journal's first entry: already part of <paramref name="Meeting"/>, kept for catch-up.</param>
    public sealed record ImportedMeeting(
        MeetingSnapshot Meeting,
        IReadOnlyList<JournalEntry> Entries,
        IReadOnlyList<MeetingEvent> History,
        IReadOnlyList<JoinCode> JoinCodes,
        DateTimeOffset CreatedAt,
        string CreatedBy)
    {
        public long LastVersion => Entries[^1].Version;
    }

    /// <summary>
    /// A first-release meeting as journal entries. <paramref name="orphanCodes"/> are join codes whose own rows name
    /// this meeting but which the meeting's state does not list (the code was stored, the meeting's write then failed).
    /// </summary>
    public static ImportedMeeting Meeting(string meetingId, LegacyMeetingState state, IEnumerable<LegacyJoinCode> orphanCodes, DateTimeOffset now)
    {
        if (!state.Created) throw new InvalidDataException("the meeting state was never created (Created = false).");
        var meeting = new MeetingSnapshot(meetingId, state.Title, state.ScheduledStart, state.Location, state.Chair, state.TimeZone,
            Map<LegacyMeetingStatus, MeetingStatus>(state.Status), state.StartedAt, state.ClosedAt,
            state.Agenda.Select(AgendaItem).ToList(), state.CurrentItemId,
            state.ActionPoints.Select(ActionPoint).ToList(), state.Attendance.Select(Attendee).ToList(),
            state.Seq, state.Epoch, state.CarriedOverFrom);

        var codes = state.JoinCodes.Concat(orphanCodes).DistinctBy(c => c.Code).Select(JoinCode).ToList();
        var facts = new List<MeetingFact> { new MeetingCreated(meeting, state.CreatedAt, state.CreatedBy) };
        facts.AddRange(codes.Select(c => new JoinCodeIssued(c)));
        // What the routes that name an id need to find this meeting: agenda items, commitments, join codes.
        var created = meeting.Agenda.Select(i => i.Id)
            .Concat(meeting.ActionPoints.Select(a => a.Id))
            .Concat(codes.Select(c => JoinCodes.OwnerKey(c.Code)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        // The side effects the creation owes (the meeting list, each commitment's follow-up row and its agencies); the
        // migration performs them itself and records the outbox position past them.
        var outbox = new List<OutboxItem> { new ProjectDirectory() };
        outbox.AddRange(meeting.ActionPoints.Select(a => new ProjectActionPoint(a.Id)));

        var entries = new List<JournalEntry>
        {
            new(1, CreateKind, CreateKind, meetingId, meeting.Seq, now, RecordedBy, [], facts, outbox, created),
        };
        // Every remembered commandId keeps answering with its first result (Idempotent-Replay), in the order they came.
        var order = state.ReceiptOrder.Where(state.Receipts.ContainsKey)
            .Concat(state.Receipts.OrderBy(r => r.Value.Seq).Select(r => r.Key))
            .Distinct(StringComparer.Ordinal)
            .Where(id => id != CreateKind);
        foreach (var commandId in order)
        {
            var receipt = state.Receipts[commandId];
            entries.Add(new JournalEntry(entries.Count + 1, commandId, receipt.Kind, receipt.EntityId, receipt.Seq, now, RecordedBy, [], [], [], []));
        }

        var history = state.Events.OrderBy(e => e.Seq).Select(e => Event(meetingId, e)).ToList();
        return new ImportedMeeting(meeting, entries, history, codes, state.CreatedAt, state.CreatedBy);
    }

    // ---------- the states around the meetings ----------

    public static OpdDirectoryState Opds(LegacyOpdDirectoryState legacy) =>
        new() { Opds = legacy.Opds.Select(o => new Opd(o.Code, o.Name, o.Kind)).ToList() };

    public static UserDirectoryState Users(LegacyUserDirectoryState legacy)
    {
        var state = new UserDirectoryState();
        foreach (var (key, user) in legacy.Users)
            state.Users[key] = new UserAccount(user.Username, user.DisplayName, Map<LegacyRole, Role>(user.Role), user.Opd, user.PasswordHash, user.CreatedAt);
        return state;
    }

    /// <summary>The meeting list, rebuilt from the meetings themselves (the first release's list could lag behind them).</summary>
    public static MeetingDirectoryState MeetingDirectory(IEnumerable<ImportedMeeting> meetings)
    {
        var state = new MeetingDirectoryState();
        foreach (var imported in meetings)
        {
            var m = imported.Meeting;
            state.Meetings[m.Id] = new MeetingSummary(m.Id, m.Title, m.ScheduledStart, m.Location, m.Chair, m.TimeZone, m.Status);
            state.Versions[m.Id] = imported.LastVersion;
        }
        return state;
    }

    /// <summary>Every commitment of the migrated meetings as the follow-up read model's row (what a meeting's outbox writes).</summary>
    public static List<FollowUpRow> FollowUps(IEnumerable<MeetingSnapshot> meetings) =>
        meetings.SelectMany(m => m.ActionPoints.Select(a => new FollowUpRow(a, m.TimeZone))).ToList();

    /// <summary>
    /// What an agency grain keeps of its old ledger: when each commitment was first seen overdue, for the commitments it
    /// still leads or supports and that are not finished (an agency's ledger itself is now the follow-up rows naming it).
    /// Agencies with nothing to keep are left out: their grains start fresh.
    /// </summary>
    public static Dictionary<string, OpdState> Agencies(IEnumerable<FollowUpRow> followUps, IReadOnlyDictionary<string, LegacyOpdState> legacy)
    {
        var open = followUps.Where(r => r.ActionPoint.Status is not (ActionPointStatus.Done or ActionPointStatus.Dropped))
            .SelectMany(r => r.Agencies.Select(agency => (agency.Opd, r.ActionPoint.Id)))
            .ToHashSet();
        var agencies = new Dictionary<string, OpdState>(StringComparer.Ordinal);
        foreach (var (code, old) in legacy)
        {
            var state = new OpdState();
            foreach (var (actionPointId, since) in old.OverdueSince)
                if (open.Contains((code, actionPointId))) state.OverdueSince[actionPointId] = since;
            if (state.OverdueSince.Count > 0) agencies[code] = state;
        }
        return agencies;
    }

    // ---------- records ----------

    public static AgendaItem AgendaItem(LegacyAgendaItem i) => new(i.Id, i.Title, i.PresenterOpd, i.TimeboxMinutes,
        Map<LegacyAgendaItemStatus, AgendaItemStatus>(i.Status), i.Order, i.ActivatedAt, i.CompletedAt, i.CarriedActionPointIds?.ToList());

    public static Attendee Attendee(LegacyAttendee a) => new(a.Opd, a.Name, a.Position, a.CheckedInAt, a.CheckedInBy);

    public static ActionPoint ActionPoint(LegacyActionPoint a) => new(a.Id, a.MeetingId, a.AgendaItemId, a.OwnerOpd, a.SupportingOpds.ToList(),
        a.Description, a.Target, a.Beneficiaries, a.Benefit, a.DueDate, Map<LegacyActionPointStatus, ActionPointStatus>(a.Status), a.Version,
        a.CreatedAt, a.CreatedBy, a.UpdatedAt,
        a.History.Select(c => new ActionPointChange(c.Version, c.At, c.By, c.Kind, c.Fields.ToList(), c.Note)).ToList(),
        a.ProgressPercent, a.StatusReason);

    public static JoinCode JoinCode(LegacyJoinCode c) => new(c.Code, c.MeetingId, Map<LegacyRole, Role>(c.Role), c.Opd, c.ExpiresAt, c.CreatedBy);

    public static MeetingEvent Event(string meetingId, LegacyMeetingEvent e) => new(meetingId, e.Seq, e.Epoch, e.Type, e.OccurredAt, e.Data switch
    {
        LegacyMeetingStartedData d => new MeetingStartedData(d.StartedAt, d.CurrentItemId),
        LegacyAgendaItemData d => new AgendaItemData(AgendaItem(d.Item)),
        LegacyAgendaItemActivatedData d => new AgendaItemActivatedData(d.ItemId, d.ActivatedAt),
        LegacyAgendaItemCompletedData d => new AgendaItemCompletedData(d.ItemId, Map<LegacyAgendaItemStatus, AgendaItemStatus>(d.Status), d.CompletedAt),
        LegacyAttendeeData d => new AttendeeData(Attendee(d.Attendee)),
        LegacyActionPointData d => new ActionPointData(ActionPoint(d.ActionPoint)),
        LegacyMeetingClosedData d => new MeetingClosedData(d.ClosedAt),
        null => throw new InvalidDataException($"event {e.Seq} ({e.Type}) has no payload."),
        var other => throw new InvalidDataException($"event {e.Seq} has a payload of unknown type {other.GetType().Name}."),
    });

    /// <summary>The enums kept their names and order; a value the first release never had means the row is damaged.</summary>
    private static TTo Map<TFrom, TTo>(TFrom value) where TFrom : struct, Enum where TTo : struct, Enum =>
        Enum.IsDefined(value) && Enum.TryParse<TTo>(value.ToString(), out var mapped)
            ? mapped
            : throw new InvalidDataException($"{typeof(TFrom).Name.Replace("Legacy", "")} value {Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)} is not one the first release had.");
}
