using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using RakorLive.Events;
using RakorLive.Wire;

namespace RakorLive.Bench.Systems;

/// <summary>RakorLive through its public contract only: REST commands with bearer tokens, the meeting hub for watchers.</summary>
public sealed class RakorLiveSystem : ILiveSystem
{
    private const string TimeZone = "Asia/Jakarta";

    private readonly RakorLiveServers _servers;
    private readonly HttpClient _http;
    private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentBag<string> _meetingIds = [];
    private int _meetingsCreated;

    private RakorLiveSystem(RakorLiveServers servers, TimeSpan commandTimeout)
    {
        _servers = servers;
        _http = Http.CreateClient(commandTimeout);
    }

    public string Name => "RakorLive";
    public string Description => _servers.Description;
    public IReadOnlyList<Uri> Nodes => _servers.Nodes;

    public IReadOnlyList<(string Name, int? Pid)> Processes =>
        [.. _servers.Nodes.Select((n, i) => ($"RakorLive {n.Authority}", _servers.ProcessIds[i]))];

    public string? WatcherToken => _tokens[DemoAccounts.Viewer];

    /// <summary>The system's one HTTP stack, for scenarios that speak RakorLive's own routes (follow-ups).</summary>
    public HttpClient Client => _http;

    /// <summary>The bearer token of a demo account signed in at start (sekretariat, layar, the kepala OPD accounts).</summary>
    public string Token(string username) => _tokens[username];

