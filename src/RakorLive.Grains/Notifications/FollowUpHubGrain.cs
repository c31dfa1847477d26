using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Orleans.Utilities;
using RakorLive.GrainInterfaces;
using RakorLive.Model;

namespace RakorLive.Grains.Notifications;

/// <summary>
/// The cluster's fan-out of follow-up changes and notifications: one observer per silo (its FollowUpRelay), leased and
/// renewed; each silo pushes to its own SignalR connections. Live pushes are best effort; what must not be lost (the
/// notifications) is recorded in the notification store before it gets here.
/// </summary>
[Reentrant]
public sealed class FollowUpHubGrain(ILogger<FollowUpHubGrain> logger) : Grain, IFollowUpHubGrain
{
    private readonly ObserverManager<IFollowUpObserver> _relays = new(TimeSpan.FromMinutes(2), logger);

    public Task Subscribe(IFollowUpObserver observer, TimeSpan lease)
    {
        _relays.ExpirationDuration = lease;
        _relays.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(IFollowUpObserver observer)
    {
        _relays.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public Task Changed(FollowUpChange change)
    {
        _relays.ClearExpired();
        _relays.Notify(r => r.OnChanged(change));
        return Task.CompletedTask;
    }

    public Task Notify(FollowUpNotification notification)
    {
        _relays.ClearExpired();
        _relays.Notify(r => r.OnNotification(notification));
        return Task.CompletedTask;
    }
}
