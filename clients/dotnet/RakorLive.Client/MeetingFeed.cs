using RakorLive.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using RakorLive.Events;
using RakorLive.Model;
using RakorLive.Wire;

namespace RakorLive.Client;

/// <summary>
/// A live view of one meeting over the hub (<c>/hubs/meeting</c>, WebSockets). It holds the position
/// (<see cref="LastSeq"/>, <see cref="Epoch"/>) and, when it started from a snapshot, the current
/// <see cref="Snapshot"/>, and applies events strictly in seq order, each once: older ones are dropped,
/// ones that arrive while a join is under way wait for its answer, and a gap or a new epoch makes it
/// rejoin from its position. It reconnects by itself (SignalR's automatic reconnect first, then its own
/// loop across the nodes) and rejoins with <c>afterSeq = LastSeq</c>.
/// </summary>
/// <remarks>
/// Every change of position happens on one internal loop, fed by the hub's pushes and by the public
/// methods, so no state is touched by two threads at once; the public getters read under a lock.
/// </remarks>
public sealed class MeetingFeed : IAsyncDisposable
{
    public const string HubPath = HubNames.MeetingHubPath;
    public const string EventMethod = HubNames.MeetingEvent;

    private readonly Uri[] _nodes;
    private readonly Func<CancellationToken, ValueTask<string?>> _accessToken;
    private readonly MeetingFeedOptions _options;
    private readonly Channel<Work> _work = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _connectionGate = new(1, 1);
    private readonly CancellationTokenSource _disposing = new();
    private readonly Lock _lock = new();
    private readonly List<MeetingEvent> _received = [];
    // Events that came ahead of a gap, held until the rejoin fills it (touched by the loop only).
    private readonly SortedDictionary<long, MeetingEvent> _early = [];
    private readonly SeqWaiters _waiters = new();
    private readonly Task _loop;
    private volatile HubConnection? _connection;
    private volatile bool _wantConnected;
    private int _node;
    private int _resyncQueued;
    private int _resyncFailures;
    private int _reconnectLoopRunning;

    // The position, written by the loop only.
    private string? _meetingId;
    private bool _joined;
    private long _lastSeq;
    private long? _epoch;
    private MeetingSnapshot? _snapshot;
    private CatchUp? _lastJoin;
    private Uri? _connectedNode;
    private int _duplicates, _gaps, _snapshots, _rejoins, _reconnects;

    /// <param name="nodes">Server URLs; the feed starts on the first and moves on when one cannot be reached.</param>
    /// <param name="accessToken">Asked on every (re)connect, so a renewed token is picked up.</param>
    public MeetingFeed(IReadOnlyList<Uri> nodes, Func<CancellationToken, ValueTask<string?>> accessToken, MeetingFeedOptions? options = null)
    {
        _nodes = new NodeSelector(nodes).Nodes.ToArray();
        _accessToken = accessToken;
        _options = options ?? new MeetingFeedOptions();
        _loop = Task.Run(RunLoopAsync);
    }

    /// <summary>Raised on the feed's loop after each event is applied (handlers must not block).</summary>
    public event Action<MeetingEvent>? EventApplied;

    /// <summary>Raised when a join answered with a snapshot (first join, position too old, or another epoch).</summary>
    public event Action<MeetingSnapshot>? SnapshotLoaded;

    public string? MeetingId { get { lock (_lock) return _meetingId; } }
    public long LastSeq { get { lock (_lock) return _lastSeq; } }
    public long? Epoch { get { lock (_lock) return _epoch; } }

    /// <summary>The meeting as of <see cref="LastSeq"/>; null unless the feed started from a snapshot.</summary>
    public MeetingSnapshot? Snapshot { get { lock (_lock) return _snapshot; } }

    /// <summary>Every event applied, in the order applied (a copy).</summary>
    public IReadOnlyList<MeetingEvent> Received { get { lock (_lock) return [.. _received]; } }

    /// <summary>The hub's answer to the latest join or rejoin.</summary>
    public CatchUp? LastJoin { get { lock (_lock) return _lastJoin; } }

