using Microsoft.Extensions.Logging;
using RakorLive.GrainInterfaces;
using RakorLive.Model;
using RakorLive.Vocabulary;

namespace RakorLive.Grains.Agencies;

[GenerateSerializer, Alias("RakorLive.OpdState.v2")]
public sealed class OpdState
{
    /// <summary>When each commitment was first seen overdue by the deadline reminder.</summary>
    [Id(0)] public Dictionary<string, DateTimeOffset> OverdueSince { get; set; } = [];
}

/// <summary>
/// An agency. Its ledger of commitments across meetings is the follow-up read model's rows that name it; the grain
/// keeps the durable reminder that wakes it daily, just after local midnight, to record which commitments have
/// become overdue (Terlambat).
/// </summary>
public sealed class OpdGrain(
    [PersistentState("opd-v2", StorageNames.Default)] IPersistentState<OpdState> store,
    IFollowUpStore followUps,
    TimeProvider clock,
    ILogger<OpdGrain> logger) : Grain, IOpdGrain, IRemindable
{
    public const string DeadlineReminder = "deadlines";
    private bool _reminderRegistered;

    private string Opd => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _reminderRegistered = await this.GetReminder(DeadlineReminder) is not null;

    public Task<IReadOnlyList<LedgerEntry>> GetLedger() => followUps.LedgerOf(Opd);

    public async Task Track(LedgerEntry entry)
    {
        if (IsFinished(entry.Status) && store.State.OverdueSince.Remove(entry.ActionPointId)) await store.WriteStateAsync();
        if (!IsFinished(entry.Status)) await EnsureReminder(entry.TimeZone);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != DeadlineReminder) return;
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
        if (!ledger.Any(e => !IsFinished(e.Status)))
        {
            if (await this.GetReminder(DeadlineReminder) is { } reminder) await this.UnregisterReminder(reminder);
            _reminderRegistered = false;
        }
    }

    private async Task EnsureReminder(string timeZone)
    {
        if (_reminderRegistered) return;
        var local = Kosakata.ToLocal(clock.GetUtcNow(), timeZone);
        // Just after the next local midnight: that is when a due date passes in the meeting's zone.
        var nextMidnight = new DateTimeOffset(local.Date.AddDays(1).AddMinutes(1), local.Offset);
        await this.RegisterOrUpdateReminder(DeadlineReminder, nextMidnight - local, TimeSpan.FromDays(1));
        _reminderRegistered = true;
    }

    private static bool IsFinished(ActionPointStatus status) => status is ActionPointStatus.Done or ActionPointStatus.Dropped;
}
