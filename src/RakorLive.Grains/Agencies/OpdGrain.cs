using Microsoft.Extensions.Logging;
using RakorLive.GrainInterfaces;
using RakorLive.Model;
using RakorLive.Vocabulary;

namespace RakorLive.Grains.Agencies;

[GenerateSerializer, Alias("RakorLive.OpdState")]
public sealed class OpdState
{
    [Id(0)] public Dictionary<string, LedgerEntry> Ledger { get; set; } = [];
    /// <summary>When each commitment was first seen overdue by the deadline reminder.</summary>
    [Id(1)] public Dictionary<string, DateTimeOffset> OverdueSince { get; set; } = [];
}

/// <summary>
/// An agency's ledger of commitments across meetings. A durable reminder wakes it daily, just after
/// local midnight, to record which commitments have become overdue (Terlambat).
/// </summary>
public sealed class OpdGrain(
    [PersistentState("opd", StorageNames.Default)] IPersistentState<OpdState> store,
    TimeProvider clock,
    ILogger<OpdGrain> logger) : Grain, IOpdGrain, IRemindable
{
    public const string DeadlineReminder = "deadlines";
    private bool _reminderRegistered;

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _reminderRegistered = await this.GetReminder(DeadlineReminder) is not null;

    public Task<IReadOnlyList<LedgerEntry>> GetLedger() =>
        Task.FromResult<IReadOnlyList<LedgerEntry>>([.. store.State.Ledger.Values.OrderBy(e => e.DueDate)]);

    public async Task Track(LedgerEntry entry)
    {
        if (store.State.Ledger.TryGetValue(entry.ActionPointId, out var current) && current == entry) return;
        store.State.Ledger[entry.ActionPointId] = entry;
        if (IsFinished(entry.Status)) store.State.OverdueSince.Remove(entry.ActionPointId);
        await store.WriteStateAsync();
        await EnsureReminder();
    }

    public async Task Untrack(string actionPointId)
    {
        if (!store.State.Ledger.Remove(actionPointId)) return;
        store.State.OverdueSince.Remove(actionPointId);
        await store.WriteStateAsync();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != DeadlineReminder) return;
        var now = clock.GetUtcNow();
        var newlyOverdue = store.State.Ledger.Values
            .Where(e => Kosakata.IsOverdue(e.DueDate, e.Status, now, e.TimeZone) && !store.State.OverdueSince.ContainsKey(e.ActionPointId))
            .ToList();
        foreach (var entry in newlyOverdue) store.State.OverdueSince[entry.ActionPointId] = now;
        if (newlyOverdue.Count > 0)
        {
            await store.WriteStateAsync();
            logger.LogInformation("OPD {Opd}: {Count} commitment(s) became overdue (Terlambat)", this.GetPrimaryKeyString(), newlyOverdue.Count);
        }
        if (!store.State.Ledger.Values.Any(e => !IsFinished(e.Status)))
        {
            if (await this.GetReminder(DeadlineReminder) is { } reminder) await this.UnregisterReminder(reminder);
            _reminderRegistered = false;
        }
    }

    private async Task EnsureReminder()
    {
        if (_reminderRegistered || !store.State.Ledger.Values.Any(e => !IsFinished(e.Status))) return;
        var zone = store.State.Ledger.Values.First().TimeZone;
        var local = Kosakata.ToLocal(clock.GetUtcNow(), zone);
        // Just after the next local midnight: that is when a due date passes in the meeting's zone.
        var nextMidnight = new DateTimeOffset(local.Date.AddDays(1).AddMinutes(1), local.Offset);
        await this.RegisterOrUpdateReminder(DeadlineReminder, nextMidnight - local, TimeSpan.FromDays(1));
        _reminderRegistered = true;
    }

    private static bool IsFinished(ActionPointStatus status) => status is ActionPointStatus.Done or ActionPointStatus.Dropped;
}
