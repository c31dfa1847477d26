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
    public async Task<(string Id, IReadOnlyList<string> AgendaItemIds)> CreateMeetingAsync(
        string title, DateTimeOffset scheduledStart, params (string Title, string PresenterOpd)[] agenda)
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
                timeboxMinutes = 15,
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
