using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using RakorLive.IntegrationTests.Infrastructure;

namespace RakorLive.IntegrationTests.Security;

/// <summary>
/// Plain HTTP against a running server, plus the few set-up steps the security tests share
/// (a meeting with agenda, a commitment, a join-code token). Set-up steps insist on success,
/// so a broken precondition fails loudly instead of turning a test into one that cannot fail.
/// </summary>
public sealed class Api(ServerProcess server) : IDisposable
{
    public const string MeetingStart = "2026-12-01T09:00:00+07:00";
    /// <summary>The meeting's local date is 2026-12-01: due dates on or after it are valid.</summary>
    public const string ValidDueDate = "2026-12-15";

    private readonly HttpClient _http = server.CreateHttpClient();

    public ServerProcess Server => server;

    public async Task<Answer> SendAsync(HttpMethod method, string path, string? token, HttpContent? content = null, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        using var response = await _http.SendAsync(request);
        var raw = await response.Content.ReadAsByteArrayAsync();
        var body = System.Text.Encoding.UTF8.GetString(raw);
        return new Answer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, response.Headers, raw,
            response.Content.Headers.ContentDisposition?.ToString());
    }

    public Task<Answer> GetAsync(string path, string? token) => SendAsync(HttpMethod.Get, path, token);

    public Task<Answer> PostAsync(string path, string? token, object body) => SendAsync(HttpMethod.Post, path, token, JsonContent.Create(body));

    public Task<Answer> PatchAsync(string path, string? token, object body, string? ifMatch) =>
        SendAsync(HttpMethod.Patch, path, token, JsonContent.Create(body), ifMatch);

    public static StringContent Raw(string text, string contentType = "application/json") =>
        new(text, Encoding.UTF8, contentType);

    // ---------- set-up steps (must succeed) ----------

    public static Answer Expect(Answer answer, int status, string step) =>
        answer.Status == status ? answer : throw new InvalidOperationException($"Set-up step '{step}' failed: {answer.Describe()}");

    public async Task<string> TokenAsync(string username) => await server.TokenAsync(username);

    public async Task<string> CreateMeetingAsync(string token, string title)
    {
        var answer = await PostAsync("/api/meetings", token, new
        {
            commandId = "sec-" + Guid.NewGuid().ToString("N"),
            title,
            scheduledStart = MeetingStart,
            location = "Aula Setda",
            chair = "Bupati",
        });
        return Expect(answer, 201, "create meeting").Json.GetProperty("id").GetString()!;
    }

    public async Task<string> AddAgendaItemAsync(string token, string meetingId, string presenterOpd, string title = "Paparan program")
    {
        var answer = await PostAsync($"/api/meetings/{meetingId}/agenda-items", token,
            new { commandId = "sec-" + Guid.NewGuid().ToString("N"), title, presenterOpd, timeboxMinutes = 10 });
        return Expect(answer, 201, "add agenda item").Json.GetProperty("id").GetString()!;
    }

    public async Task StartAsync(string token, string meetingId) =>
        Expect(await PostAsync($"/api/meetings/{meetingId}/start", token, new { commandId = "sec-" + Guid.NewGuid().ToString("N") }), 200, "start meeting");

    public async Task CloseAsync(string token, string meetingId) =>
        Expect(await PostAsync($"/api/meetings/{meetingId}/close", token, new { commandId = "sec-" + Guid.NewGuid().ToString("N") }), 200, "close meeting");

    public async Task CheckInAsync(string token, string meetingId, string opd, string name) =>
        Expect(await PostAsync($"/api/meetings/{meetingId}/attendance", token, new { opd, name, position = "Kepala Dinas" }), 201, "check in");

    public static object ActionPointBody(string ownerOpd, string[] supportingOpds, string? commandId = null) => new
    {
        commandId = commandId ?? "sec-" + Guid.NewGuid().ToString("N"),
        ownerOpd,
        supportingOpds,
        description = "Menyusun peta jalan perbaikan jalan kabupaten",
        target = "Peta jalan selesai dan disahkan",
        beneficiaries = "Warga Kecamatan Sukamaju",
        benefit = "Akses jalan yang aman ke sekolah dan puskesmas",
        dueDate = ValidDueDate,
    };

    /// <returns>The new action point's id and version.</returns>
    public async Task<(string Id, int Version)> CreateActionPointAsync(string token, string meetingId, string ownerOpd, params string[] supportingOpds)
    {
        var answer = Expect(await PostAsync($"/api/meetings/{meetingId}/action-points", token, ActionPointBody(ownerOpd, supportingOpds)), 201, "create action point");
        return (answer.Json.GetProperty("id").GetString()!, answer.Json.GetProperty("version").GetInt32());
    }

    /// <summary>A token from a join code the secretariat issued for one meeting.</summary>
    public async Task<string> JoinTokenAsync(string secretariatToken, string meetingId, string role, string? opd)
    {
        var code = Expect(await PostAsync($"/api/meetings/{meetingId}/join-codes", secretariatToken, new { role, opd }), 201, "issue join code")
            .Json.GetProperty("code").GetString()!;
        var joined = Expect(await PostAsync("/api/auth/join", null, new { code }), 200, "join with code").Json;
        if (joined.GetProperty("meetingId").GetString() != meetingId)
            throw new InvalidOperationException($"The join token is scoped to {joined.GetProperty("meetingId")}, not {meetingId}.");
        return joined.GetProperty("accessToken").GetString()!;
    }

    public async Task<string> IssueJoinCodeAsync(string secretariatToken, string meetingId, string role) =>
        Expect(await PostAsync($"/api/meetings/{meetingId}/join-codes", secretariatToken, new { role }), 201, "issue join code")
            .Json.GetProperty("code").GetString()!;

    /// <summary>The full JSON of what a path shows (read as the given caller), for before/after comparisons.</summary>
    public async Task<string> ReadAsync(string path, string token) => Expect(await GetAsync(path, token), 200, "read " + path).Body;

    /// <summary>
    /// Agency ledgers follow their meetings through the outbox, after the reply: reads <paramref name="path"/> until it
    /// satisfies <paramref name="ready"/> (there is no push for ledgers to wait on), at most 10 s.
    /// </summary>
    public async Task<string> ReadWhenAsync(string path, string token, Func<string, bool> ready)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var body = await ReadAsync(path, token);
            if (ready(body) || DateTime.UtcNow > deadline) return body;
            await Task.Delay(25);
        }
    }

    public static long Seq(string snapshotJson) => JsonDocument.Parse(snapshotJson).RootElement.GetProperty("seq").GetInt64();

    // ---------- hub ----------

    public HubConnection Hub(string? token) => new HubConnectionBuilder()
        .WithUrl(new Uri(server.BaseAddress, "/hubs/meeting"), o =>
        {
            if (token is not null) o.AccessTokenProvider = () => Task.FromResult<string?>(token);
        })
        .Build();

    public void Dispose() => _http.Dispose();
}