    public bool IsConnected => _connection?.State == HubConnectionState.Connected;
    public Uri? ConnectedNode { get { lock (_lock) return _connectedNode; } }

    /// <summary>Pushed events at or below the position when they arrived (the server promises none outside a rejoin's overlap).</summary>
    public int DuplicatesDropped { get { lock (_lock) return _duplicates; } }

    /// <summary>Pushes that skipped a seq, each answered by a rejoin.</summary>
    public int GapsDetected { get { lock (_lock) return _gaps; } }

    public int SnapshotsLoaded { get { lock (_lock) return _snapshots; } }

    /// <summary>Automatic rejoins (after a reconnect, a gap or an epoch change).</summary>
    public int Rejoins { get { lock (_lock) return _rejoins; } }

    /// <summary>Connections re-established by the feed's own loop after SignalR gave up.</summary>
    public int Reconnects { get { lock (_lock) return _reconnects; } }

    /// <summary>Completes once <see cref="LastSeq"/> reaches <paramref name="seq"/>.</summary>
    public Task WaitForSeqAsync(long seq, CancellationToken cancellationToken = default) => _waiters.WaitAsync(seq, cancellationToken);

    /// <summary>Opens the WebSocket connection (trying the nodes in turn); joining is separate.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposing.IsCancellationRequested, this);
        _wantConnected = true;
        await _connectionGate.WaitAsync(cancellationToken);
        try
        {
            if (_connection is { State: not HubConnectionState.Disconnected }) return;
            var backoff = _options.Backoff;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await StartOnAsync(_nodes[_node], cancellationToken);
                    return;
                }
                catch (Exception) when (attempt < _options.ConnectAttempts && !cancellationToken.IsCancellationRequested)
                {
                    NextNode();
                    await Task.Delay(backoff.Delay(attempt), cancellationToken);
                }
            }
        }
        finally
        {
            _connectionGate.Release();
        }
    }

    /// <summary>Closes the connection on purpose (no automatic reconnect); the position is kept for <see cref="ReconnectAsync"/>.</summary>
    public async Task DisconnectAsync()
    {
        _wantConnected = false;
        await _connectionGate.WaitAsync();
        try
        {
            if (_connection is { } connection) await connection.StopAsync();
        }
        finally
        {
            _connectionGate.Release();
        }
    }

    /// <summary>Connects again and rejoins from <see cref="LastSeq"/>; null when no meeting was joined.</summary>
    public async Task<CatchUp?> ReconnectAsync(CancellationToken cancellationToken = default)
    {
        await ConnectAsync(cancellationToken);
        return await RejoinAsync(cancellationToken);
    }

    /// <summary>JoinMeeting: subscribes and catches up from <paramref name="afterSeq"/> (0: start from a snapshot). The position becomes <paramref name="afterSeq"/>.</summary>
    public Task<CatchUp> JoinAsync(string meetingId, long afterSeq = 0, CancellationToken cancellationToken = default) =>
        JoinCoreAsync(meetingId, afterSeq, null, cancellationToken);

    /// <summary>JoinMeetingAt: like <see cref="JoinAsync"/>, stating the epoch <paramref name="afterSeq"/> belongs to; another epoch answers with a snapshot.</summary>
    public Task<CatchUp> JoinAtAsync(string meetingId, long afterSeq, long epoch, CancellationToken cancellationToken = default) =>
        JoinCoreAsync(meetingId, afterSeq, epoch, cancellationToken);

    /// <summary>Joins the last meeting again from the feed's own position (and epoch); null when no meeting was joined.</summary>
    public async Task<CatchUp?> RejoinAsync(CancellationToken cancellationToken = default)
    {
        var request = new JoinRequested(null, 0, null, cancellationToken);
        Post(request);
        return await request.Done.Task;
    }

    /// <summary>LeaveMeeting: stops the pushes; the position is kept, so a later join with <see cref="LastSeq"/> gets only what was missed.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken = default)
    {
        var request = new LeaveRequested(cancellationToken);
        Post(request);
        await request.Done.Task;
    }

    /// <summary>
    /// Takes <paramref name="answer"/> as the hub's answer to a join from <paramref name="afterSeq"/>, on the loop like a
    /// real join. With <see cref="Push"/> it runs recorded streams through the feed's own ordering and Apply without a
    /// server (RakorLive.ClientTests checks them against tests/fixtures/events).
    /// </summary>
    internal Task AcceptJoinAnswerAsync(string meetingId, long afterSeq, CatchUp answer)
    {
        var work = new JoinAnswered(meetingId, afterSeq, answer);
        Post(work);
        return work.Done.Task;
    }

    /// <summary>An event the hub pushed (the connection's MeetingEvent handler).</summary>
    internal void Push(MeetingEvent evt) => _work.Writer.TryWrite(new EventArrived(evt));

    public async ValueTask DisposeAsync()
    {
        if (_disposing.IsCancellationRequested) return;
        _wantConnected = false;
        await _disposing.CancelAsync();
        _work.Writer.TryComplete();
        await _connectionGate.WaitAsync();
        try
        {
            if (_connection is { } connection) await connection.DisposeAsync();
        }
        finally
        {
            _connectionGate.Release();
        }
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        while (_work.Reader.TryRead(out var left))
        {
            if (left is JoinRequested join) join.Done.TrySetCanceled();
            if (left is LeaveRequested leave) leave.Done.TrySetCanceled();
            if (left is JoinAnswered answered) answered.Done.TrySetCanceled();
        }
        _waiters.FailAll(new ObjectDisposedException(nameof(MeetingFeed)));
    }

    // ---------- the loop: every change of position happens here ----------

    private abstract record Work;
    private sealed record EventArrived(MeetingEvent Event) : Work;
    private sealed record ResyncRequested : Work;

    /// <summary>MeetingId null: rejoin from the feed's own position.</summary>
    private sealed record JoinRequested(string? MeetingId, long AfterSeq, long? Epoch, CancellationToken CancellationToken) : Work
    {
        public TaskCompletionSource<CatchUp?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record LeaveRequested(CancellationToken CancellationToken) : Work
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>A join whose answer is already known (see <see cref="AcceptJoinAnswerAsync"/>).</summary>
    private sealed record JoinAnswered(string MeetingId, long AfterSeq, CatchUp Answer) : Work
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private async Task<CatchUp> JoinCoreAsync(string meetingId, long afterSeq, long? epoch, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(meetingId);
        if (_connection is null) await ConnectAsync(cancellationToken);
        var request = new JoinRequested(meetingId, afterSeq, epoch, cancellationToken);
        Post(request);
        return (await request.Done.Task)!;
    }

    private void Post(Work work)
    {
        ObjectDisposedException.ThrowIf(_disposing.IsCancellationRequested, this);
        if (!_work.Writer.TryWrite(work)) throw new ObjectDisposedException(nameof(MeetingFeed));
    }

    private async Task RunLoopAsync()
    {
        try
        {
            await foreach (var work in _work.Reader.ReadAllAsync(_disposing.Token))
            {
                switch (work)
                {
                    case EventArrived arrived: Offer(arrived.Event, pushed: true); break;
                    case JoinRequested join: await HandleJoinAsync(join); break;
                    case ResyncRequested: await HandleResyncAsync(); break;
                    case LeaveRequested leave: await HandleLeaveAsync(leave); break;
                    case JoinAnswered answered:
                        MoveTo(answered.MeetingId, answered.AfterSeq);
                        Accept(answered.Answer);
                        answered.Done.TrySetResult();
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (_disposing.IsCancellationRequested)
        {
        }
    }

    private async Task HandleJoinAsync(JoinRequested request)
    {
        try
        {
            string meetingId;
            long afterSeq;
            long? epoch;
            if (request.MeetingId is null)
            {
                if (_meetingId is null)
                {
                    request.Done.TrySetResult(null);
                    return;
                }
                (meetingId, afterSeq, epoch) = (_meetingId, _lastSeq, _epoch);
            }
            else
            {
                (meetingId, afterSeq, epoch) = (request.MeetingId, request.AfterSeq, request.Epoch);
                MoveTo(meetingId, afterSeq);
            }
            var answer = await InvokeJoinAsync(meetingId, afterSeq, epoch, request.CancellationToken);
            Accept(answer);
            request.Done.TrySetResult(answer);
        }
        catch (Exception e)
        {
            request.Done.TrySetException(e);
        }
    }

    private async Task HandleResyncAsync()
    {
        Interlocked.Exchange(ref _resyncQueued, 0);
        if (!_joined || _meetingId is null || _connection is not { State: HubConnectionState.Connected }) return;
        try
        {
            var answer = await InvokeJoinAsync(_meetingId, _lastSeq, _epoch, _disposing.Token);
            lock (_lock) _rejoins++;
            _resyncFailures = 0;
            Accept(answer);
        }
        catch (Exception) when (!_disposing.IsCancellationRequested)
        {
            // A dropped connection triggers its own rejoin on reconnect; anything else is retried after a pause.
            _ = ResyncLaterAsync(++_resyncFailures);
        }
    }

    private async Task HandleLeaveAsync(LeaveRequested request)
    {
        try
        {
            var meetingId = _meetingId;
            lock (_lock) _joined = false;
            _early.Clear();
            if (meetingId is not null && _connection is { State: HubConnectionState.Connected } connection)
                await connection.InvokeAsync(HubNames.LeaveMeeting, meetingId, request.CancellationToken);
            request.Done.TrySetResult();
        }
        catch (Exception e)
        {
            request.Done.TrySetException(e);
        }
    }

    private async Task<CatchUp> InvokeJoinAsync(string meetingId, long afterSeq, long? epoch, CancellationToken cancellationToken)
    {
        var connection = _connection is { State: HubConnectionState.Connected } connected
            ? connected
            : throw new InvalidOperationException("The feed is not connected to the hub.");
        return epoch is { } knownEpoch
            ? await connection.InvokeAsync<CatchUp>(HubNames.JoinMeetingAt, meetingId, afterSeq, knownEpoch, cancellationToken)
            : await connection.InvokeAsync<CatchUp>(HubNames.JoinMeeting, meetingId, afterSeq, cancellationToken);
    }

    /// <summary>An explicit join sets the position; a snapshot held for another position no longer applies.</summary>
    private void MoveTo(string meetingId, long afterSeq)
    {
        lock (_lock)
        {
            if (_meetingId != meetingId)
            {
                _received.Clear();
                _epoch = null;
                _snapshot = null;
            }
            else if (afterSeq != _lastSeq)
            {
                _snapshot = null;
            }
            _meetingId = meetingId;
            _lastSeq = afterSeq;
            _joined = false;
        }
        _early.Clear();
        _waiters.Reached(afterSeq);
    }

    private void Accept(CatchUp answer)
    {
        lock (_lock)
        {
            _joined = true;
            _lastJoin = answer;
            _epoch = answer.Epoch;
            if (answer.Snapshot is { } snapshot)
            {
                _snapshot = snapshot;
                _lastSeq = answer.Seq;
                _snapshots++;
            }
        }
        if (answer.Snapshot is { } loaded)
        {
            Raise(SnapshotLoaded, loaded);
            _waiters.Reached(answer.Seq);
        }
        foreach (var evt in answer.Events) Offer(evt, pushed: false);
        DrainEarly();
    }

    private void Offer(MeetingEvent evt, bool pushed)
    {
        if (!_joined || evt.MeetingId != _meetingId) return;
        if (evt.Epoch != _epoch)
        {
            // The meeting's log was restarted: only a snapshot of the new epoch is a safe base.
            if (pushed) RequestResync();
            return;
        }
        if (evt.Seq <= _lastSeq)
        {
            if (pushed) lock (_lock) _duplicates++;
            return;
        }
        if (evt.Seq > _lastSeq + 1)
        {
            _early[evt.Seq] = evt;
            if (RequestResync()) lock (_lock) _gaps++;
            return;
        }
        Apply(evt);
        DrainEarly();
    }

    private void DrainEarly()
    {
        while (_early.Count > 0)
        {
            var (seq, evt) = _early.First();
            if (evt.Epoch != _epoch || seq <= _lastSeq)
            {
                _early.Remove(seq);
                continue;
            }
            if (seq != _lastSeq + 1)
            {
                if (RequestResync()) lock (_lock) _gaps++;
                return;
            }
            _early.Remove(seq);
            Apply(evt);
        }
    }

    private void Apply(MeetingEvent evt)
    {
        lock (_lock)
        {
            _lastSeq = evt.Seq;
            if (_snapshot is not null) _snapshot = MeetingProjection.Apply(_snapshot, evt);
            _received.Add(evt);
        }
        Raise(EventApplied, evt);
        _waiters.Reached(evt.Seq);
    }

    /// <summary>Queues one rejoin from the current position; false when one is already queued.</summary>
    private bool RequestResync()
    {
        if (Interlocked.Exchange(ref _resyncQueued, 1) == 1) return false;
        if (_work.Writer.TryWrite(new ResyncRequested())) return true;
        Interlocked.Exchange(ref _resyncQueued, 0);
        return false;
    }

    private async Task ResyncLaterAsync(int failures)
    {
        try
        {
            await Task.Delay(_options.Backoff.Delay(failures), _disposing.Token);
            RequestResync();
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static void Raise<T>(Action<T>? handlers, T value)
    {
        if (handlers is null) return;
        foreach (var handler in handlers.GetInvocationList().Cast<Action<T>>())
        {
            // A subscriber's bug must not stop the feed.
            try { handler(value); }
            catch (Exception) { }
        }
    }

    // ---------- the connection ----------

    /// <summary>Under <see cref="_connectionGate"/>: a new connection to <paramref name="node"/> replaces the old one.</summary>
    private async Task StartOnAsync(Uri node, CancellationToken cancellationToken)
    {
        var connection = Build(node);
        try
        {
            await connection.StartAsync(cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        var previous = _connection;
        _connection = connection;
        lock (_lock) _connectedNode = node;
        if (previous is not null) await previous.DisposeAsync();
    }

    private HubConnection Build(Uri node)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(node, RakorLiveClient.Rel(HubPath)), http =>
            {
                http.Transports = HttpTransportType.WebSockets;
                http.SkipNegotiation = true;
                http.AccessTokenProvider = async () => await _accessToken(_disposing.Token);
            })
            .WithAutomaticReconnect(new FeedReconnectPolicy(_options.Backoff, _options.AutomaticReconnectAttempts))
            .AddJsonProtocol(json => json.PayloadSerializerOptions = RakorLiveJson.Create())
            .Build();
        connection.On<MeetingEvent>(EventMethod, Push);
        // The new connection is in no group yet: join again from where the feed stands.
        connection.Reconnected += _ =>
        {
            RequestResync();
            return Task.CompletedTask;
        };
        connection.Closed += error =>
        {
            if (connection == _connection && _wantConnected && !_disposing.IsCancellationRequested) _ = ReconnectLoopAsync();
            return Task.CompletedTask;
        };
        return connection;
    }

    /// <summary>After SignalR's own reconnect gave up: keep trying (the next node first) until connected, disconnected or disposed.</summary>
    private async Task ReconnectLoopAsync()
    {
        if (Interlocked.Exchange(ref _reconnectLoopRunning, 1) == 1) return;
        try
        {
            var backoff = _options.Backoff;
            for (var attempt = 1; _wantConnected && !_disposing.IsCancellationRequested; attempt++)
            {
                await Task.Delay(backoff.Delay(attempt), _disposing.Token);
                await _connectionGate.WaitAsync(_disposing.Token);
                try
                {
                    if (!_wantConnected || _connection is { State: HubConnectionState.Connected }) return;
                    NextNode();
                    try
                    {
                        await StartOnAsync(_nodes[_node], _disposing.Token);
                    }
                    catch (Exception) when (!_disposing.IsCancellationRequested)
                    {
                        continue;
                    }
                    lock (_lock) _reconnects++;
                    RequestResync();
                    return;
                }
                finally
                {
                    _connectionGate.Release();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            Volatile.Write(ref _reconnectLoopRunning, 0);
        }
    }

    private void NextNode()
    {
        if (_nodes.Length > 1) _node = (_node + 1) % _nodes.Length;
    }
}
