using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using RakorLive.Events;
using RakorLive.Grains.Telemetry;
using RakorLive.Model;
using RakorLive.Rules;
using RakorLive.Server.Api;
using RakorLive.Server.Auth;
using RakorLive.Server.Notifications;
using RakorLive.Wire;

namespace RakorLive.Server.Hubs;

/// <summary>
/// The live channel. Clients join a meeting with the last seq they saw; from then on this silo's
/// relay pushes <c>MeetingEvent</c> to them, in order and once each.
/// </summary>
[Authorize]
public sealed class MeetingHub(MeetingRelay relay, FollowUpRelay followUps, IGrainFactory grains) : Hub
{
    public const string Path = HubNames.MeetingHubPath;

    /// <summary>Answers the events the client missed, or a snapshot when they are gone.</summary>
    public Task<CatchUp> JoinMeeting(string meetingId, long afterSeq) => Join(meetingId, afterSeq, null);

    /// <summary>Like <see cref="JoinMeeting"/>, with the epoch the client's seq belongs to: another epoch answers with a snapshot.</summary>
    public Task<CatchUp> JoinMeetingAt(string meetingId, long afterSeq, long epoch) => Join(meetingId, afterSeq, epoch);

    public Task LeaveMeeting(string meetingId) => UntilShutdown(async () =>
    {
        MeetingEndpoints.Meeting(grains, meetingId);
        await relay.Leave(Context.ConnectionId, meetingId);
        return true;
    });

    /// <summary>
    /// Subscribes the connection to an agency's follow-ups (a kepala OPD: its own; null = its own) or, for the secretariat
    /// and the chair, one agency's or all of them (null): pushes <c>FollowUpChanged</c> and the notifications
    /// (<c>DeadlineApproaching</c>, <c>DeadlineMissed</c>, <c>DailyDigest</c>, <c>AwaitingVerification</c>, <c>ActionPointVerified</c>).
    /// </summary>
    public Task<FollowUpWatch> WatchFollowUps(string? opd = null)
    {
        var caller = TokenService.ToCaller(Context.User!);
        var scope = Permissions.WatchFollowUps(caller, opd);
        var connectionId = Context.ConnectionId;
        return UntilShutdown(async () =>
        {
            // A join-code tablet hears its own meeting's commitments only, as it reads only that meeting.
            await followUps.Watch(connectionId, scope, caller.MeetingScope);
            return new FollowUpWatch(scope, caller.MeetingScope);
        });
    }

    /// <summary>
    /// SignalR closes every socket once when the server begins to stop; a client that reconnects in that
    /// window would keep Kestrel's graceful stop waiting, so it is sent on to find the next process.
    /// </summary>
    public override Task OnConnectedAsync()
    {
        // Counted even when aborted: OnDisconnectedAsync runs for it too and takes it off again.
        RakorLiveMetrics.SignalRConnections.Add(1);
        if (relay.IsShuttingDown) Context.Abort();
        return Task.CompletedTask;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        RakorLiveMetrics.SignalRConnections.Add(-1);
        followUps.Forget(Context.ConnectionId);
        return relay.LeaveAll(Context.ConnectionId);
    }

    private Task<CatchUp> Join(string meetingId, long afterSeq, long? epoch)
    {
        var caller = TokenService.ToCaller(Context.User!);
        // A malformed id is refused here, before any grain is activated for it.
        MeetingEndpoints.Meeting(grains, meetingId);
        var connectionId = Context.ConnectionId;
        // The meeting itself answers 404 for an unknown id and 403 outside the caller's scope.
        return UntilShutdown(() => relay.Join(caller, connectionId, meetingId, afterSeq, epoch));
    }

    private async Task<T> UntilShutdown<T>(Func<Task<T>> work)
    {
        try
        {
            return await relay.UntilShutdown(work);
        }
        catch (RakorProblem problem) when (problem.Status == 503 && relay.IsShuttingDown)
        {
            Context.Abort();
            throw;
        }
    }
}

/// <summary>The answer to <c>WatchFollowUps</c>: the agency watched, or null for all; for a join-code sign-in, the one meeting it hears.</summary>
public sealed record FollowUpWatch(string? Opd, string? MeetingId = null);

/// <summary>Hub errors carry the same human message as the REST problem, prefixed with its status.</summary>
public sealed class ProblemHubFilter(ILogger<ProblemHubFilter> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception e) when (e is not HubException)
        {
            var problem = ProblemExceptionHandler.ToProblem(e, logger);
            throw new HubException($"{problem.Status} {problem.Title}: {problem.Detail}");
        }
    }
}
