using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using RakorLive.IntegrationTests.Infrastructure;

namespace RakorLive.IntegrationTests.Operations;

/// <summary>
/// The operator's view of a real server: Prometheus metrics at /metrics move with what the users do, and the
/// Orleans dashboard at /dashboard is for administrators only (bearer header, or the cookie a browser uses).
/// </summary>
public sealed partial class MetricsTests(MetricsTests.Server fixture) : IClassFixture<MetricsTests.Server>
{
    /// <summary>One server for the class: nothing else runs commands on it, so the deltas below are exact.</summary>
    public sealed class Server : IAsyncLifetime
    {
        public ServerProcess Process { get; private set; } = null!;
        public async Task InitializeAsync() => Process = await ServerProcess.StartAsync();
        public async Task DisposeAsync() => await Process.DisposeAsync();
    }

    private ServerProcess S => fixture.Process;

    [Fact]
    public async Task Metrics_follow_commands_connections_fan_out_and_storage_writes()
    {
        using var http = await ClientAsync("sekretariat");
        var before = await ScrapeAsync();
        Assert.Equal(0, before.Sum("rakorlive_signalr_connections"));

        var meetingId = await CreateMeetingAsync(http);
        await AddAgendaItemAsync(http, meetingId, "PUPR", HttpStatusCode.Created);
        await AddAgendaItemAsync(http, meetingId, "DINKES", HttpStatusCode.Created);
        await AddAgendaItemAsync(http, meetingId, "BUKAN-OPD", HttpStatusCode.BadRequest);
        var startCommand = Guid.NewGuid().ToString("N");
        await PostAsync(http, $"/api/meetings/{meetingId}/start", new { commandId = startCommand }, HttpStatusCode.OK);
        var replay = await PostAsync(http, $"/api/meetings/{meetingId}/start", new { commandId = startCommand }, HttpStatusCode.OK);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replay").Single());

        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(S.BaseAddress, "/hubs/meeting"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(http.DefaultRequestHeaders.Authorization!.Parameter))
            .Build();
        var pushed = Channel.CreateUnbounded<JsonElement>();
        hub.On<JsonElement>("MeetingEvent", evt => pushed.Writer.TryWrite(evt));
        await hub.StartAsync();
        var joined = await hub.InvokeAsync<JsonElement>("JoinMeeting", meetingId, 0L);
        var seq = joined.GetProperty("seq").GetInt64();

        // A hub call is dispatched only after OnConnectedAsync, so the connection is counted by now.
        var connected = await WaitForAsync(m => m.Sum("rakorlive_signalr_connections") == 1);
        Assert.Equal(1, connected.Sum("rakorlive_signalr_connections"));
        Assert.Equal(before.Sum("rakorlive_meetings_live") + 1, connected.Sum("rakorlive_meetings_live"));

        // Advance completes item 1 and activates item 2: two events pushed to this connection.
        await PostAsync(http, $"/api/meetings/{meetingId}/advance", new { commandId = Guid.NewGuid().ToString("N") }, HttpStatusCode.OK);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        for (var expected = seq + 1; expected <= seq + 2; expected++)
            Assert.Equal(expected, (await pushed.Reader.ReadAsync(timeout.Token)).GetProperty("seq").GetInt64());

        var afterFanOut = await WaitForAsync(m => m.Sum("rakorlive_fanout_duration_seconds_count") >= before.Sum("rakorlive_fanout_duration_seconds_count") + 2);
        Assert.Equal(before.Sum("rakorlive_fanout_duration_seconds_count") + 2, afterFanOut.Sum("rakorlive_fanout_duration_seconds_count"));
        var fanOutSeconds = afterFanOut.Sum("rakorlive_fanout_duration_seconds_sum") - before.Sum("rakorlive_fanout_duration_seconds_sum");
        Assert.InRange(fanOutSeconds, 0, 20);

        await hub.StopAsync();
        await PostAsync(http, $"/api/meetings/{meetingId}/close", new { commandId = Guid.NewGuid().ToString("N") }, HttpStatusCode.OK);

        var after = await WaitForAsync(m => m.Sum("rakorlive_signalr_connections") == 0
            && m.Sum("rakorlive_commands_total", ("kind", "Meeting.Close")) >= before.Sum("rakorlive_commands_total", ("kind", "Meeting.Close")) + 1);
        Assert.Equal(0, after.Sum("rakorlive_signalr_connections"));
        Assert.Equal(before.Sum("rakorlive_meetings_live"), after.Sum("rakorlive_meetings_live"));

        double Delta(string kind, string outcome) =>
            after.Sum("rakorlive_commands_total", ("kind", kind), ("outcome", outcome)) - before.Sum("rakorlive_commands_total", ("kind", kind), ("outcome", outcome));
        Assert.Equal(1, Delta("Meeting.Create", "ok"));
        Assert.Equal(2, Delta("Meeting.AddAgendaItem", "ok"));
        Assert.Equal(1, Delta("Meeting.AddAgendaItem", "rejected"));
        Assert.Equal(1, Delta("Meeting.Start", "ok"));
        Assert.Equal(1, Delta("Meeting.Start", "replay"));
        Assert.Equal(1, Delta("Meeting.Advance", "ok"));
        Assert.Equal(1, Delta("Meeting.Close", "ok"));

        // One write per accepted command (create, 2 items, start, advance, close); replays and rejections write nothing.
        var writes = after.Sum("rakorlive_storage_write_duration_seconds_count", ("outcome", "ok")) - before.Sum("rakorlive_storage_write_duration_seconds_count", ("outcome", "ok"));
        Assert.Equal(6, writes);
        var writeSeconds = after.Sum("rakorlive_storage_write_duration_seconds_sum", ("outcome", "ok")) - before.Sum("rakorlive_storage_write_duration_seconds_sum", ("outcome", "ok"));
        Assert.InRange(writeSeconds, 0.000001, 20);

        // ASP.NET Core's, Orleans' and the runtime's own instruments come out of the same endpoint; the bench's warm-up
        // reads the runtime's JIT time here.
        Assert.True(after.Sum("http_server_request_duration_seconds_count") > 0);
        Assert.True(after.Sum("orleans_grains", ("grain_type", "meeting")) >= 1);
        Assert.True(after.Sum("dotnet_jit_compilation_time_seconds_total") > 0);
        Assert.True(after.Sum("dotnet_gc_collections_total") > 0);
    }

