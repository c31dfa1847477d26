using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using RakorLive.Bench.Measuring;
using RakorLive.Bench.Systems;
using RakorLive.Wire;

namespace RakorLive.Bench.Live;

/// <summary>
/// A screen or tablet following one meeting: a raw hub connection that records only the seq of each event
/// and when it arrived (no projection), so thousands fit in the bench process beside the server.
/// </summary>
public sealed class Watcher : IAsyncDisposable
{
    public const string HubPath = "hubs/meeting";

    private readonly HubConnection _connection;
    private readonly Lock _lock = new();
    private readonly SeqTracker _tracker = new();
    // Non-null while a join is under way: a push can overtake the join's answer, and must come after it.
    private List<(WireEvent Event, long At)>? _pending;
    private long _epoch = -1;
    // Set before a close the bench asks for; the Closed handler (which may run after StopAsync returns) takes it.
    private int _closeExpected;
    private int _disconnects;

    public Watcher(int index, BenchMeeting meeting, Uri node, string? token)
    {
        Index = index;
        Meeting = meeting;
        Node = node;
        var builder = new HubConnectionBuilder();
        builder.Services.AddSingleton<IHubProtocol, WatcherProtocol>();
        _connection = builder
            .WithUrl(new Uri(node, HubPath), http =>
            {
                // One upgrade instead of negotiate plus upgrade: half the requests when thousands connect at once.
                http.Transports = HttpTransportType.WebSockets;
                http.SkipNegotiation = true;
                if (token is not null) http.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        // A busy two-core machine can delay pings; a watcher lost to that would be counted as losing events.
        _connection.ServerTimeout = TimeSpan.FromSeconds(120);
        _connection.HandshakeTimeout = TimeSpan.FromSeconds(60);
        _connection.On<WireEvent>(HubNames.MeetingEvent, OnEvent);
        _connection.Closed += _ =>
        {
            if (Interlocked.Exchange(ref _closeExpected, 0) == 0) Interlocked.Increment(ref _disconnects);
            return Task.CompletedTask;
        };
    }

    public int Index { get; }
    public BenchMeeting Meeting { get; }
    public Uri Node { get; }

    /// <summary>Where pushes of measured commands are counted; null: seqs only.</summary>
    public DeliverySink? Sink { get; set; }

    public int Disconnects => Volatile.Read(ref _disconnects);
    public int Joins { get; private set; }
    public int SnapshotJoins { get; private set; }
    public int EpochChanges { get; private set; }

    /// <summary>Events the last join's answer carried.</summary>
    public int LastJoinEvents { get; private set; }

    /// <summary>The seq this watcher waits for, and when it first had everything up to it (Clock ticks; 0 not yet).</summary>
    public long TargetSeq { get; private set; } = long.MaxValue;

    public long TargetReachedAt { get; private set; }

    public long Contiguous
    {
        get { lock (_lock) return _tracker.Contiguous; }
    }

    public void SetTarget(long seq)
    {
        lock (_lock)
        {
            TargetSeq = seq;
            TargetReachedAt = _tracker.Started && _tracker.Contiguous >= seq ? Clock.Now : 0;
        }
    }

    public Task ConnectAsync(CancellationToken cancellationToken) => _connection.StartAsync(cancellationToken);

    /// <summary>JoinMeeting(meetingId, afterSeq): the answer's events, then pushes, as one sequence.</summary>
    public async Task<WireJoin> JoinAsync(long afterSeq, CancellationToken cancellationToken)
    {
        lock (_lock) _pending = [];
        WireJoin answer;
        try
        {
            answer = await _connection.InvokeAsync<WireJoin>("JoinMeeting", Meeting.Id, afterSeq, cancellationToken);
        }
        catch
        {
            lock (_lock) Flush(Clock.Now);
            throw;
        }
        var at = Clock.Now;
        lock (_lock)
        {
            Joins++;
            _tracker.Start(afterSeq);
            if (answer.HasSnapshot)
            {
                SnapshotJoins++;
                _tracker.CoverUpTo(answer.Seq);
            }
            LastJoinEvents = answer.Events?.Count ?? 0;
            foreach (var evt in answer.Events ?? []) Apply(evt, at, live: false);
            Flush(at);
        }
        return answer;
    }

    /// <summary>Rejoins with the last seq it has everything up to, as a reconnecting client does.</summary>
    public Task<WireJoin> RejoinAsync(CancellationToken cancellationToken) => JoinAsync(Contiguous, cancellationToken);

    /// <summary>Closes the connection on purpose (not counted as a disconnect); <see cref="ConnectAsync"/> opens it again.</summary>
    public async Task DropAsync()
    {
        if (_connection.State == HubConnectionState.Disconnected) return;
        Volatile.Write(ref _closeExpected, 1);
        await _connection.StopAsync();
    }

    public WatcherCheck Check(long finalSeq)
    {
        lock (_lock)
            return new WatcherCheck(_tracker.Started ? _tracker.Lost(finalSeq) : (int)Math.Max(0, finalSeq - Meeting.StartSeq),
                _tracker.Started ? _tracker.Tail(finalSeq) : (int)Math.Max(0, finalSeq - Meeting.StartSeq),
                _tracker.Duplicates, _tracker.OutOfOrder, _tracker.Received, _tracker.CoveredBySnapshot, _tracker.Contiguous >= finalSeq);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection.State != HubConnectionState.Disconnected) Volatile.Write(ref _closeExpected, 1);
        await _connection.DisposeAsync();
    }

    private void OnEvent(WireEvent evt)
    {
        var at = Clock.Now;
        lock (_lock)
        {
            if (_pending is not null) _pending.Add((evt, at));
            else Apply(evt, at, live: true);
        }
    }

    private void Flush(long at)
    {
        var pending = _pending;
        _pending = null;
        foreach (var (evt, arrived) in pending ?? []) Apply(evt, arrived, live: true);
        if (TargetReachedAt == 0 && _tracker.Started && _tracker.Contiguous >= TargetSeq) TargetReachedAt = at;
    }

    private void Apply(WireEvent evt, long at, bool live)
    {
        if (_epoch >= 0 && evt.Epoch != _epoch) EpochChanges++;
        _epoch = evt.Epoch;
        if (!_tracker.Started)
        {
            // A push before any join answer cannot be placed in a sequence; it counts as out of order.
            _tracker.Start(evt.Seq - 1);
        }
        _tracker.Record(evt.Seq);
        if (live) Sink?.Received(evt, at);
        if (TargetReachedAt == 0 && _tracker.Contiguous >= TargetSeq) TargetReachedAt = at;
    }
}

/// <summary>One watcher against the meeting's final seq.</summary>
/// <param name="Tail">Of the lost, those after the highest seq received: missing only at the end, perhaps still on their way.</param>
public readonly record struct WatcherCheck(int Lost, int Tail, int Duplicates, int OutOfOrder, int Received, int CoveredBySnapshot, bool CaughtUp);
