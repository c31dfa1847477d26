using RakorLive.GrainInterfaces;
using RakorLive.Model;

namespace RakorLive.Grains.Agencies;

[GenerateSerializer, Alias("RakorLive.ActionPointState.v2")]
public sealed class ActionPointState
{
    [Id(0)] public ActionPoint? ActionPoint { get; set; }
    [Id(1)] public string TimeZone { get; set; } = "Asia/Jakarta";
    /// <summary>The agencies whose ledgers list this commitment, as of <see cref="LedgerVersion"/>.</summary>
    [Id(2)] public List<string> LedgerOpds { get; set; } = [];
    [Id(3)] public int LedgerVersion { get; set; }
}

/// <summary>
/// The action point as read outside its meeting (an agency's ledger, follow-ups), fed by its meeting's outbox. It keeps
/// the ledgers of the agencies the commitment names in step: a version it has already passed on is not passed on
/// again, and an agency the commitment no longer names is taken off.
/// </summary>
public sealed class ActionPointGrain(
    [PersistentState("actionpoint-v2", StorageNames.Default)] IPersistentState<ActionPointState> store) : Grain, IActionPointGrain
{
    private ActionPointState State => store.State;

    public Task<ActionPoint?> Get() => Task.FromResult(State.ActionPoint);

    public async Task Apply(ActionPoint actionPoint, string timeZone)
    {
        if (State.ActionPoint is not { } current || current.Version < actionPoint.Version)
        {
            State.ActionPoint = actionPoint;
            State.TimeZone = timeZone;
            await store.WriteStateAsync();
        }
        if (State.LedgerVersion >= State.ActionPoint!.Version) return;
        var latest = State.ActionPoint;
        var named = latest.SupportingOpds.Prepend(latest.OwnerOpd).Distinct().ToList();
        await Task.WhenAll(named.Select(opd => GrainFactory.GetGrain<IOpdGrain>(opd).Track(
            new LedgerEntry(latest.Id, latest.MeetingId, latest.DueDate, latest.Status, opd == latest.OwnerOpd ? "Lead" : "Support", State.TimeZone))));
        await Task.WhenAll(State.LedgerOpds.Except(named).Select(opd => GrainFactory.GetGrain<IOpdGrain>(opd).Untrack(latest.Id)));
        State.LedgerOpds = named;
        State.LedgerVersion = latest.Version;
        await store.WriteStateAsync();
    }
}