    [Fact]
    public async Task Dashboard_is_for_administrators_only()
    {
        using var anonymous = S.CreateHttpClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/dashboard")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/dashboard/")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/dashboard/ClusterStats")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/auth/dashboard-session", null)).StatusCode);

        using var secretariat = await ClientAsync("sekretariat");
        Assert.Equal(HttpStatusCode.Forbidden, (await secretariat.GetAsync("/dashboard/")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await secretariat.GetAsync("/dashboard/ClusterStats")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await secretariat.PostAsync("/api/auth/dashboard-session", null)).StatusCode);

        using var admin = await ClientAsync("admin");
        var page = await admin.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Orleans Dashboard", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/dashboard/ClusterStats")).StatusCode);

        // The browser path: the admin's token becomes a cookie for /dashboard only.
        var session = await admin.PostAsync("/api/auth/dashboard-session", null);
        Assert.Equal(HttpStatusCode.NoContent, session.StatusCode);
        var setCookie = session.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains("path=/dashboard", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        var cookie = setCookie.Split(';')[0];

        using var browser = S.CreateHttpClient();
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/"))
        {
            request.Headers.Add("Cookie", cookie);
            Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(request)).StatusCode);
        }
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/DashboardCounters"))
        {
            request.Headers.Add("Cookie", cookie);
            var counters = await browser.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
            Assert.Equal("application/json", counters.Content.Headers.ContentType?.MediaType);
        }
        // The cookie is no key to the API.
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/users"))
        {
            request.Headers.Add("Cookie", cookie);
            Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SendAsync(request)).StatusCode);
        }
        // A Secretariat token in the cookie is still refused.
        var secretariatToken = secretariat.DefaultRequestHeaders.Authorization!.Parameter;
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/"))
        {
            request.Headers.Add("Cookie", "rakorlive_dashboard=" + secretariatToken);
            Assert.Equal(HttpStatusCode.Forbidden, (await browser.SendAsync(request)).StatusCode);
        }
    }

    // ---------- helpers ----------

    private async Task<HttpClient> ClientAsync(string username)
    {
        var http = S.CreateHttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await S.TokenAsync(username));
        return http;
    }

    private static async Task<string> CreateMeetingAsync(HttpClient http)
    {
        var response = await PostAsync(http, "/api/meetings", new
        {
            commandId = Guid.NewGuid().ToString("N"),
            title = "Rakor metrik",
            scheduledStart = "2026-12-01T09:00:00+07:00",
            location = "Ruang Rapat Bupati",
            chair = "Bupati",
        }, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static Task<HttpResponseMessage> AddAgendaItemAsync(HttpClient http, string meetingId, string opd, HttpStatusCode expected) =>
        PostAsync(http, $"/api/meetings/{meetingId}/agenda-items",
            new { commandId = Guid.NewGuid().ToString("N"), title = "Paparan " + opd, presenterOpd = opd, timeboxMinutes = 10 }, expected);

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string path, object body, HttpStatusCode expected)
    {
        var response = await http.PostAsJsonAsync(path, body);
        if (response.StatusCode != expected)
            Assert.Fail($"POST {path}: expected {(int)expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    private async Task<Scrape> ScrapeAsync()
    {
        using var http = S.CreateHttpClient();
        var response = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Scrape.Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Scrapes until <paramref name="condition"/> holds or 15 s pass, and returns the last scrape for the asserts.
    /// Polling is the only way to watch another process's counters; the exporter also caches a scrape briefly.
    /// </summary>
    private async Task<Scrape> WaitForAsync(Func<Scrape, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var scrape = await ScrapeAsync();
            if (condition(scrape) || DateTime.UtcNow > deadline) return scrape;
            await Task.Delay(100);
        }
    }

    /// <summary>The Prometheus text format, enough of it for these tests: one sample per line.</summary>
    private sealed partial record Scrape(IReadOnlyList<(string Name, IReadOnlyDictionary<string, string> Labels, double Value)> Samples)
    {
        public double Sum(string name, params (string Key, string Value)[] labels) => Samples
            .Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value))
            .Sum(s => s.Value);

        public static Scrape Parse(string text)
        {
            var samples = new List<(string, IReadOnlyDictionary<string, string>, double)>();
            foreach (var line in text.Split('\n'))
            {
                if (line.Length == 0 || line[0] == '#') continue;
                var match = SampleLine().Match(line);
                Assert.True(match.Success, "Not a Prometheus sample: " + line);
                var labels = LabelPair().Matches(match.Groups["labels"].Value)
                    .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
                var value = match.Groups["value"].Value switch
                {
                    "+Inf" => double.PositiveInfinity,
                    "-Inf" => double.NegativeInfinity,
                    var number => double.Parse(number, CultureInfo.InvariantCulture),
                };
                samples.Add((match.Groups["name"].Value, labels, value));
            }
            return new Scrape(samples);
        }

        [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+-?\d+)?\s*$""")]
        private static partial Regex SampleLine();

        [GeneratedRegex("""([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?""")]
        private static partial Regex LabelPair();
    }
}
