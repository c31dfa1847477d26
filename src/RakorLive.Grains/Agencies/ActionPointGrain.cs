using RakorLive.GrainInterfaces;
using RakorLive.Model;

namespace RakorLive.Grains.Agencies;

[GenerateSerializer, Alias("RakorLive.ActionPointState")]
public sealed class ActionPointState
{
    [Id(0)] public ActionPoint? ActionPoint { get; set; }
    [Id(1)] public string TimeZone { get; set; } = "Asia/Jakarta";
}

/// <summary>The action point as read outside its meeting (follow-ups, links). Its meeting grain is the only writer.</summary>
public sealed class ActionPointGrain(
    [PersistentState("actionpoint", StorageNames.Default)] IPersistentState<ActionPointState> store) : Grain, IActionPointGrain
{
    public Task<ActionPoint?> Get() => Task.FromResult(store.State.ActionPoint);

    public async Task Apply(ActionPoint actionPoint, string timeZone)
    {
        if (store.State.ActionPoint is { } current && current.Version >= actionPoint.Version) return;
        store.State.ActionPoint = actionPoint;
        store.State.TimeZone = timeZone;
        await store.WriteStateAsync();
    }
}
