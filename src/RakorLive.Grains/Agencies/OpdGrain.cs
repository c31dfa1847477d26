using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RakorLive.GrainInterfaces;
using RakorLive.Grains.Notifications;
using RakorLive.Model;
using RakorLive.Vocabulary;

namespace RakorLive.Grains.Agencies;

[GenerateSerializer, Alias("RakorLive.OpdState.v2")]
public sealed class OpdState
{
    /// <summary>When each commitment was first seen overdue by the deadline reminder.</summary>
    [Id(0)] public Dictionary<string, DateTimeOffset> OverdueSince { get; set; } = [];

    /// <summary>
    /// The commitments waiting for verification: a return (back to InProgress) is recognised against it after a restart.
    /// Small by nature (the verification queue), so writing it costs little, unlike a per-commitment record.
    /// </summary>
    [Id(1)] public HashSet<string> Awaiting { get; set; } = [];
}

/// <summary>What this activation last saw of a commitment through Track (memory only; the notification store keys make repeats harmless).</summary>
public sealed record TrackedItem(ActionPointStatus Status, DateOnly DueDate, int Version);

/// <summary>
/// An agency. Its ledger of commitments across meetings is the follow-up read model's rows that name it; the grain
/// keeps two durable reminders: one that wakes it daily just after local midnight (a due date passes, a lead day is
/// reached) and one at the deployment's digest time. Every notification it raises is recorded in the notification
/// store under its key before anything is delivered, so each is raised once across restarts and node loss; the
/// webhooks then get it through the store's delivery outbox, the hub live through <see cref="IFollowUpHubGrain"/>.
/// </summary>
public sealed class OpdGrain(
    [PersistentState("opd-v2", StorageNames.Default)] IPersistentState<OpdState> store,
    IFollowUpStore followUps,
    INotificationStore notifications,
    IOptions<NotificationOptions> options,
    IServiceProvider services,
    TimeProvider clock,
    ILogger<OpdGrain> logger) : Grain, IOpdGrain, IRemindable
{
    public const string DeadlineReminder = "deadlines";
    private readonly Dictionary<string, TrackedItem> _seen = new(StringComparer.Ordinal);
    public const string DigestReminder = "digest";
    private bool _reminderRegistered;

    private string Opd => this.GetPrimaryKeyString();
    private NotificationOptions Options => options.Value;
    private IFollowUpHubGrain Hub => GrainFactory.GetGrain<IFollowUpHubGrain>(DirectoryKeys.Default);

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _reminderRegistered = await this.GetReminder(DeadlineReminder) is not null && await this.GetReminder(DigestReminder) is not null;

    public Task<IReadOnlyList<LedgerEntry>> GetLedger() => followUps.LedgerOf(Opd);

    public async Task Track(LedgerEntry entry)
    {
        var now = clock.GetUtcNow();
        var previous = _seen.GetValueOrDefault(entry.ActionPointId);
        var repeated = previous is not null && entry.Version > 0 && entry.Version <= previous.Version;
        if (!repeated)
        {
            _seen[entry.ActionPointId] = new TrackedItem(entry.Status, entry.DueDate, entry.Version);
            var wasAwaiting = store.State.Awaiting.Contains(entry.ActionPointId);
            var before = previous?.Status ?? (wasAwaiting ? ActionPointStatus.AwaitingVerification : null);
            // The state is written only when what it holds changes: a new or edited commitment costs no write here.
            var changed = entry.Status == ActionPointStatus.AwaitingVerification
                ? store.State.Awaiting.Add(entry.ActionPointId)
                : store.State.Awaiting.Remove(entry.ActionPointId);
            if (DeadlineRules.IsFinished(entry.Status)) changed |= store.State.OverdueSince.Remove(entry.ActionPointId);
            if (changed) await store.WriteStateAsync();
            Publish(h => h.Changed(new FollowUpChange(entry.ActionPointId, Opd, entry.Status, entry.DueDate, entry.Version, entry.MeetingId, entry.Role)));
            // Status notices go out once per commitment, from its lead agency: the secretariat hears of it once, not per supporter.
            if (entry.Role == "Lead" && DeadlineRules.Transition(Opd, entry, before, now) is { } transition) await Raise(transition);
        }
        if (!DeadlineRules.IsFinished(entry.Status))
        {
            if (DeadlineRules.ItemNotice(Opd, entry, now, Options.Reminders.LeadDayList) is { } notice) await Raise(notice);
            await EnsureReminder(entry.TimeZone);
        }
    }

    public async Task Wake()
    {
        var ledger = await followUps.LedgerOf(Opd);
        if (ledger.Any(e => !DeadlineRules.IsFinished(e.Status))) await EnsureReminder(ledger.First(e => !DeadlineRules.IsFinished(e.Status)).TimeZone);
        await Evaluate(ledger, digest: true);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName is not (DeadlineReminder or DigestReminder)) return;
        var now = clock.GetUtcNow();
        var ledger = await followUps.LedgerOf(Opd);
        var newlyOverdue = ledger
            .Where(e => Kosakata.IsOverdue(e.DueDate, e.Status, now, e.TimeZone) && !store.State.OverdueSince.ContainsKey(e.ActionPointId))
            .ToList();
        foreach (var entry in newlyOverdue) store.State.OverdueSince[entry.ActionPointId] = now;
        if (newlyOverdue.Count > 0)
        {
            await store.WriteStateAsync();
            logger.LogInformation("OPD {Opd}: {Count} commitment(s) became overdue (Terlambat)", Opd, newlyOverdue.Count);
        }
        await Evaluate(ledger, digest: reminderName == DigestReminder);
        if (!ledger.Any(e => !DeadlineRules.IsFinished(e.Status)))
        {
            foreach (var name in new[] { DeadlineReminder, DigestReminder })
                if (await this.GetReminder(name) is { } reminder) await this.UnregisterReminder(reminder);
            _reminderRegistered = false;
        }
    }

    /// <summary>Raises every deadline notice the ledger owes now and, at or after the digest time, today's digest (each once).</summary>
    private async Task Evaluate(IReadOnlyList<LedgerEntry> ledger, bool digest)
    {
        var now = clock.GetUtcNow();
        // One read of what was raised already: at a province's scale a sweep owes thousands of notices that all exist, and
        // each would otherwise be a write that changes nothing.
        var raised = await notifications.RaisedKeys(Opd);
        foreach (var entry in ledger)
            if (DeadlineRules.ItemNotice(Opd, entry, now, Options.Reminders.LeadDayList) is { } notice && !raised.Contains(notice.Key)) await Raise(notice);
        if (digest && DeadlineRules.Digest(Opd, ledger, now, Options) is { } daily && !raised.Contains(daily.Key)) await Raise(daily);
    }

    /// <summary>Recorded first (with the webhook deliveries it owes, in one transaction); only a first raise is pushed live.</summary>
    private async Task Raise(DeadlineRules.Due due)
    {
        var n = due.Notification;
        var targets = Options.WebhooksFor(n.Notification).Select(w => new DeliveryTarget(w.Index, w.Webhook.Url)).ToList();
        if (!await notifications.Raise(due.Opd, due.Key, n, targets)) return;
        logger.LogInformation("OPD {Opd}: raised {Notification} {Key}", Opd, n.Notification, due.Key);
        if (targets.Count > 0) services.GetService<DeliverySignal>()?.Poke();
        Publish(h => h.Notify(n));
    }

    private void Publish(Func<IFollowUpHubGrain, Task> send)
    {
        try
        {
            send(Hub).ContinueWith(t => logger.LogDebug(t.Exception, "Live follow-up push from {Opd} failed", Opd), TaskContinuationOptions.OnlyOnFaulted);
        }
        catch (Exception e)
        {
            logger.LogDebug(e, "Live follow-up push from {Opd} failed", Opd);
        }
    }

    private async Task EnsureReminder(string timeZone)
    {
        if (_reminderRegistered) return;
        var now = clock.GetUtcNow();
        var local = Kosakata.ToLocal(now, timeZone);
        // Just after the next local midnight: that is when a due date passes in the meeting's zone.
        var nextMidnight = new DateTimeOffset(local.Date.AddDays(1).AddMinutes(1), local.Offset);
        await this.RegisterOrUpdateReminder(DeadlineReminder, nextMidnight - local, TimeSpan.FromDays(1));
        // The digest at its local time in the deployment's zone, daily.
        var home = Kosakata.ToLocal(now, Options.TimeZone);
        var digestAt = new DateTimeOffset(home.Date + Options.Reminders.DigestAt.ToTimeSpan(), home.Offset);
        if (digestAt <= home) digestAt = digestAt.AddDays(1);
        await this.RegisterOrUpdateReminder(DigestReminder, digestAt - home, TimeSpan.FromDays(1));
        _reminderRegistered = true;
    }
}
