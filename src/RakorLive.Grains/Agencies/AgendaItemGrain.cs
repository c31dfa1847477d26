using RakorLive.GrainInterfaces;
using RakorLive.Model;

namespace RakorLive.Grains.Agencies;

[GenerateSerializer, Alias("RakorLive.AgendaItemState")]
public sealed class AgendaItemState
{
    [Id(0)] public AgendaItemView? View { get; set; }
}

/// <summary>An agenda item and the commitments made under it, as read outside its meeting. Its meeting grain is the only writer.</summary>
public sealed class AgendaItemGrain(
    [PersistentState("agendaitem", StorageNames.Default)] IPersistentState<AgendaItemState> store) : Grain, IAgendaItemGrain
{
    public Task<AgendaItemView?> Get() => Task.FromResult(store.State.View);

    public async Task Apply(AgendaItemView view)
    {
        if (store.State.View is { } current && current.Seq >= view.Seq) return;
        store.State.View = view;
        await store.WriteStateAsync();
    }
}
