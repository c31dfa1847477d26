using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RakorLive.IntegrationTests.Infrastructure;

namespace RakorLive.BrowserTests.Infrastructure;

/// <summary>The REST API as a test's second witness: it prepares meetings and reads what the server really holds.</summary>
public sealed class RakorApi(ServerProcess server) : IDisposable
{
    public static readonly TimeSpan Wib = TimeSpan.FromHours(7);

    private readonly ConcurrentDictionary<string, Lazy<Task<HttpClient>>> _clients = new();

    /// <summary>Today's date in Asia/Jakarta, the time zone of the meetings the tests create.</summary>
    public static DateOnly TodayWib => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(Wib).DateTime);

    public Task<HttpClient> ClientAsync(string username) =>
        _clients.GetOrAdd(username, name => new Lazy<Task<HttpClient>>(async () =>
        {
            var http = server.CreateHttpClient();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await server.TokenAsync(name));
            return http;
        })).Value;

    /// <summary>Creates a meeting with agenda items (title, presenting OPD) as the secretariat; returns its id and the items' ids.</summary>
    public Task<(string Id, IReadOnlyList<string> AgendaItemIds)> CreateMeetingAsync(
        string title, DateTimeOffset scheduledStart, params (string Title, string PresenterOpd)[] agenda) =>
        CreateMeetingAsync(title, scheduledStart, 15, agenda);

    /// <param name="timeboxMinutes">Every item's time box (a short one for the countdown tests).</param>
    public async Task<(string Id, IReadOnlyList<string> AgendaItemIds)> CreateMeetingAsync(
        string title, DateTimeOffset scheduledStart, int timeboxMinutes, params (string Title, string PresenterOpd)[] agenda)
    {
        var http = await ClientAsync("sekretariat");
        var meeting = await ReadAsync(await http.PostAsJsonAsync("/api/meetings", new
        {
            commandId = Guid.NewGuid().ToString(),
            title,
            scheduledStart = scheduledStart.ToOffset(Wib).ToString("yyyy-MM-dd'T'HH:mm:sszzz"),
            location = "Ruang Rapat Bupati",
            chair = "Bupati",
            timeZone = "Asia/Jakarta",
        }));
        var id = meeting["id"]!.GetValue<string>();
        var itemIds = new List<string>();
        foreach (var (itemTitle, presenterOpd) in agenda)
        {
            var item = await ReadAsync(await http.PostAsJsonAsync($"/api/meetings/{id}/agenda-items", new
            {
                commandId = Guid.NewGuid().ToString(),
                title = itemTitle,
                presenterOpd,
                timeboxMinutes,
            }));
            itemIds.Add(item["id"]!.GetValue<string>());
        }
        return (id, itemIds);
    }

    /// <summary>A commitment owned by <paramref name="owner"/> in a live meeting (as that agency's head); returns its id.</summary>
    public async Task<string> AddActionPointAsync(string meetingId, string headUsername, string owner, string description, DateOnly due)
    {
        var http = await ClientAsync(headUsername);
        var ap = await ReadAsync(await http.PostAsJsonAsync($"/api/meetings/{meetingId}/action-points", new
        {
            commandId = Guid.NewGuid().ToString(), ownerOpd = owner, supportingOpds = Array.Empty<string>(), description,
            target = "Peta jalan disahkan", beneficiaries = "Warga Kecamatan Sukamaju", benefit = "Akses jalan lebih baik",
            dueDate = due.ToString("yyyy-MM-dd"),
        }));
        return ap["id"]!.GetValue<string>();
    }

    public async Task CloseAsync(string meetingId)
    {
        var http = await ClientAsync("bupati");
        await ReadAsync(await http.PostAsJsonAsync($"/api/meetings/{meetingId}/close", new { commandId = Guid.NewGuid().ToString() }));
    }

    /// <summary>The next rakor, carrying over the open and late commitments of <paramref name="previousMeetingId"/>.</summary>
    public async Task<string> CreateFollowUpMeetingAsync(string title, string previousMeetingId)
    {
        var http = await ClientAsync("sekretariat");
        var meeting = await ReadAsync(await http.PostAsJsonAsync("/api/meetings", new
        {
            commandId = Guid.NewGuid().ToString(), title,
            scheduledStart = DateTimeOffset.UtcNow.ToOffset(Wib).ToString("yyyy-MM-dd'T'HH:mm:sszzz"),
            location = "Ruang Rapat Bupati", chair = "Bupati", timeZone = "Asia/Jakarta", carryOverFrom = previousMeetingId,
        }));
        return meeting["id"]!.GetValue<string>();
    }

    public async Task StartAsync(string meetingId)
    {
        var http = await ClientAsync("bupati");
        await ReadAsync(await http.PostAsJsonAsync($"/api/meetings/{meetingId}/start", new { commandId = Guid.NewGuid().ToString() }));
    }

    public async Task<JsonObject> SnapshotAsync(string meetingId)
    {
        var http = await ClientAsync("sekretariat");
        return await ReadAsync(await http.GetAsync($"/api/meetings/{meetingId}"));
    }

    public async Task CheckInAsync(string meetingId, string opd, string name)
    {
        var http = await ClientAsync("sekretariat");
        await ReadAsync(await http.PostAsJsonAsync($"/api/meetings/{meetingId}/attendance", new { commandId = Guid.NewGuid().ToString(), opd, name, position = "Kepala Dinas" }));
    }

    public async Task<string> JoinCodeAsync(string meetingId, string role, string? opd = null)
    {
        var http = await ClientAsync("sekretariat");
        return (await ReadAsync(await http.PostAsJsonAsync($"/api/meetings/{meetingId}/join-codes", new { commandId = Guid.NewGuid().ToString(), role, opd })))["code"]!.GetValue<string>();
    }

    public async Task OutcomeAsync(string agendaItemId, string kind, string text)
    {
        var http = await ClientAsync("sekretariat");
        await ReadAsync(await http.PostAsJsonAsync($"/api/agenda-items/{agendaItemId}/outcomes", new { commandId = Guid.NewGuid().ToString(), kind, text }));
    }

    public async Task ActionPointAsync(string meetingId, string agendaItemId, string owner, string description)
    {
        var http = await ClientAsync("sekretariat");
        await ReadAsync(await http.PostAsJsonAsync($"/api/meetings/{meetingId}/action-points", new
        {
            commandId = Guid.NewGuid().ToString(), agendaItemId, ownerOpd = owner, supportingOpds = Array.Empty<string>(), description,
            target = "Selesai dan dilaporkan", beneficiaries = "Warga kabupaten", benefit = "Layanan publik membaik",
            dueDate = TodayWib.AddDays(14).ToString("yyyy-MM-dd"),
        }));
    }

    public async Task CommandAsync(string username, string path)
    {
        var http = await ClientAsync(username);
        await ReadAsync(await http.PostAsJsonAsync(path, new { commandId = Guid.NewGuid().ToString() }));
    }

    public async Task<byte[]> DownloadAsync(string path)
    {
        var http = await ClientAsync("sekretariat");
        using var response = await http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync();
    }

    public async Task<JsonObject> VocabularyAsync(string lang)
    {
        using var http = server.CreateHttpClient();
        return await ReadAsync(await http.GetAsync($"/api/vocabulary?lang={lang}"));
    }

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
                throw new HttpRequestException($"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {text}");
            return JsonNode.Parse(text)!.AsObject();
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            if (client.IsValueCreated && client.Value.IsCompletedSuccessfully) client.Value.Result.Dispose();
        }
    }
}
