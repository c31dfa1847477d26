using Microsoft.AspNetCore.SignalR.Client;

namespace RakorLive.IntegrationTests.Security;

/// <summary>One hub connection per caller, opened on first use and reused, disposed together.</summary>
public sealed class HubConnections<TCaller>(Api api, Func<TCaller, string?> token) : IAsyncDisposable where TCaller : notnull
{
    private readonly Dictionary<TCaller, HubConnection> _open = [];

    public async Task<HubConnection> For(TCaller who)
    {
        if (_open.TryGetValue(who, out var hub)) return hub;
        hub = api.Hub(token(who));
        await hub.StartAsync();
        _open[who] = hub;
        return hub;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hub in _open.Values) await hub.DisposeAsync();
    }
}
