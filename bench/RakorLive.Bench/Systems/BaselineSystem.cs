using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace RakorLive.Bench.Systems;

/// <summary>
/// The baseline as the scenarios see it: meetings are just names, a writer's command is one hub invocation
/// (Publish) carrying the same payload RakorLive would broadcast, and its acknowledgement is the invocation's result.
/// </summary>
public sealed class BaselineSystem : ILiveSystem
{
    private readonly BaselineProcess _process;
    private readonly PayloadTemplates _templates;
    private readonly HttpClient _http;
    private readonly TimeSpan _commandTimeout;

    private BaselineSystem(BaselineProcess process, PayloadTemplates templates, TimeSpan commandTimeout)
    {
        _process = process;
        _templates = templates;
        _commandTimeout = commandTimeout;
        _http = Http.CreateClient(commandTimeout);
    }

    public string Name => "baseline";
    public string Description => $"plain ASP.NET Core SignalR hub, no Orleans, no storage ({_process.BaseAddress})";
    public IReadOnlyList<Uri> Nodes => [_process.BaseAddress];
    public IReadOnlyList<(string Name, int? Pid)> Processes => [($"baseline {_process.BaseAddress.Authority}", _process.Pid)];
    public string? WatcherToken => null;

    public static async Task<BaselineSystem> StartAsync(PayloadTemplates templates, TimeSpan commandTimeout, CancellationToken cancellationToken) =>
        new(await BaselineProcess.StartAsync(cancellationToken), templates, commandTimeout);

    public Task<IReadOnlyList<BenchMeeting>> CreateMeetingsAsync(int count, CancellationToken cancellationToken)
    {
        var due = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return Task.FromResult<IReadOnlyList<BenchMeeting>>(
            [.. Enumerable.Range(0, count).Select(i => new BenchMeeting(i, Guid.NewGuid().ToString("D"), null, due, 0))]);
    }

    public async Task<IWriterChannel> OpenWriterAsync(int index, CancellationToken cancellationToken)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(_process.BaseAddress, "hubs/meeting"), http =>
            {
                http.Transports = HttpTransportType.WebSockets;
                http.SkipNegotiation = true;
            })
            .Build();
        connection.ServerTimeout = TimeSpan.FromSeconds(120);
        await connection.StartAsync(cancellationToken);
        return new Writer(connection, _templates, DemoAccounts.OpdHeadFor(index).Opd, _commandTimeout);
    }

    public async Task<long> GetSeqAsync(string meetingId, CancellationToken cancellationToken)
    {
        using var response = await Http.SendAsync(_http, Http.Request(HttpMethod.Get, _process.BaseAddress, $"api/meetings/{meetingId}", null), cancellationToken);
        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        return body.RootElement.GetProperty("seq").GetInt64();
    }

    public Task<TimeSpan> WaitForBackgroundAsync(BenchMeeting meeting, int commitments, TimeSpan deadline, CancellationToken cancellationToken) =>
        Task.FromResult(TimeSpan.Zero);

    public async Task<IReadOnlyList<long>> GetEventSeqsAsync(string meetingId, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        var path = $"api/meetings/{meetingId}/events?afterSeq={afterSeq.ToString(CultureInfo.InvariantCulture)}&limit={limit.ToString(CultureInfo.InvariantCulture)}";
        using var response = await Http.SendAsync(_http, Http.Request(HttpMethod.Get, _process.BaseAddress, path, null), cancellationToken);
        var events = await Http.ReadAsync<List<SeqOnly>>(response, cancellationToken);
        return [.. events.Select(e => e.Seq)];
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _process.DisposeAsync();
    }

    private sealed record SeqOnly(long Seq);

    private sealed class Writer(HubConnection connection, PayloadTemplates templates, string opd, TimeSpan commandTimeout) : IWriterChannel
    {
        public string Opd => opd;

        public Task<CommandAck> AddAsync(BenchMeeting meeting, string description, CancellationToken cancellationToken) =>
            PublishAsync(meeting, Guid.NewGuid().ToString("D"), 1, description, edit: false, cancellationToken);

        public Task<CommandAck> EditAsync(BenchMeeting meeting, OwnItem item, string description, CancellationToken cancellationToken) =>
            PublishAsync(meeting, item.Id, item.Version + 1, description, edit: true, cancellationToken);

        public ValueTask DisposeAsync() => connection.DisposeAsync();

        private async Task<CommandAck> PublishAsync(BenchMeeting meeting, string id, int version, string description, bool edit, CancellationToken cancellationToken)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(commandTimeout);
            try
            {
                var seq = await connection.InvokeAsync<long>("Publish", meeting.Id, PayloadTemplates.Type(edit),
                    templates.Data(edit, id, version, description), timeout.Token);
                return new CommandAck(id, version, seq);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new CommandFailedException($"Publish: no answer within {commandTimeout.TotalSeconds:0} s", e);
            }
            catch (Exception e) when (e is Microsoft.AspNetCore.SignalR.HubException or InvalidOperationException or IOException)
            {
                throw new CommandFailedException("Publish: " + e.Message, e);
            }
        }
    }
}
