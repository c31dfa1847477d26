using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using RakorLive.IntegrationTests.Security;
using Xunit.Abstractions;

namespace RakorLive.IntegrationTests;

/// <summary>
/// Random hostile requests, generated from a printed seed, to every route of the server's own OpenAPI document and to
/// the hub (see <see cref="Fuzzer"/> and <see cref="HubFuzzer"/>), on top of the hand-written cases of
/// <see cref="BadInputTests"/> and on the same fixture. No answer may be a 5xx; every 4xx is a problem; a round of
/// refused requests changes nothing the server shows; the server stays ready and its memory bounded.
/// The suite runs a short fuzz; <c>scripts/fuzz.sh</c> the long one (<see cref="RequestsVariable"/>).
/// </summary>
public abstract class FuzzTests(BadInputTests.Fixture f, ITestOutputHelper output)
{
    /// <summary>How many requests (HTTP requests plus hub messages) to send; the suite's default otherwise.</summary>
    public const string RequestsVariable = "RAKORLIVE_FUZZ_REQUESTS";
    /// <summary>The seed to replay; a new one (printed) otherwise.</summary>
    public const string SeedVariable = "RAKORLIVE_FUZZ_SEED";
    /// <summary>A file the one-line summary is appended to (scripts/fuzz.sh prints it).</summary>
    public const string SummaryVariable = "RAKORLIVE_FUZZ_SUMMARY";

    private const int RoundSize = 40;
    private const long MaxGrowthBytes = 300L * 1024 * 1024;

    protected abstract int SuiteRequests { get; }

