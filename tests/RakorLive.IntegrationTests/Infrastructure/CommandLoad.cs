using System.Collections.Concurrent;
using System.Diagnostics;
using RakorLive.Client;
using RakorLive.Commands;
using RakorLive.Events;
using RakorLive.IntegrationTests.Live;
using RakorLive.Model;

namespace RakorLive.IntegrationTests.Infrastructure;

/// <summary>
/// The crash tests' load: <see cref="Writers"/> concurrent tablets and desks, each a <see cref="RakorLiveClient"/> that
/// retries a command with the same commandId until it is answered (as a real client does after weak wifi, a dead
/// node or a database outage), adding and editing commitments, checking in and adding agenda items in one meeting.
/// Every acknowledgement is recorded with the seq the server gave it, and every HTTP attempt (status, time) for the
/// tests that assert on what callers saw meanwhile. <see cref="LoadAudit"/> checks the record against the server.
/// </summary>
public sealed class CommandLoad
{
    public const int Writers = 20;

    // Four kepala OPD (each writes for its own agency) and the secretariat (for any agency, and the agenda).
    private static readonly (string User, string? Opd)[] Accounts =
        [("kadis.pupr", "PUPR"), ("kadis.dinkes", "DINKES"), ("kadis.disdik", "DISDIK"), ("kepala.bappeda", "BAPPEDA"), ("sekretariat", null)];
    private static readonly string[] SecretariatOpds = ["DISHUB", "DLH", "PUPR", "DINKES"];
    private const int AgendaItemsPerWriter = 5;

    public enum Kind { AddActionPoint, EditActionPoint, CheckIn, AddAgendaItem }

    /// <summary>An answered command: what it made or changed, and where the server put it.</summary>
    public sealed record Acknowledged(string CommandId, Kind Kind, string EntityId, long Seq, int Version, int Attempts, bool Replayed, DateTime At);

    /// <summary>One HTTP request as the writer's client saw it: a command's attempts, and the client's health probes when it picks a node.</summary>
    public sealed record Attempt(string Node, string Path, int? Status, string? ContentType, TimeSpan Took, DateTime At, string? Error);

    private readonly IReadOnlyList<Uri> _nodes;
    private readonly string _meetingId;
    private readonly RakorLiveClientOptions _options;
    private readonly ConcurrentQueue<Acknowledged> _acknowledged = new();
    private readonly ConcurrentQueue<Attempt> _attempts = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _countWaiters = new();
    private int _count;

    /// <param name="nodes">Every node; writer w prefers node w mod n and fails over to the others.</param>
    public CommandLoad(IReadOnlyList<Uri> nodes, string meetingId, RakorLiveClientOptions? options = null)
    {
        _nodes = nodes;
        _meetingId = meetingId;
        // Retry for as long as a restart, a fail-over or an outage takes; each attempt is bounded.
        _options = options ?? new RakorLiveClientOptions
        {
            MaxAttempts = 400,
            BaseDelay = TimeSpan.FromMilliseconds(100),
            MaxDelay = TimeSpan.FromSeconds(1),
            AttemptTimeout = TimeSpan.FromSeconds(20),
        };
    }

    public IReadOnlyList<Acknowledged> Acknowledgements => [.. _acknowledged];
    public IReadOnlyList<Attempt> Attempts => [.. _attempts];
    /// <summary>Commands that got a final error (a 4xx, or no answer within all attempts): each is a bug.</summary>
    public IReadOnlyList<string> Failures => [.. _failures];
    public int Count => Volatile.Read(ref _count);

    /// <summary>What the writers' requests got, e.g. "201×180, 200×60, 503×12, HttpRequestException×20".</summary>
    public string AttemptSummary => string.Join(", ", Attempts.Where(a => a.Path.StartsWith("/api/", StringComparison.Ordinal))
        .GroupBy(a => a.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? a.Error).OrderByDescending(g => g.Count()).Select(g => $"{g.Key}×{g.Count()}"));
    public DateTime? LastAcknowledgedAt { get; private set; }

