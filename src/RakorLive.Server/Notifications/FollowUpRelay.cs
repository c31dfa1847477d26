using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using RakorLive.GrainInterfaces;
using RakorLive.Model;
using RakorLive.Server.Hubs;
using RakorLive.Wire;

namespace RakorLive.Server.Notifications;

/// <summary>
/// This silo's relay of follow-up changes and notifications to its own SignalR connections: one observer per silo,
/// registered with the cluster's <see cref="IFollowUpHubGrain"/> and renewed, like the meeting relay. A watching
/// connection is in one group: its agency's, or the all-agencies group of the secretariat and the chair.
/// </summary>
public sealed class FollowUpRelay(IGrainFactory grains, IHubContext<MeetingHub> hub, ILogger<FollowUpRelay> logger)
    : IFollowUpObserver, IHostedService, IDisposable
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(20);
    public const string AllGroup = "followups:*";

    public static string GroupOf(string? opd) => opd is null ? AllGroup : "followups:" + opd;

    /// <summary>The group of a join-code connection: one agency's (or all agencies') changes within one meeting.</summary>
    public static string GroupOf(string? opd, string meetingId) => $"{GroupOf(opd)}@{meetingId}";

    private readonly ConcurrentDictionary<string, string> _watching = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private IFollowUpObserver? _self;
    private Task? _renewLoop;

    private IFollowUpHubGrain Hub => grains.GetGrain<IFollowUpHubGrain>(DirectoryKeys.Default);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _self = grains.CreateObjectReference<IFollowUpObserver>(this);
        _renewLoop = RenewLoop();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_renewLoop is not null) await _renewLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_self is not null) grains.DeleteObjectReference<IFollowUpObserver>(_self);
    }

    public void Dispose() => _stopping.Dispose();

    /// <summary>
    /// Subscribes the connection to one agency's follow-ups (or all: null), replacing what it watched before; with a
    /// <paramref name="meetingScope"/> (a join-code sign-in) only to the changes of that meeting's commitments.
    /// </summary>
    public async Task Watch(string connectionId, string? opd, string? meetingScope = null)
    {
        var group = meetingScope is null ? GroupOf(opd) : GroupOf(opd, meetingScope);
        if (_watching.TryGetValue(connectionId, out var before) && before != group)
            await hub.Groups.RemoveFromGroupAsync(connectionId, before);
        _watching[connectionId] = group;
        await hub.Groups.AddToGroupAsync(connectionId, group);
        // Make sure this silo hears the hub now, not only at the next renewal.
        await Hub.Subscribe(_self!, Lease);
    }

    public void Forget(string connectionId) => _watching.TryRemove(connectionId, out _);

    public Task OnChanged(FollowUpChange change) =>
        Send(change.Opd, change.MeetingId, HubNames.FollowUpChanged, change);

    public Task OnNotification(FollowUpNotification notification) =>
        Send(notification.Opd, notification.MeetingId, notification.Notification, notification);

    /// <param name="meetingId">The commitment's meeting; null (a digest across meetings) reaches no join-code connection.</param>
    private async Task Send(string opd, string? meetingId, string method, object payload)
    {
        try
        {
            string[] groups = meetingId is null ? [GroupOf(opd), AllGroup] : [GroupOf(opd), AllGroup, GroupOf(opd, meetingId), GroupOf(null, meetingId)];
            await hub.Clients.Groups(groups).SendAsync(method, payload);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Pushing {Method} for {Opd} failed", method, opd);
        }
    }

    private async Task RenewLoop()
    {
        using var timer = new PeriodicTimer(RenewEvery);
        do
        {
            try
            {
                await Hub.Subscribe(_self!, Lease);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogDebug(e, "Renewing the follow-up relay failed; retrying on the next tick");
            }
        }
        while (await timer.WaitForNextTickAsync(_stopping.Token).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result));
    }
}