    [Fact]
    public async Task Hostile_requests_to_every_route_and_the_hub_get_no_5xx_change_nothing_when_refused_and_leave_the_server_ready()
    {
        var total = int.TryParse(Environment.GetEnvironmentVariable(RequestsVariable), out var n) && n > 0 ? n : SuiteRequests;
        var seed = int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), out var s) ? s : Random.Shared.Next();
        var replay = $"replay with {SeedVariable}={seed} {RequestsVariable}={total}";
        output.WriteLine($"Fuzz seed {seed}, {total} requests ({replay})");

        var api = f.Api;
        var server = api.Server;
        var secretariat = f.Token(BadInputTests.Who.Secretariat)!;
        var openApi = Api.Expect(await api.GetAsync("/openapi/v1.json", null), 200, "read the OpenAPI document").Json;
        var ids = new Dictionary<string, string>
        {
            ["S"] = f.Scheduled, ["L"] = f.Live, ["C"] = f.Closed, ["AP"] = f.ActionPoint, ["LI"] = f.LiveItem, ["OC"] = f.Outcome,
            ["EV"] = await UploadEvidenceAsync(api, f.Token(BadInputTests.Who.PuprHead)!, f.ActionPoint),
        };
        var tokens = new Dictionary<FuzzCaller, string?>
        {
            [FuzzCaller.Anonymous] = null,
            [FuzzCaller.Admin] = f.Token(BadInputTests.Who.Admin),
            [FuzzCaller.Secretariat] = secretariat,
            [FuzzCaller.PuprHead] = f.Token(BadInputTests.Who.PuprHead),
            [FuzzCaller.Chair] = f.Token(BadInputTests.Who.Chair),
            [FuzzCaller.JoinTablet] = await api.JoinTokenAsync(secretariat, f.Live, "OpdHead", "PUPR"),
            // alg "none", claiming Admin: must be refused like any forged token.
            [FuzzCaller.Forged] = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJhZG1pbiIsInJvbGUiOiJBZG1pbiIsImV4cCI6NDEwMjQ0NDgwMH0.",
        };

        var fuzzer = new Fuzzer(openApi, seed);
        var hub = new HubFuzzer(fuzzer, server.BaseAddress);
        Assert.True(fuzzer.Routes.Count >= 40, $"The OpenAPI document lists only {fuzzer.Routes.Count} operations.");

        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
        { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var statuses = new ConcurrentDictionary<string, int>();
        var routes = new ConcurrentDictionary<string, int>();
        var accepted = new ConcurrentQueue<string>();
        var failures = new ConcurrentQueue<string>();
        var hubTimeouts = new ConcurrentQueue<string>();
        int sent = 0, httpCount = 0, hubCount = 0, roundsChecked = 0, roundsDirty = 0;

        var baseline = await StableObservationAsync();
        var rssBefore = server.ResidentBytes();
        var started = DateTime.UtcNow;

        while (sent < total && failures.Count < 20)
        {
            var html = fuzzer.Random.NextDouble() < 0.12;
            var size = Math.Min(RoundSize, total - sent);
            var hubMessages = !html && size > 10 && fuzzer.Random.NextDouble() < 0.35 ? fuzzer.Random.Next(5, 13) : 0;
            var batch = Enumerable.Range(0, size - hubMessages).Select(i => fuzzer.Next(sent + i, html)).ToList();
            var hubCaller = fuzzer.Pick([FuzzCaller.Secretariat, FuzzCaller.PuprHead, FuzzCaller.Chair, FuzzCaller.Admin, FuzzCaller.JoinTablet, FuzzCaller.Anonymous, FuzzCaller.Forged]);
            // The hub session's messages are drawn now, before the HTTP requests run, so a seed replays the same messages.
            var session = hubMessages > 0 ? hub.Plan(ids, hubMessages) : null;
            var dirty = html;

            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = 3 }, async (request, _) =>
            {
                var (status, contentType, body) = await SendAsync(http, request, tokens[request.Caller], ids);
                statuses.AddOrUpdate(status.ToString(CultureInfo.InvariantCulture), 1, (_, c) => c + 1);
                if (request.Route is not null) routes.AddOrUpdate(request.Route, 1, (_, c) => c + 1);
                if (status is >= 500 or 0 && !(status == 0 && request.Kind.StartsWith("oversized", StringComparison.Ordinal)))
                    failures.Enqueue($"{status} for {request.Describe(ids)}\n    answer: {Short(contentType)} {Short(body)}");
                else if (status == 400 && contentType is null && body.Length == 0 && Fuzzer.Resolve(request.Path, ids).Contains("%00", StringComparison.Ordinal))
                    statuses.AddOrUpdate("400:kestrel", 1, (_, c) => c + 1); // Kestrel refuses a NUL in the path itself, before any middleware (README, "Limits")
                else if (status is >= 400 and < 500 && contentType != Answer.ProblemJson)
                    failures.Enqueue($"{status} without application/problem+json ({contentType ?? "no content type"}) for {request.Describe(ids)}\n    answer: {Short(body)}");
                // The dashboard session only sets or clears a cookie: nothing stored changes.
                else if (status is >= 200 and < 300 && request.Method != "GET" && !request.Path.StartsWith("/api/auth/dashboard-session", StringComparison.Ordinal))
                {
                    dirty = true;
                    if (!request.MayChange) accepted.Enqueue($"{status} {request.Describe(ids)}");
                }
            });
            httpCount += batch.Count;

            if (session is not null)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                var outcomes = await hub.SessionAsync(session, tokens[hubCaller], timeout.Token);
                foreach (var outcome in outcomes)
                {
                    statuses.AddOrUpdate("hub:" + outcome.Result, 1, (_, c) => c + 1);
                    // The hub filter prefixes errors with the problem's status: a 5xx there is a bug, as on REST.
                    if (outcome.Result == "error" && outcome.Answer is { } error && HubFuzzer.IsServerError(error))
                        failures.Enqueue($"hub as {hubCaller}: {outcome.Sent}\n    answer: {error}");
                    // A call the hub never answers is reported, not failed: the server stays ready and answers every other connection
                    // (seen for unknown method names with arguments; left open, see the summary's hub:timeout).
                    if (outcome.Result == "timeout") hubTimeouts.Enqueue($"hub as {hubCaller}: {outcome.Sent} ({outcome.Answer})");
                }
                hubCount += outcomes.Count;
            }
            sent += size;

            var ready = await http.GetAsync("/health/ready");
            if (ready.StatusCode != System.Net.HttpStatusCode.OK)
                failures.Enqueue($"/health/ready answered {(int)ready.StatusCode} after request #{sent}");

            if (dirty)
            {
                roundsDirty++;
                baseline = await StableObservationAsync();
                continue;
            }
            var now = await f.ObserveAsync();
            var changed = baseline.Where(kv => now[kv.Key] != kv.Value).Select(kv => $"{kv.Key} changed, {Diff.FirstDifference(kv.Value, now[kv.Key])}").ToList();
            if (changed.Count > 0)
                failures.Enqueue($"A round of refused requests changed state:\n{string.Join("\n", changed)}\n  the round:\n    {string.Join("\n    ", batch.Select(r => r.Describe(ids)))}");
            roundsChecked++;
        }

        var readyAfter = (int)(await http.GetAsync("/health/ready")).StatusCode;
        var rssAfter = server.ResidentBytes();
        var fiveXx = statuses.Where(kv => int.TryParse(kv.Key, out var code) && code >= 500).Sum(kv => kv.Value);
        var summary = $"FUZZ engine={EngineName} seed={seed} requests={sent} http={httpCount} hub={hubCount} seconds={(DateTime.UtcNow - started).TotalSeconds:0} " +
            $"statuses={{{string.Join(",", statuses.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}:{kv.Value}"))}}} 5xx={fiveXx} " +
            $"rss_before={rssBefore / (1024 * 1024)}MiB rss_after={rssAfter / (1024 * 1024)}MiB routes={routes.Count}/{fuzzer.Routes.Count} " +
            $"rounds_checked_unchanged={roundsChecked} rounds_with_writes={roundsDirty} hostile_accepted={accepted.Count} ready_after={readyAfter} failures={failures.Count}";
        output.WriteLine(summary);
        foreach (var line in accepted.Take(15)) output.WriteLine("  accepted: " + line);
        foreach (var line in hubTimeouts) output.WriteLine("  hub call never answered: " + (line.Length > 600 ? line[..600] + "…" : line));
        if (Environment.GetEnvironmentVariable(SummaryVariable) is { Length: > 0 } file) await File.AppendAllTextAsync(file, summary + "\n");

        Assert.True(failures.IsEmpty, $"{replay}\n{string.Join("\n", failures)}");
        Assert.Equal(200, readyAfter);
        Assert.True(rssAfter - rssBefore < MaxGrowthBytes, $"The server grew from {rssBefore / (1024 * 1024)} MiB to {rssAfter / (1024 * 1024)} MiB ({replay}).");
        var missed = fuzzer.Routes.Select(r => $"{r.Method} {r.Template}").Where(r => !routes.ContainsKey(r)).ToList();
        Assert.True(missed.Count == 0 || total < fuzzer.Routes.Count, $"Routes never fuzzed: {string.Join(", ", missed)}");
        Assert.True(roundsChecked > 0 || total < RoundSize, "No round was all refused: the check that refused requests change nothing never ran.");
    }

    protected abstract string EngineName { get; }

    [Fact]
    public async Task A_hub_message_over_Limits_HubMessageBytes_closes_its_connection_and_no_other()
    {
        var token = f.Token(BadInputTests.Who.Secretariat);
        await using var big = f.Api.Hub(token);
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        big.Closed += e => { closed.TrySetResult(e); return Task.CompletedTask; };
        await big.StartAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => big.InvokeAsync<JsonElement>(Wire.HubNames.JoinMeeting, new string('x', Rules.Limits.HubMessageBytes), 0L));
        // The server closes it with an error (the client is told "Connection closed with an error").
        Assert.NotNull(await closed.Task.WaitAsync(TimeSpan.FromSeconds(10)));

        await using var other = f.Api.Hub(token);
        await other.StartAsync();
        var catchUp = await other.InvokeAsync<JsonElement>(Wire.HubNames.JoinMeeting, f.Live, 0L);
        Assert.Equal(JsonValueKind.Object, catchUp.ValueKind);
    }

    /// <summary>What the fixture's meetings show, once the outbox has caught up with the last accepted write (two equal readings).</summary>
    private async Task<Dictionary<string, string>> StableObservationAsync()
    {
        var previous = await f.ObserveAsync();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            var now = await f.ObserveAsync();
            if (now.All(kv => previous[kv.Key] == kv.Value)) return now;
            previous = now;
        }
        return previous;
    }

    private static async Task<(int Status, string? ContentType, string Body)> SendAsync(HttpClient http, FuzzRequest fuzz, string? token, IReadOnlyDictionary<string, string> ids)
    {
        var answer = await SendOnceAsync(http, fuzz, token, ids);
        // A pooled connection the server closed after an earlier refusal (413 closes it) fails to send: once more on a new one.
        return answer.Status == 0 && !fuzz.Kind.StartsWith("oversized", StringComparison.Ordinal) ? await SendOnceAsync(http, fuzz, token, ids) : answer;
    }

    private static async Task<(int Status, string? ContentType, string Body)> SendOnceAsync(HttpClient http, FuzzRequest fuzz, string? token, IReadOnlyDictionary<string, string> ids)
    {
        using var request = new HttpRequestMessage(new HttpMethod(fuzz.Method), Fuzzer.Resolve(fuzz.Path, ids));
        if (token is not null) request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        if (fuzz.Body is not null)
        {
            // Only bodies that name an id are re-encoded: the others go out byte for byte (invalid UTF-8 included).
            var body = fuzz.Body.AsSpan().IndexOf("{{"u8) >= 0
                ? System.Text.Encoding.UTF8.GetBytes(Fuzzer.Resolve(System.Text.Encoding.UTF8.GetString(fuzz.Body), ids))
                : fuzz.Body;
            request.Content = new ByteArrayContent(body);
            if (fuzz.ContentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", fuzz.ContentType);
            if (fuzz.Chunked) request.Headers.TransferEncodingChunked = true;
        }
        foreach (var (name, value) in fuzz.Headers ?? [])
            if (!request.Headers.TryAddWithoutValidation(name, value)) request.Content?.Headers.TryAddWithoutValidation(name, value);
        try
        {
            using var response = await http.SendAsync(request);
            var answer = await response.Content.ReadAsStringAsync();
            return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, answer);
        }
        catch (HttpRequestException e)
        {
            // The server may answer 413 and close before an oversized body is sent; the client then sees a reset.
            return (0, null, "connection closed: " + e.Message);
        }
        catch (TaskCanceledException)
        {
            return (0, null, "no answer within 30 s");
        }
    }

    private static string Short(string? text) => text is null ? "" : text.Length > 500 ? text[..500] + "…" : text;

    private static async Task<string> UploadEvidenceAsync(Api api, string token, string actionPointId)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent("Laporan pengukuran ruas jalan"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(file, "file", "laporan.txt");
        var answer = Api.Expect(await api.SendAsync(HttpMethod.Post, $"/api/action-points/{actionPointId}/evidence", token, form), 201, "upload evidence");
        return answer.Json.GetProperty("evidenceId").GetString()!;
    }
}