    /// <summary>Completes once <paramref name="count"/> commands are acknowledged.</summary>
    public Task WhenAcknowledged(int count)
    {
        var waiter = _countWaiters.GetOrAdd(count, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (Count >= count) waiter.TrySetResult();
        return waiter.Task;
    }

    /// <summary>
    /// Runs the writers: each sends at least <paramref name="perWriter"/> commands, and goes on until
    /// <paramref name="until"/> (when given) has completed. Every command is retried until answered.
    /// </summary>
    public async Task RunAsync(int perWriter, Task? until = null, TimeSpan? limit = null)
    {
        using var deadline = new CancellationTokenSource(limit ?? TimeSpan.FromMinutes(4));
        var tokens = new Dictionary<string, string>();
        using (var signIn = new RakorLiveClient(_nodes, _options))
            foreach (var (user, _) in Accounts)
                tokens[user] = (await signIn.SignInAsync(user, ServerProcess.DemoPassword, deadline.Token)).AccessToken;
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() => Write(w, tokens, perWriter, until, deadline.Token))));
    }

    private async Task Write(int w, IReadOnlyDictionary<string, string> tokens, int perWriter, Task? until, CancellationToken ct)
    {
        var (user, ownOpd) = Accounts[w % Accounts.Length];
        var preferred = Enumerable.Range(0, _nodes.Count).Select(i => _nodes[(w + i) % _nodes.Count]).ToList();
        var handler = new RecordingHandler(_attempts) { InnerHandler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) } };
        using var client = new RakorLiveClient(preferred, _options, handler) { AccessToken = tokens[user] };
        var mine = new List<(string Id, int Version)>();
        var agendaItems = 0;
        for (var i = 0; i < perWriter || until is { IsCompleted: false }; i++)
        {
            var commandId = $"load-{w}-{i}-{Guid.NewGuid():N}"[..40];
            var opd = ownOpd ?? SecretariatOpds[i % SecretariatOpds.Length];
            try
            {
                switch (i % 4)
                {
                    case 1 when mine.Count > 0:
                        var pick = (i / 4) % mine.Count;
                        var (id, version) = mine[pick];
                        var edit = await client.UpdateActionPointAsync(id, version,
                            new UpdateActionPoint(commandId, null, null, null, null, "Target " + commandId, null, null, null), ct);
                        mine[pick] = (id, edit.Value.Version);
                        Record(edit, Kind.EditActionPoint, id, edit.Value.Version);
                        break;
                    case 3 when ownOpd is null && agendaItems < AgendaItemsPerWriter:
                        var item = await client.AddAgendaItemAsync(_meetingId, new AddAgendaItem(commandId, "Agenda " + commandId, opd, 10), ct);
                        agendaItems++;
                        Record(item, Kind.AddAgendaItem, item.Value.Id, 0);
                        break;
                    case 3:
                        var attendee = await client.CheckInAsync(_meetingId, new CheckIn(commandId, opd, "Peserta " + commandId, "Staf " + opd), ct);
                        Record(attendee, Kind.CheckIn, attendee.Value.Name, 0);
                        break;
                    default:
                        var created = await client.CreateActionPointAsync(_meetingId, new CreateActionPoint(commandId, null, opd,
                            opd == "PUPR" ? ["DISHUB"] : [], "Komitmen " + commandId, "Target awal", "Warga", "Manfaat", Rakor.DueDate), ct);
                        mine.Add((created.Value.Id, created.Value.Version));
                        Record(created, Kind.AddActionPoint, created.Value.Id, created.Value.Version);
                        break;
                }
            }
            catch (Exception e) when (e is RakorLiveProblemException or HttpRequestException or TimeoutException or OperationCanceledException)
            {
                _failures.Enqueue($"{user} {commandId}: {e.GetType().Name}: {e.Message}");
                if (ct.IsCancellationRequested) return;
            }
        }
    }

    private void Record<T>(CommandResult<T> result, Kind kind, string entityId, int version)
    {
        var at = DateTime.UtcNow;
        _acknowledged.Enqueue(new Acknowledged(result.CommandId!, kind, entityId,
            result.Seq ?? throw new InvalidOperationException($"{kind} {result.CommandId} was answered without X-Rakor-Seq"),
            version, result.Attempts, result.Replayed, at));
        LastAcknowledgedAt = at;
        var count = Interlocked.Increment(ref _count);
        foreach (var (wanted, waiter) in _countWaiters)
            if (count >= wanted) waiter.TrySetResult();
    }

    /// <summary>Sees every attempt the client makes, retries included.</summary>
    private sealed class RecordingHandler(ConcurrentQueue<Attempt> into) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var node = request.RequestUri!.GetLeftPart(UriPartial.Authority);
            var path = request.RequestUri.AbsolutePath;
            var watch = Stopwatch.StartNew();
            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                into.Enqueue(new Attempt(node, path, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, watch.Elapsed, DateTime.UtcNow, null));
                return response;
            }
            catch (Exception e)
            {
                into.Enqueue(new Attempt(node, path, null, null, watch.Elapsed, DateTime.UtcNow, e.GetType().Name));
                throw;
            }
        }
    }

    /// <summary>The event an acknowledged command must have left at its seq: its type and the entity it names.</summary>
    public static (string Type, string Entity, int Version) Expected(Acknowledged ack) => ack.Kind switch
    {
        Kind.AddActionPoint => (MeetingEventTypes.ActionPointAdded, ack.EntityId, ack.Version),
        Kind.EditActionPoint => (MeetingEventTypes.ActionPointUpdated, ack.EntityId, ack.Version),
        Kind.CheckIn => (MeetingEventTypes.AttendeeCheckedIn, ack.EntityId, 0),
        _ => (MeetingEventTypes.AgendaItemAdded, ack.EntityId, 0),
    };

    public static (string Type, string Entity, int Version) Found(MeetingEvent e) => e.Data switch
    {
        ActionPointData a => (e.Type, a.ActionPoint.Id, a.ActionPoint.Version),
        AttendeeData a => (e.Type, a.Attendee.Name, 0),
        AgendaItemData a => (e.Type, a.Item.Id, 0),
        _ => (e.Type, "", 0),
    };
}