    /// <summary>Signs in once per account: every writer and watcher of a role shares its token.</summary>
    public static async Task<RakorLiveSystem> StartAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var servers = await RakorLiveServers.StartAsync(options);
        var system = new RakorLiveSystem(servers, options.CommandTimeout);
        try
        {
            foreach (var username in DemoAccounts.OpdHeads.Select(o => o.Username).Append(DemoAccounts.Secretariat).Append(DemoAccounts.Viewer))
                system._tokens[username] = await system.SignInAsync(username, cancellationToken);
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    public async Task<IReadOnlyList<BenchMeeting>> CreateMeetingsAsync(int count, CancellationToken cancellationToken)
    {
        var meetings = new BenchMeeting[count];
        // The set-up is not measured; a few at a time keeps it short without swamping a small machine.
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, ct) => meetings[i] = await CreateMeetingAsync(i, ct));
        return meetings;
    }

    public Task<IWriterChannel> OpenWriterAsync(int index, CancellationToken cancellationToken)
    {
        var (username, opd) = DemoAccounts.OpdHeadFor(index);
        return Task.FromResult<IWriterChannel>(new Writer(_http, Nodes[index % Nodes.Count], _tokens[username], opd));
    }

    public async Task<long> GetSeqAsync(string meetingId, CancellationToken cancellationToken)
    {
        using var response = await Http.SendAsync(_http, Http.Request(HttpMethod.Get, Nodes[0], $"api/meetings/{meetingId}", _tokens[DemoAccounts.Secretariat]), cancellationToken);
        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        return body.RootElement.GetProperty("seq").GetInt64();
    }

    public async Task<IReadOnlyList<long>> GetEventSeqsAsync(string meetingId, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        var path = $"api/meetings/{meetingId}/events?afterSeq={afterSeq.ToString(CultureInfo.InvariantCulture)}&limit={limit.ToString(CultureInfo.InvariantCulture)}";
        using var response = await Http.SendAsync(_http, Http.Request(HttpMethod.Get, Nodes[0], path, _tokens[DemoAccounts.Viewer]), cancellationToken);
        var events = await Http.ReadAsync<List<SeqOnly>>(response, cancellationToken);
        return [.. events.Select(e => e.Seq)];
    }

    public async Task<TimeSpan> WaitForBackgroundAsync(BenchMeeting meeting, int commitments, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var started = Measuring.Clock.Now;
        while (true)
        {
            var total = await FollowUpTotalAsync(meeting.Id, cancellationToken);
            if (total >= commitments) return TimeSpan.FromMilliseconds(Measuring.Clock.MsSince(started));
            if (Measuring.Clock.MsSince(started) > deadline.TotalMilliseconds)
                throw new CommandFailedException($"the follow-up list holds {total} of the meeting's {commitments} commitments after {deadline.TotalSeconds:0} s");
            // Polling a read route is the only outside view of the outbox; 50 ms keeps the polls themselves light.
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    /// <summary>How many commitments of the meeting the follow-up list holds (GET /api/follow-ups?meetingId=, one item's page).</summary>
    public async Task<int> FollowUpTotalAsync(string meetingId, CancellationToken cancellationToken)
    {
        var path = $"{Routes.FollowUps.TrimStart('/')}?meetingId={Uri.EscapeDataString(meetingId)}&pageSize=1";
        using var response = await Http.SendAsync(_http, Http.Request(HttpMethod.Get, Nodes[0], path, _tokens[DemoAccounts.Secretariat]), cancellationToken);
        return (await Http.ReadAsync<TotalOnly>(response, cancellationToken)).Total;
    }

    /// <summary>
    /// One action point added and edited in a meeting of its own, and the two events read back: the payloads
    /// the baseline then broadcasts, so both systems push the same bytes.
    /// </summary>
    public async Task<PayloadTemplates> CaptureTemplatesAsync(CancellationToken cancellationToken)
    {
        var meeting = await CreateMeetingAsync(-1, cancellationToken);
        await using var writer = await OpenWriterAsync(0, cancellationToken);
        var added = await writer.AddAsync(meeting, Marker.Description(writer.Opd, meeting, 0, edit: false), cancellationToken);
        await writer.EditAsync(meeting, new OwnItem(added.ItemId, added.Version), Marker.Description(writer.Opd, meeting, 1, edit: true), cancellationToken);
        var path = $"api/meetings/{meeting.Id}/events?afterSeq={meeting.StartSeq.ToString(CultureInfo.InvariantCulture)}";
        using var response = await Http.SendAsync(_http, Http.Request(HttpMethod.Get, Nodes[0], path, _tokens[DemoAccounts.Viewer]), cancellationToken);
        var events = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))?.AsArray()
                     ?? throw new CommandFailedException("GET events: empty answer");
        JsonNode Find(string type) => events.FirstOrDefault(e => (string?)e?["type"] == type)
                                      ?? throw new CommandFailedException($"the template meeting has no {type} event");
        var add = Find(MeetingEventTypes.ActionPointAdded);
        var update = Find(MeetingEventTypes.ActionPointUpdated);
        return new PayloadTemplates((JsonObject)add["data"]!, (JsonObject)update["data"]!, add.ToJsonString().Length, update.ToJsonString().Length);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_servers.Owned) await CloseMeetingsAsync();
        _http.Dispose();
        await _servers.DisposeAsync();
    }

    /// <summary>Not part of any measurement: leaves no Live load-test meeting behind on a server the bench did not start.</summary>
    private async Task CloseMeetingsAsync()
    {
        if (!_tokens.TryGetValue(DemoAccounts.Secretariat, out var token)) return;
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await Parallel.ForEachAsync(_meetingIds, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = limit.Token }, async (id, ct) =>
            {
                try
                {
                    using var closed = await Http.SendAsync(_http, Http.Request(HttpMethod.Post, Nodes[0], $"api/meetings/{id}/close", token,
                        new { commandId = Guid.NewGuid().ToString("N") }), ct);
                }
                catch (CommandFailedException)
                {
                    // Best effort: a meeting left open is harmless, only untidy.
                }
            });
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async Task<string> SignInAsync(string username, CancellationToken cancellationToken, string password = DemoAccounts.Password)
    {
        using var response = await Http.SendAsync(_http,
            Http.Request(HttpMethod.Post, Nodes[0], "api/auth/token", null, new { username, password }), cancellationToken);
        return (await Http.ReadAsync<TokenReply>(response, cancellationToken)).AccessToken;
    }

    /// <summary>As the secretariat prepares a rakor: created for the next full hour, one agenda item, started.</summary>
    private async Task<BenchMeeting> CreateMeetingAsync(int index, CancellationToken cancellationToken)
    {
        var token = _tokens[DemoAccounts.Secretariat];
        var zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone);
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, now.Offset).AddHours(1);
        var number = Interlocked.Increment(ref _meetingsCreated);
        string id;
        using (var created = await Http.SendAsync(_http, Http.Request(HttpMethod.Post, Nodes[0], "api/meetings", token, new
        {
            commandId = Guid.NewGuid().ToString("N"),
            title = $"Rakor beban uji {number} ({now:yyyy-MM-dd HH:mm})",
            scheduledStart = start,
            location = "Ruang Rapat Bupati",
            chair = "Bupati Sukamaju",
            timeZone = TimeZone,
        }), cancellationToken))
            id = (await Http.ReadAsync<IdOnly>(created, cancellationToken)).Id;
        _meetingIds.Add(id);
        using (await Http.SendAsync(_http, Http.Request(HttpMethod.Post, Nodes[0], $"api/meetings/{id}/agenda-items", token, new
        {
            commandId = Guid.NewGuid().ToString("N"),
            title = "Percepatan perbaikan jalan kabupaten",
            presenterOpd = "PUPR",
            timeboxMinutes = 30,
        }), cancellationToken))
        {
        }
        using var started = await Http.SendAsync(_http, Http.Request(HttpMethod.Post, Nodes[0], $"api/meetings/{id}/start", token,
            new { commandId = Guid.NewGuid().ToString("N") }), cancellationToken);
        var snapshot = await Http.ReadAsync<StartedReply>(started, cancellationToken);
        return new BenchMeeting(index, id, snapshot.CurrentItemId, DateOnly.FromDateTime(start.Date).AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            snapshot.Seq);
    }

    private sealed record TokenReply(string AccessToken);
    private sealed record IdOnly(string Id);
    private sealed record SeqOnly(long Seq);
    private sealed record TotalOnly(int Total);
    private sealed record StartedReply(long Seq, string? CurrentItemId);
    private sealed record ActionPointReply(string Id, int Version);

    /// <summary>A kepala OPD's tablet: POST action points for its own agency, PATCH its own with If-Match.</summary>
    private sealed class Writer(HttpClient http, Uri node, string token, string opd) : IWriterChannel
    {
        public string Opd => opd;

        public async Task<CommandAck> AddAsync(BenchMeeting meeting, string description, CancellationToken cancellationToken)
        {
            using var response = await Http.SendAsync(http, Http.Request(HttpMethod.Post, node, $"api/meetings/{meeting.Id}/action-points", token, new
            {
                commandId = Guid.NewGuid().ToString("N"),
                agendaItemId = meeting.CurrentItemId,
                ownerOpd = opd,
                supportingOpds = Array.Empty<string>(),
                description,
                target = "Selesai 100% sesuai rencana kerja",
                beneficiaries = "Warga kabupaten",
                benefit = "Layanan publik lebih cepat",
                dueDate = meeting.DueDate,
            }), cancellationToken);
            var reply = await Http.ReadAsync<ActionPointReply>(response, cancellationToken);
            return new CommandAck(reply.Id, reply.Version, Http.SeqHeader(response));
        }

        public async Task<CommandAck> EditAsync(BenchMeeting meeting, OwnItem item, string description, CancellationToken cancellationToken)
        {
            var request = Http.Request(HttpMethod.Patch, node, $"api/action-points/{item.Id}", token, new
            {
                commandId = Guid.NewGuid().ToString("N"),
                description,
            });
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{item.Version.ToString(CultureInfo.InvariantCulture)}\"");
            using var response = await Http.SendAsync(http, request, cancellationToken);
            var reply = await Http.ReadAsync<ActionPointReply>(response, cancellationToken);
            return new CommandAck(reply.Id, reply.Version, Http.SeqHeader(response));
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
