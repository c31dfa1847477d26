using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using RakorLive.Events;
using RakorLive.GrainInterfaces;
using RakorLive.Grains.Telemetry;
using RakorLive.Model;
using RakorLive.Rules;
using RakorLive.Wire;

namespace RakorLive.Server.Hubs;

/// <summary>
/// This silo's relay of meeting events to its own SignalR connections (one SignalR group per
/// meeting). It registers one observer per meeting with the meeting grain and renews it
/// periodically; every silo does the same, so Orleans is the backplane and no Redis is needed.
/// Per meeting it delivers strictly in seq order and once each: duplicates are dropped and a
/// gap is filled from the grain before anything later goes out.
/// </summary>
public sealed class MeetingRelay(IGrainFactory grains, IHubContext<MeetingHub> hub, IHostApplicationLifetime lifetime, ILogger<MeetingRelay> logger, TimeProvider clock)
    : IMeetingObserver, IHostedService, IDisposable
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(20);

    private readonly ConcurrentDictionary<string, Channel> _channels = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _connections = new(StringComparer.Ordinal);
    private IMeetingObserver? _self;
    private PeriodicTimer? _timer;
    private Task? _renewLoop;
    private readonly CancellationTokenSource _stopping = new();

    public bool IsRunning => _self is not null;

    /// <summary>Set from the first moment of shutdown, before the silo and Kestrel stop.</summary>
    public bool IsShuttingDown => lifetime.ApplicationStopping.IsCancellationRequested;

    /// <summary>
    /// Runs hub work that calls grains, but not past the start of shutdown: SignalR closes the sockets
    /// when the server begins to stop, clients reconnect at once while Kestrel still accepts, and a
    /// join waiting on the stopping silo would hold the graceful shutdown up for the whole grain-call
    /// timeout. The client gets a 503 and finds the next process.
    /// </summary>
    public async Task<T> UntilShutdown<T>(Func<Task<T>> work)
    {
        var stopping = lifetime.ApplicationStopping;
        if (stopping.IsCancellationRequested) throw ShuttingDown();
        try
        {
            return await work().WaitAsync(stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            throw ShuttingDown();
        }
    }

    private static RakorProblem ShuttingDown() =>
        new(503, "Server sedang berhenti", "This server is shutting down; reconnect and join again with your last seq.");

    /// <summary>One meeting as this silo relays it.</summary>
    private sealed class Channel(string meetingId)
    {
        public string MeetingId { get; } = meetingId;
        public string Group => GroupOf(MeetingId);
        public static string GroupOf(string meetingId) => "meeting:" + meetingId;
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public long Delivered { get; set; } = -1;
        public long Epoch { get; set; }
        public int Members { get; set; }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _self = grains.CreateObjectReference<IMeetingObserver>(this);
        _timer = new PeriodicTimer(RenewEvery);
        _renewLoop = RenewLoop();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        _timer?.Dispose();
        if (_renewLoop is not null) await _renewLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_self is not null) grains.DeleteObjectReference<IMeetingObserver>(_self);
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _stopping.Dispose();
    }

    /// <summary>
    /// Subscribes the connection. Under the meeting's gate, the group is first brought up to the
    /// grain's current seq, then the connection joins: it gets everything up to that seq in the
    /// answer and everything after it as pushes, so nothing arrives twice or not at all.
    /// </summary>
    public async Task<CatchUp> Join(Caller caller, string connectionId, string meetingId, long afterSeq, long? epoch)
    {
        var channel = _channels.GetOrAdd(meetingId, id => new Channel(id));
        await channel.Gate.WaitAsync();
        if (!_channels.TryGetValue(meetingId, out var current) || current != channel)
        {
            // The last member left while we waited and the channel was retired: start over on a fresh one.
            channel.Gate.Release();
            return await Join(caller, connectionId, meetingId, afterSeq, epoch);
        }
        try
        {
            var grain = grains.GetGrain<IMeetingGrain>(meetingId);
            // Subscribed first, so nothing confirmed after the answer's seq can go unpushed; the meeting checks the caller's scope.
            await grain.Subscribe(_self!, Lease);
            var answer = await grain.GetEventsAfter(caller, afterSeq, epoch);
            // The group first gets whatever it has not seen up to the answer's seq; the new member then starts after it.
            await CatchUpGroup(channel, answer.Seq, answer.Epoch);
            var joined = _connections.GetOrAdd(connectionId, _ => new()).TryAdd(meetingId, 0);
            if (joined)
            {
                await hub.Groups.AddToGroupAsync(connectionId, channel.Group);
                channel.Members++;
            }
            return answer;
        }
        catch when (channel.Members == 0)
        {
            // A refused join (unknown meeting, another meeting's join code) leaves no subscription for the renewals to keep alive.
            _channels.TryRemove(KeyValuePair.Create(meetingId, channel));
            try { await grains.GetGrain<IMeetingGrain>(meetingId).Unsubscribe(_self!); }
            catch (Exception e) { logger.LogDebug(e, "Unsubscribing {MeetingId} after a refused join failed; the lease expires by itself", meetingId); }
            throw;
        }
        finally
        {
            channel.Gate.Release();
        }
    }

    public async Task Leave(string connectionId, string meetingId)
    {
        if (_connections.TryGetValue(connectionId, out var meetings) && meetings.TryRemove(meetingId, out _))
            await LeaveChannel(connectionId, meetingId);
    }

    public async Task LeaveAll(string connectionId)
    {
        if (!_connections.TryRemove(connectionId, out var meetings)) return;
        // The whole silo is going away, and with it this relay's subscriptions: nothing to tell the grains.
        if (lifetime.ApplicationStopping.IsCancellationRequested) return;
        foreach (var meetingId in meetings.Keys)
        {
            try { await LeaveChannel(connectionId, meetingId); }
            catch (Exception e) { logger.LogDebug(e, "Unsubscribing {MeetingId} after disconnect failed; the lease expires by itself", meetingId); }
        }
    }

    /// <summary>The last connection of a meeting on this silo takes the relay's subscription with it.</summary>
    private async Task LeaveChannel(string connectionId, string meetingId)
    {
        await hub.Groups.RemoveFromGroupAsync(connectionId, Channel.GroupOf(meetingId));
        if (!_channels.TryGetValue(meetingId, out var channel)) return;
        await channel.Gate.WaitAsync();
        try
        {
            if (--channel.Members > 0) return;
            _channels.TryRemove(meetingId, out _);
            await grains.GetGrain<IMeetingGrain>(meetingId).Unsubscribe(_self!);
        }
        finally
        {
            channel.Gate.Release();
        }
    }

    /// <summary>Pushed by meeting grains (one-way).</summary>
    public async Task OnEvents(IReadOnlyList<MeetingEvent> events)
    {
        if (events.Count == 0 || !_channels.TryGetValue(events[0].MeetingId, out var channel)) return;
        await channel.Gate.WaitAsync();
        try
        {
            foreach (var evt in events)
            {
                if (evt.Epoch != channel.Epoch || evt.Seq > channel.Delivered + 1)
                    await CatchUpGroup(channel, evt.Seq - 1, evt.Epoch);
                await Deliver(channel, evt);
            }
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Relaying events of meeting {MeetingId} failed; the next renewal catches up", channel.MeetingId);
        }
        finally
        {
            channel.Gate.Release();
        }
    }

    /// <summary>Sends the group whatever it has not seen up to <paramref name="seq"/>, fetched from the grain.</summary>
    private async Task CatchUpGroup(Channel channel, long seq, long epoch)
    {
        if (channel.Delivered < 0 || channel.Members == 0 || channel.Epoch != epoch)
        {
            // Nobody here holds an older position of this epoch: start relaying from now on.
            if (channel.Members > 0 && channel.Epoch != epoch)
                logger.LogInformation("Meeting {MeetingId} changed epoch; its clients resynchronise on the next event", channel.MeetingId);
            channel.Delivered = seq;
            channel.Epoch = epoch;
            return;
        }
        if (seq <= channel.Delivered) return;
        var missed = await grains.GetGrain<IMeetingGrain>(channel.MeetingId).GetEventsAfter(Caller.System, channel.Delivered, channel.Epoch);
        if (missed.Snapshot is not null)
        {
            // Too far behind to replay: clients see the jump in seq and rejoin for a snapshot.
            channel.Delivered = seq;
            return;
        }
        foreach (var evt in missed.Events.Where(e => e.Seq <= seq)) await Deliver(channel, evt);
    }

    private async Task Deliver(Channel channel, MeetingEvent evt)
    {
        if (evt.Seq <= channel.Delivered) return;
        await hub.Clients.Group(channel.Group).SendAsync(HubNames.MeetingEvent, evt);
        channel.Delivered = evt.Seq;
        RakorLiveMetrics.FanOutDuration.Record(Math.Max(0, (clock.GetUtcNow() - evt.OccurredAt).TotalSeconds));
    }

    /// <summary>Renews every lease and catches up anything a moved or restarted grain did not push.</summary>
    private async Task RenewLoop()
    {
        try
        {
            while (await _timer!.WaitForNextTickAsync(_stopping.Token))
            {
                foreach (var channel in _channels.Values)
                {
                    try
                    {
                        await channel.Gate.WaitAsync(_stopping.Token);
                        try
                        {
                            var position = await grains.GetGrain<IMeetingGrain>(channel.MeetingId).Subscribe(_self!, Lease);
                            await CatchUpGroup(channel, position.Seq, position.Epoch);
                        }
                        finally
                        {
                            channel.Gate.Release();
                        }
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        logger.LogWarning(e, "Renewing the relay of meeting {MeetingId} failed; retrying on the next tick", channel.MeetingId);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
