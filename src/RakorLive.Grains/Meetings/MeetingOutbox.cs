using Microsoft.Extensions.Logging;
using RakorLive.Events;
using RakorLive.GrainInterfaces;
using RakorLive.Grains.Agencies;
using RakorLive.Grains.Meetings.Journal;
using RakorLive.Model;

namespace RakorLive.Grains.Meetings;

/// <summary>
/// The meeting's one path for side effects. Each confirmed entry carries the items it owes (persisted with it);
/// after the reply they are drained in order, coalesced by key (the newest state once), retried with backoff until
/// done, and the position is saved so a new activation continues where this one stopped. Every target ignores what
/// is older than what it holds, so running an item twice is harmless. It also writes the meeting's snapshot every
/// <see cref="EntriesBetweenSnapshots"/> entries, off the command's path.
/// </summary>
internal sealed class MeetingOutbox(
    string meetingId,
    IMeetingJournal journal,
    IGrainFactory grains,
    IFollowUpStore followUps,
    RakorLiveGrainOptions options,
    Func<MeetingModel> confirmed,
    ILogger logger,
    Grain owner) : IDisposable
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);
    /// <summary>How long a lifecycle command (create, start, close) waits for the meeting list before answering anyway.</summary>
    private static readonly TimeSpan ProjectionWait = TimeSpan.FromSeconds(5);

    private readonly List<JournalEntry> _owed = [];
    private readonly VersionWaiters _projected = new();
    private long _position;
    private long _snapshotVersion;
    private bool _draining;
    private TimeSpan _retry = FirstRetry;
    private IGrainTimer? _retryTimer;

    /// <summary>The items a new entry owes, from its events and facts: written with the entry, so none is forgotten in a crash.</summary>
    public static IReadOnlyList<OutboxItem> ItemsFor(IReadOnlyList<MeetingEvent> events, IReadOnlyList<MeetingFact> facts)
    {
        var items = new List<OutboxItem>();
        if (facts.OfType<MeetingCreated>().Any()) items.Add(new ProjectDirectory());
        // A follow-up rakor tells each origin meeting that it carries its commitments, so their changes reach it.
        foreach (var created in facts.OfType<MeetingCreated>())
            foreach (var origin in (created.Meeting.CarriedActionPoints ?? []).GroupBy(a => a.MeetingId))
                items.Add(new RegisterCarrier(origin.Key, origin.Select(a => a.Id).ToList()));
        foreach (var evt in events)
        {
            switch (evt.Data)
            {
                // Only the origin projects and mirrors a commitment; a carrier's copy is a mirror itself.
                case ActionPointData d when d.ActionPoint.MeetingId == evt.MeetingId:
                    items.Add(new ProjectActionPoint(d.ActionPoint.Id));
                    break;
                case MeetingStartedData or MeetingClosedData:
                    items.Add(new ProjectDirectory());
                    break;
            }
        }
        return items;
    }

    public long Position => _position;

    public void Reset(long position, long snapshotVersion, IReadOnlyList<JournalEntry> owed)
    {
        _position = position;
        _snapshotVersion = snapshotVersion;
        _owed.Clear();
        _owed.AddRange(owed);
        if (_owed.Count > 0 || NeedsSnapshot) Kick();
    }

    public void Owe(IReadOnlyList<JournalEntry> entries)
    {
        _owed.AddRange(entries);
        Kick();
    }

    /// <summary>Lets a lifecycle command answer only once the meeting list shows it (bounded: the change is durable either way).</summary>
    public async Task Projected(long version)
    {
        if (_position >= version) return;
        await Task.WhenAny(_projected.Until(version), Task.Delay(ProjectionWait));
    }

    private bool NeedsSnapshot
    {
        get
        {
            var model = confirmed();
            return model.Version - _snapshotVersion >= EntriesBetweenSnapshots(model, options.SnapshotEvery);
        }
    }

    /// <summary>
    /// A snapshot is the whole meeting, about a commitment's bytes for each commitment it holds. Taken every
    /// <paramref name="snapshotEvery"/> entries alone, a meeting of 2,000 commitments would rewrite megabytes every few
    /// seconds, and every command would pay more the larger the meeting grew. Taken no more often than once per as many
    /// entries as the meeting holds commitments, its share of each command stays about one commitment's, whatever the
    /// size; an activation then folds at most that many entries, no more than the snapshot it reads. At least one entry
    /// apart, whatever RakorLive:SnapshotEvery says: the drain loops while <see cref="NeedsSnapshot"/> holds.
    /// </summary>
    public static long EntriesBetweenSnapshots(MeetingModel model, int snapshotEvery) =>
        Math.Max(Math.Max(1, snapshotEvery), (model.Meeting?.ActionPoints.Count ?? 0) + (model.Meeting?.CarriedActionPoints?.Count ?? 0));

    private void Kick()
    {
        if (!_draining) _ = Drain();
    }

    private async Task Drain()
    {
        _draining = true;
        try
        {
            // Entries owed while a snapshot is written are drained by the same loop: Kick does nothing while this runs,
            // so the loop may end only when, with no await between the check and the finally, nothing is owed.
            while (true)
            {
                if (_owed.Count > 0)
                {
                    var batch = _owed.ToList();
                    var model = confirmed();
                    var items = batch.SelectMany(e => e.Outbox).GroupBy(i => i.Key).Select(g => g.Last()).ToList();
                    await Run(items, model);
                    _owed.RemoveRange(0, batch.Count);
                    _position = batch[^1].Version;
                    // Done is done, whenever the position lands (it gathers with other writes): a lifecycle command answers now.
                    _projected.Release(_position);
                    // In the same round, not only once nothing is owed: a meeting that never pauses still gets its snapshots.
                    if (NeedsSnapshot) await WriteSnapshot();
                    await journal.SaveOutboxPosition(meetingId, _position);
                }
                else if (NeedsSnapshot)
                {
                    await WriteSnapshot();
                }
                else break;
            }
            _retry = FirstRetry;
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Side effects of meeting {MeetingId} after version {Position} lag; retrying in {Delay}", meetingId, _position, _retry);
            ScheduleRetry();
        }
        finally
        {
            _draining = false;
        }
    }

    private async Task WriteSnapshot()
    {
        var model = confirmed();
        // Serialized beside the activation (the model is immutable): a large meeting's snapshot takes milliseconds that
        // the commands queued on the grain would otherwise wait for.
        var json = await Task.Run(() => MeetingSnapshots.Write(model));
        await journal.WriteSnapshot(meetingId, model.Version, json);
        _snapshotVersion = model.Version;
    }

    private void ScheduleRetry()
    {
        _retryTimer?.Dispose();
        var delay = _retry;
        _retry = TimeSpan.FromTicks(Math.Min(LastRetry.Ticks, _retry.Ticks * 2));
        _retryTimer = owner.RegisterGrainTimer(_ =>
        {
            _retryTimer?.Dispose();
            _retryTimer = null;
            Kick();
            return Task.CompletedTask;
        }, new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
    }

    /// <summary>The commitments' rows in one write, then their agencies' reminders and the meeting's line in the list.</summary>
    private async Task Run(IReadOnlyList<OutboxItem> items, MeetingModel model)
    {
        var meeting = model.Meeting!;
        var rows = items.OfType<ProjectActionPoint>()
            .Select(p => meeting.ActionPoints.FirstOrDefault(a => a.Id == p.ActionPointId))
            .OfType<ActionPoint>()
            .Select(a => new FollowUpRow(a, meeting.TimeZone, ActionPointRules.CarriedCount(a), meeting.Title))
            .ToList();
        if (rows.Count > 0) await followUps.Upsert(rows);
        // Every rakor that carries a commitment receives its change, each in its own sequence (idempotent by version).
        await Task.WhenAll(rows.SelectMany(r => (r.ActionPoint.CarriedInto ?? [])
            .Select(carrier => grains.GetGrain<IMeetingGrain>(carrier).Mirror(r.ActionPoint))));
        await Task.WhenAll(items.OfType<RegisterCarrier>()
            .Select(c => grains.GetGrain<IMeetingGrain>(c.OriginMeetingId).RegisterCarrier(meetingId, c.ActionPointIds)));
        var work = rows
            .SelectMany(r => r.Agencies.Select(agency => grains.GetGrain<IOpdGrain>(agency.Opd).Track(
                new LedgerEntry(r.ActionPoint.Id, r.ActionPoint.MeetingId, r.ActionPoint.DueDate, r.ActionPoint.Status, agency.Role, r.TimeZone, r.ActionPoint.Version))))
            .ToList();
        if (items.OfType<ProjectDirectory>().Any())
            work.Add(grains.GetGrain<IMeetingDirectoryGrain>(DirectoryKeys.Default).Upsert(
                new MeetingSummary(meeting.Id, meeting.Title, meeting.ScheduledStart, meeting.Location, meeting.Chair, meeting.TimeZone, meeting.Status),
                model.Version));
        await Task.WhenAll(work);
    }

    public void Dispose() => _retryTimer?.Dispose();
}
