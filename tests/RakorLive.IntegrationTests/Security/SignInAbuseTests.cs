using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using RakorLive.IntegrationTests.Infrastructure;
using RakorLive.IntegrationTests.Notifications;
using Xunit.Abstractions;

namespace RakorLive.IntegrationTests.Security;

/// <summary>
/// Sign-in abuse and the end of tokens, against a real server: throttling per address (each test poses as its own
/// client address through X-Forwarded-For, which the server trusts from loopback when RakorLive:ForwardedHeaders is
/// on), the per-username lockout with its backoff (short durations by configuration, so the test waits seconds),
/// revoked accounts, passwords and join codes, the response headers, CORS, and secrets kept out of the log.
/// </summary>
public abstract partial class SignInAbuseTests(SignInAbuseTests.Fixture f, ITestOutputHelper output)
{
    public const int SignInLimit = 45;
    /// <summary>The test server's RakorLive:Lockout:MaxFailures (the default is 5): fewer slow password checks per round.</summary>
    public const int MaxFailures = 3;
    public const int WriteBurst = 40;
    public const string AllowedOrigin = "https://rapat.pemda.example";
    private const string CorrectPassword = "kata-sandi-benar-2026";

    private static int _address;

    /// <summary>A client address of its own (TEST-NET-3), so one test's throttling never touches another's.</summary>
    private static Client NewClient(Fixture f) =>
        new(f.Server, $"203.0.113.{Interlocked.Increment(ref _address) % 250 + 1}");

    private static string NewName(string prefix) => $"{prefix}.{Guid.NewGuid().ToString("N")[..10]}";

    [Fact]
    public async Task Sign_in_join_and_writes_are_throttled_per_address_with_429_problem_json_and_Retry_After()
    {
        using var client = NewClient(f);
        var signIns = new List<Answer>();
        // Names longer than any username: refused without a password hash or a lockout, so only the address's window counts.
        for (var i = 0; i < SignInLimit + 5; i++) signIns.Add(await client.SignInAsync(new string('x', 65), "salah-salah"));
        var joins = new List<Answer>();
        for (var i = 0; i < SignInLimit + 5; i++) joins.Add(await client.PostAsync("/api/auth/join", null, new { code = "ZZZZZZZZ" }));
        var writes = new List<Answer>();
        for (var i = 0; i < WriteBurst + 20; i++) writes.Add(await client.PostAsync("/api/meetings", null, new { title = "x" }));
        using var other = NewClient(f);
        var otherAddress = await other.SignInAsync(NewName("nobody"), "salah-salah");

        output.WriteLine($"sign-in: {signIns.Count(a => a.Status == 401)} × 401, {signIns.Count(a => a.Status == 429)} × 429 of {signIns.Count}; " +
            $"join: {joins.Count(a => a.Status == 401)} × 401, {joins.Count(a => a.Status == 429)} × 429 of {joins.Count}; " +
            $"writes: {writes.Count(a => a.Status == 401)} × 401, {writes.Count(a => a.Status == 429)} × 429 of {writes.Count}");
        Assert.All(signIns.Take(SignInLimit), a => Assert.Null(a.ProblemMismatch(401)));
        Assert.All(signIns.Skip(SignInLimit), AssertThrottled);
        Assert.All(joins.Skip(f.JoinLimit), AssertThrottled);
        Assert.True(joins.Take(f.JoinLimit).All(a => a.Status == 401), string.Join("\n", joins.Take(f.JoinLimit).Select(a => a.Describe())));
        // The bucket refills while the requests run: at least its burst passes, and the flood beyond it is refused.
        Assert.True(writes.Count(a => a.Status == 401) >= WriteBurst, $"{writes.Count(a => a.Status == 401)} of the writes passed the limiter");
        Assert.Contains(writes, a => a.Status == 429);
        Assert.All(writes.Where(a => a.Status == 429), AssertThrottled);
        Assert.Null(otherAddress.ProblemMismatch(401));
    }

    [Fact]
    public async Task Lockout_answers_a_known_and_an_unknown_user_alike_and_backs_off_while_the_right_password_waits()
    {
        using var client = NewClient(f);
        var known = await f.CreateUserAsync(client, NewName("kunci"), CorrectPassword);
        var unknown = NewName("hantu");
        var knownTimes = new List<double>();
        var unknownTimes = new List<double>();

        // Round 1: MaxFailures wrong passwords answer 401, the next 429; the right one is refused too while the lock holds.
        // Known and unknown attempts alternate, so both meet the same load on the machine when they are timed.
        var (knownRound, unknownRound) = (new List<Answer>(), new List<Answer>());
        for (var i = 0; i <= MaxFailures; i++)
        {
            knownRound.Add(await TimedWrongSignIn(client, known, i, knownTimes));
            unknownRound.Add(await TimedWrongSignIn(client, unknown, i, unknownTimes));
        }
        var duringLock = await client.SignInAsync(known, CorrectPassword);
        Assert.Equal(Statuses(knownRound), Statuses(unknownRound));
        Assert.Equal([.. Enumerable.Repeat(401, MaxFailures), 429], Statuses(knownRound));
        Assert.Equal(Problem(knownRound[0]), Problem(unknownRound[0]));
        // The two locks began one attempt apart, so their seconds left may differ by one; the words may not.
        Assert.Equal(WithoutSeconds(Problem(knownRound[^1])), WithoutSeconds(Problem(unknownRound[^1])));
        Assert.InRange(RetryAfter(knownRound[^1]) - RetryAfter(unknownRound[^1]), -1, 1);
        AssertThrottled(duringLock);
        // Locks of 3 s, doubling to a 6 s cap: long enough that a slow machine still meets the lock between two attempts.
        Assert.InRange(RetryAfter(knownRound[^1]), 1, 3);

        // Round 2 after the lock: the next lock doubles (6 s); round 3: capped at RakorLive:Lockout:MaxDuration (6 s, not 12).
        // The unknown name goes through the same rounds, alternating, so the timing below rests on every wrong answer of both.
        await Task.Delay(TimeSpan.FromSeconds(RetryAfter(knownRound[^1])) + TimeSpan.FromMilliseconds(100));
        var (second, secondUnknown) = await FailUntilLocked(client, known, unknown, knownTimes, unknownTimes);
        Assert.InRange(RetryAfter(second[^1]), 4, 6);
        Assert.Equal(Statuses(second), Statuses(secondUnknown));
        await Task.Delay(TimeSpan.FromSeconds(Math.Max(RetryAfter(second[^1]), RetryAfter(secondUnknown[^1]))) + TimeSpan.FromMilliseconds(100));
        var (third, thirdUnknown) = await FailUntilLocked(client, known, unknown, knownTimes, unknownTimes);
        Assert.InRange(RetryAfter(third[^1]), 4, 6);
        Assert.Equal(Statuses(third), Statuses(thirdUnknown));
        AssertThrottled(await client.SignInAsync(known, CorrectPassword));

        // Once the lock ends the right password signs in (and clears the count).
        await Task.Delay(TimeSpan.FromSeconds(RetryAfter(third[^1])) + TimeSpan.FromMilliseconds(100));
        Assert.Equal(200, (await client.SignInAsync(known, CorrectPassword)).Status);

        // Time: the median wrong-password answer of the real account against that of the name that does not exist.
        var (knownMedian, unknownMedian) = (Median(knownTimes), Median(unknownTimes));
        output.WriteLine($"median wrong-password answer: known {knownMedian:F1} ms, unknown {unknownMedian:F1} ms ({knownTimes.Count} and {unknownTimes.Count} attempts)");
        Assert.True(Math.Abs(knownMedian - unknownMedian) <= Math.Max(25, 0.5 * Math.Max(knownMedian, unknownMedian)),
            $"known {knownMedian:F1} ms vs unknown {unknownMedian:F1} ms");
    }

    [Fact]
    public async Task Forty_wrong_passwords_for_admin_meet_the_lockout()
    {
        using var client = NewClient(f);
        var answers = new List<Answer>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 40; i++) answers.Add(await client.SignInAsync("admin", "tebak-" + i.ToString(CultureInfo.InvariantCulture)));
        clock.Stop();
        var (wrong, locked) = (answers.Count(a => a.Status == 401), answers.Count(a => a.Status == 429));
        output.WriteLine($"of 40 wrong passwords for admin in {clock.Elapsed.TotalSeconds:F1} s ({MaxFailures} failures lock 3 s, doubling, capped at 6 s): {wrong} answered 401, {locked} answered 429");
        Assert.Equal(40, wrong + locked);
        Assert.Equal([.. Enumerable.Repeat(401, MaxFailures), 429], Statuses(answers.Take(MaxFailures + 1).ToList()));
        // Each lock lets at most MaxFailures guesses through after it: far fewer than 40.
        var locks = Math.Ceiling(clock.Elapsed.TotalSeconds) + 1;
        Assert.True(wrong <= MaxFailures * locks, $"{wrong} wrong passwords were checked in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(locked >= 20, $"only {locked} of 40 were refused by the lockout");
        // Let the lock end, so the class's other tests can sign in as admin.
        await Task.Delay(TimeSpan.FromSeconds(RetryAfter(answers.Last(a => a.Status == 429))) + TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task A_user_token_lasts_twelve_hours()
    {
        using var client = NewClient(f);
        var name = await f.CreateUserAsync(client, NewName("durasi"), CorrectPassword);
        var answer = await client.SignInAsync(name, CorrectPassword);
        var expiresAt = answer.Json.GetProperty("expiresAt").GetDateTimeOffset();
        var claims = Claims(answer.Json.GetProperty("accessToken").GetString()!);
        Assert.Equal(12 * 3600, claims.GetProperty("exp").GetInt64() - claims.GetProperty("iat").GetInt64());
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromHours(12) - TimeSpan.FromMinutes(2), TimeSpan.FromHours(12));
    }

    [Fact]
    public async Task Disabling_a_user_ends_its_tokens_on_REST_and_on_an_open_hub_connection()
    {
        using var client = NewClient(f);
        var name = await f.CreateUserAsync(client, NewName("nonaktif"), CorrectPassword, "Secretariat");
        var token = await client.TokenAsync(name, CorrectPassword);
        var meeting = await f.Api.CreateMeetingAsync(token, "Rakor akun nonaktif");
        await using var hub = f.Api.Hub(token);
        await hub.StartAsync();
        await hub.InvokeAsync<JsonElement>("JoinMeeting", meeting, 0L);

        var commandId = "disable-" + Guid.NewGuid().ToString("N");
        var disabled = await client.PatchAsync($"/api/users/{name}", f.AdminToken, new { commandId, disabled = true });
        Assert.Equal(200, disabled.Status);
        Assert.True(disabled.Json.GetProperty("disabled").GetBoolean());
        var replay = await client.PatchAsync($"/api/users/{name}", f.AdminToken, new { commandId, disabled = true });
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replay").Single());

        Assert.Null((await client.GetAsync("/api/meetings", token)).ProblemMismatch(401));
        await AssertHubRefused(hub, meeting);
        var signIn = await client.SignInAsync(name, CorrectPassword);
        Assert.Null(signIn.ProblemMismatch(403));

        // Enabled again, the account signs in anew; the token from before stays ended.
        Assert.Equal(200, (await client.PatchAsync($"/api/users/{name}", f.AdminToken, new { commandId = "enable-" + Guid.NewGuid().ToString("N"), disabled = false })).Status);
        var fresh = await client.TokenAsync(name, CorrectPassword);
        Assert.Equal(200, (await client.GetAsync("/api/meetings", fresh)).Status);
        Assert.Null((await client.GetAsync("/api/meetings", token)).ProblemMismatch(401));
        // Only an admin edits accounts.
        Assert.Null((await client.PatchAsync($"/api/users/{name}", fresh, new { commandId = "self-" + Guid.NewGuid().ToString("N"), role = "Admin" })).ProblemMismatch(403));
    }

    [Fact]
    public async Task A_changed_password_ends_the_old_tokens_and_needs_the_current_one()
    {
        using var client = NewClient(f);
        var name = await f.CreateUserAsync(client, NewName("sandi"), CorrectPassword);
        var token = await client.TokenAsync(name, CorrectPassword);
        await using var hub = f.Api.Hub(token);
        await hub.StartAsync();

        const string newPassword = "kata-sandi-baru-2027";
        var wrongCurrent = await client.PutAsync($"/api/users/{name}/password", token, new { commandId = "pw-" + Guid.NewGuid().ToString("N"), newPassword, currentPassword = "bukan-ini-sandinya" });
        Assert.Null(wrongCurrent.ProblemMismatch(403));
        Assert.Equal(200, (await client.GetAsync("/api/meetings", token)).Status);

        var commandId = "pw-" + Guid.NewGuid().ToString("N");
        var changed = await client.PutAsync($"/api/users/{name}/password", token, new { commandId, newPassword, currentPassword = CorrectPassword });
        Assert.Equal(200, changed.Status);
        Assert.DoesNotContain("password", changed.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Null((await client.GetAsync("/api/meetings", token)).ProblemMismatch(401));
        await AssertHubRefused(hub, f.MeetingId);
        Assert.Null((await client.SignInAsync(name, CorrectPassword)).ProblemMismatch(401));
        var fresh = await client.TokenAsync(name, newPassword);

        // The same commandId again changes nothing (the fresh token stays valid); an admin sets a password without the current one.
        var replay = await client.PutAsync($"/api/users/{name}/password", fresh, new { commandId, newPassword, currentPassword = CorrectPassword });
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replay").Single());
        Assert.Equal(200, (await client.GetAsync("/api/meetings", fresh)).Status);
        Assert.Equal(200, (await client.PutAsync($"/api/users/{name}/password", f.AdminToken, new { commandId = "pw-" + Guid.NewGuid().ToString("N"), newPassword = CorrectPassword })).Status);
        Assert.Null((await client.GetAsync("/api/meetings", fresh)).ProblemMismatch(401));
        Assert.Equal(200, (await client.SignInAsync(name, CorrectPassword)).Status);
        // Someone else's password is not theirs to change.
        var other = await client.TokenAsync(await f.CreateUserAsync(client, NewName("lain"), CorrectPassword), CorrectPassword);
        Assert.Null((await client.PutAsync($"/api/users/{name}/password", other, new { commandId = "pw-" + Guid.NewGuid().ToString("N"), newPassword, currentPassword = CorrectPassword })).ProblemMismatch(403));
    }

    [Fact]
    public async Task A_revoked_join_code_signs_in_no_more_and_its_tokens_end()
    {
        using var client = NewClient(f);
        var code = await f.Api.IssueJoinCodeAsync(f.SecretariatToken, f.MeetingId, "Viewer");
        var joined = await client.PostAsync("/api/auth/join", null, new { code });
        Assert.Equal(200, joined.Status);
        var token = joined.Json.GetProperty("accessToken").GetString()!;
        Assert.Equal(200, (await client.GetAsync($"/api/meetings/{f.MeetingId}", token)).Status);
        await using var hub = f.Api.Hub(token);
        await hub.StartAsync();

        // Only the secretariat revokes; the chair may not.
        Assert.Null((await client.DeleteAsync($"/api/meetings/{f.MeetingId}/join-codes/{code}?commandId=rv-{Guid.NewGuid():N}", f.ChairToken)).ProblemMismatch(403));
        var commandId = "rv-" + Guid.NewGuid().ToString("N");
        var revoked = await client.DeleteAsync($"/api/meetings/{f.MeetingId}/join-codes/{code}?commandId={commandId}", f.SecretariatToken);
        Assert.Equal(200, revoked.Status);
        Assert.Equal(JsonValueKind.String, revoked.Json.GetProperty("revokedAt").ValueKind);
        var replay = await client.DeleteAsync($"/api/meetings/{f.MeetingId}/join-codes/{code}?commandId={commandId}", f.SecretariatToken);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replay").Single());
        Assert.Null((await client.DeleteAsync($"/api/meetings/{f.MeetingId}/join-codes/ZZZZZZZZ?commandId=rv-{Guid.NewGuid():N}", f.SecretariatToken)).ProblemMismatch(404));

        Assert.Null((await client.GetAsync($"/api/meetings/{f.MeetingId}", token)).ProblemMismatch(401));
        await AssertHubRefused(hub, f.MeetingId);
        Assert.Null((await client.PostAsync("/api/auth/join", null, new { code })).ProblemMismatch(401));
        await using var again = f.Api.Hub(token);
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => again.StartAsync());
        Assert.Contains("401", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_and_API_answers_carry_the_security_headers()
    {
        using var client = NewClient(f);
        foreach (var (path, token) in new[] { ("/", null), ("/meetings/x/screen", null), ("/api/vocabulary", null), ("/api/meetings", f.AdminToken), ("/api/meetings", null), ("/nowhere", null) })
        {
            var answer = await client.GetAsync(path, token);
            var context = $"{path} ({answer.Status})";
            Assert.True(answer.Headers.TryGetValues("Content-Security-Policy", out var csp), context);
            var policy = csp!.Single();
            Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
            Assert.Equal("nosniff", Single(answer, "X-Content-Type-Options"));
            Assert.Equal("no-referrer", Single(answer, "Referrer-Policy"));
            Assert.Equal("DENY", Single(answer, "X-Frame-Options"));
            Assert.Contains("camera=()", Single(answer, "Permissions-Policy"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Cors_answers_the_configured_origin_only()
    {
        using var client = NewClient(f);
        var allowed = await client.PreflightAsync("/api/meetings", AllowedOrigin);
        Assert.Equal(AllowedOrigin, Single(allowed, "Access-Control-Allow-Origin"));
        var simple = await client.SendAsync(HttpMethod.Get, "/api/vocabulary", null, origin: AllowedOrigin);
        Assert.Equal(AllowedOrigin, Single(simple, "Access-Control-Allow-Origin"));
        foreach (var origin in new[] { "https://evil.example", "https://rapat.pemda.example.evil.example", "null" })
        {
            Assert.False((await client.PreflightAsync("/api/meetings", origin)).Headers.Contains("Access-Control-Allow-Origin"), origin);
            Assert.False((await client.SendAsync(HttpMethod.Get, "/api/vocabulary", null, origin: origin)).Headers.Contains("Access-Control-Allow-Origin"), origin);
        }
    }

    [Fact]
    public async Task Passwords_tokens_join_codes_and_webhook_secrets_never_reach_the_log()
    {
        using var client = NewClient(f);
        // Not the demo password: it is public (README) and the demo seed prints it on purpose.
        var secrets = new List<string> { ServerProcess.AdminPassword, WebhookReceiver.Secret, f.AdminToken, f.SecretariatToken };
        const string wrong = "salah-sandi-rahasia-91";
        secrets.Add(wrong);
        Assert.Equal(401, (await client.SignInAsync("sekretariat", wrong)).Status);
        Assert.Equal(401, (await client.SignInAsync("tidak.ada", wrong + "-x")).Status);
        secrets.Add(wrong + "-x");
        var name = await f.CreateUserAsync(client, NewName("log"), CorrectPassword + "-log");
        secrets.Add(CorrectPassword + "-log");
        var token = await client.TokenAsync(name, CorrectPassword + "-log");
        secrets.Add(token);
        const string changed = "sandi-baru-log-77";
        Assert.Equal(200, (await client.PutAsync($"/api/users/{name}/password", token, new { commandId = "pw-" + Guid.NewGuid().ToString("N"), newPassword = changed, currentPassword = CorrectPassword + "-log" })).Status);
        secrets.Add(changed);
        Assert.Equal(401, (await client.GetAsync("/api/meetings", token)).Status);
        var code = await f.Api.IssueJoinCodeAsync(f.SecretariatToken, f.MeetingId, "Viewer");
        secrets.Add(code);
        var joinToken = (await client.PostAsync("/api/auth/join", null, new { code })).Json.GetProperty("accessToken").GetString()!;
        secrets.Add(joinToken);
        await using (var hub = f.Api.Hub(joinToken))
        {
            await hub.StartAsync();
            await hub.InvokeAsync<JsonElement>("JoinMeeting", f.MeetingId, 0L);
        }
        // A delivery signed with the webhook's secret: a commitment due today in a meeting of three days ago.
        var secretariat = f.SecretariatToken;
        var start = DateTimeOffset.UtcNow.AddDays(-3).ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        var meeting = Api.Expect(await client.PostAsync("/api/meetings", secretariat, new { commandId = "log-" + Guid.NewGuid().ToString("N"), title = "Rakor log", scheduledStart = start, location = "Aula", chair = "Bupati" }), 201, "meeting").Json.GetProperty("id").GetString()!;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta")).DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var ap = Api.Expect(await client.PostAsync($"/api/meetings/{meeting}/action-points", secretariat, new
        {
            commandId = "log-" + Guid.NewGuid().ToString("N"), ownerOpd = "PUPR", supportingOpds = Array.Empty<string>(), description = "Perbaikan jalan",
            target = "2 km", beneficiaries = "Warga", benefit = "Akses", dueDate = today,
        }), 201, "commitment").Json.GetProperty("id").GetString()!;
        await f.Receiver.Until(got => got.Any(r => r.Body.TryGetProperty("actionPointId", out var id) && id.GetString() == ap && r.SignatureValid), "a signed delivery");

        var log = f.Server.Output;
        output.WriteLine($"{log.Length} characters of log, {log.Split('\n').Length} lines, {secrets.Count} secrets looked for");
        Assert.True(log.Length > 0, "the server wrote no log at all");
        Assert.All(secrets, secret => Assert.False(log.Contains(secret, StringComparison.Ordinal), $"the log holds a secret ({secret[..Math.Min(6, secret.Length)]}…)"));
        // Not even a token's signature part, in case a token is logged cut short.
        Assert.All(secrets.Where(s => s.Count(c => c == '.') == 2), t => Assert.DoesNotContain(t.Split('.')[2], log, StringComparison.Ordinal));
    }

    // ---------- helpers ----------

    /// <summary>Wrong passwords for two names in turn until both are locked.</summary>
    private static async Task<(List<Answer> First, List<Answer> Second)> FailUntilLocked(Client client, string first, string second,
        List<double> firstTimes, List<double> secondTimes)
    {
        var (a, b) = (new List<Answer>(), new List<Answer>());
        for (var i = 0; i <= MaxFailures; i++)
        {
            a.Add(await TimedWrongSignIn(client, first, i, firstTimes));
            b.Add(await TimedWrongSignIn(client, second, i, secondTimes));
        }
        return (a, b);
    }

    private static async Task<Answer> TimedWrongSignIn(Client client, string username, int attempt, List<double> wrongTimes)
    {
        var clock = Stopwatch.StartNew();
        var answer = await client.SignInAsync(username, "salah-" + attempt.ToString(CultureInfo.InvariantCulture));
        if (answer.Status == 401) wrongTimes.Add(clock.Elapsed.TotalMilliseconds);
        return answer;
    }

    private static async Task AssertHubRefused(HubConnection hub, string meetingId)
    {
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => hub.InvokeAsync<JsonElement>("JoinMeeting", meetingId, 0L));
        Assert.True(refused.Message.Contains("401", StringComparison.Ordinal) || hub.State != HubConnectionState.Connected, refused.ToString());
    }

    private static void AssertThrottled(Answer answer)
    {
        Assert.Null(answer.ProblemMismatch(429));
        Assert.InRange(RetryAfter(answer), 1, 3600);
    }

    private static int RetryAfter(Answer answer) =>
        answer.Headers.RetryAfter?.Delta is { } delta ? (int)delta.TotalSeconds : throw new InvalidOperationException("No Retry-After seconds in " + answer.Describe());

    /// <summary>The problem without its traceId, which differs on every request.</summary>
    private static string Problem(Answer answer) =>
        string.Join("|", answer.Json.EnumerateObject().Where(p => p.Name != "traceId").Select(p => $"{p.Name}={p.Value}"));

    private static string WithoutSeconds(string problem) => Seconds().Replace(problem, "N s");

    [GeneratedRegex(@"\d+ s\b")]
    private static partial Regex Seconds();

    private static int[] Statuses(List<Answer> answers) => [.. answers.Select(a => a.Status)];

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }

    private static string Single(Answer answer, string header) =>
        answer.Headers.TryGetValues(header, out var values) ? values.Single() : throw new InvalidOperationException($"No {header} on {answer.Describe()}");

    private static JsonElement Claims(string jwt)
    {
        var payload = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
        return JsonDocument.Parse(Convert.FromBase64String(payload)).RootElement;
    }

    /// <summary>HTTP from one client address (X-Forwarded-For, trusted from loopback by the server under test).</summary>
    public sealed class Client(ServerProcess server, string address) : IDisposable
    {
        private readonly HttpClient _http = server.CreateHttpClient();

        public async Task<Answer> SendAsync(HttpMethod method, string path, string? token, HttpContent? content = null, string? origin = null, bool preflight = false)
        {
            using var request = new HttpRequestMessage(method, path) { Content = content };
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", address);
            if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (origin is not null) request.Headers.TryAddWithoutValidation("Origin", origin);
            if (preflight)
            {
                request.Headers.TryAddWithoutValidation("Access-Control-Request-Method", "POST");
                request.Headers.TryAddWithoutValidation("Access-Control-Request-Headers", "authorization,content-type");
            }
            using var response = await _http.SendAsync(request);
            var raw = await response.Content.ReadAsByteArrayAsync();
            return new Answer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, Encoding.UTF8.GetString(raw), response.Headers, raw);
        }

        public Task<Answer> GetAsync(string path, string? token) => SendAsync(HttpMethod.Get, path, token);
        public Task<Answer> PostAsync(string path, string? token, object body) => SendAsync(HttpMethod.Post, path, token, JsonContent.Create(body));
        public Task<Answer> PatchAsync(string path, string? token, object body) => SendAsync(HttpMethod.Patch, path, token, JsonContent.Create(body));
        public Task<Answer> PutAsync(string path, string? token, object body) => SendAsync(HttpMethod.Put, path, token, JsonContent.Create(body));
        public Task<Answer> DeleteAsync(string path, string? token) => SendAsync(HttpMethod.Delete, path, token);
        public Task<Answer> PreflightAsync(string path, string origin) => SendAsync(HttpMethod.Options, path, null, origin: origin, preflight: true);

        public Task<Answer> SignInAsync(string username, string password) => PostAsync("/api/auth/token", null, new { username, password });

        public async Task<string> TokenAsync(string username, string password) =>
            Api.Expect(await SignInAsync(username, password), 200, "sign in " + username).Json.GetProperty("accessToken").GetString()!;

        public void Dispose() => _http.Dispose();
    }

    public abstract class Fixture(Engine engine) : IAsyncLifetime
    {
        public int JoinLimit => SignInLimit;
        public ServerProcess Server { get; private set; } = null!;
        public Api Api { get; private set; } = null!;
        public WebhookReceiver Receiver { get; } = new();
        public string AdminToken { get; private set; } = "";
        public string SecretariatToken { get; private set; } = "";
        public string ChairToken { get; private set; } = "";
        public string MeetingId { get; private set; } = "";

        public async Task InitializeAsync()
        {
            Server = await ServerProcess.StartAsync(engine,
                "--RakorLive:ForwardedHeaders:Enabled=true",
                $"--RakorLive:Lockout:MaxFailures={MaxFailures}",
                "--RakorLive:Lockout:Duration=00:00:03",
                "--RakorLive:Lockout:MaxDuration=00:00:06",
                $"--RakorLive:RateLimits:SignIn:PermitLimit={SignInLimit}",
                $"--RakorLive:RateLimits:Join:PermitLimit={SignInLimit}",
                $"--RakorLive:RateLimits:Writes:Burst={WriteBurst}",
                "--RakorLive:RateLimits:Writes:PerSecond=10",
                $"--RakorLive:Cors:Origins={AllowedOrigin}",
                $"--RakorLive:Webhooks:0:Url={Receiver.Url}",
                $"--RakorLive:Webhooks:0:Secret={WebhookReceiver.Secret}",
                "--RakorLive:Webhooks:0:Events=*",
                "--RakorLive:Notifications:PollInterval=00:00:00.200",
                // The shipped log levels (appsettings.json), not the suite's quieter Warning: what an operator's log holds.
                "--Logging:LogLevel:Default=Information");
            Api = new Api(Server);
            AdminToken = await Server.TokenAsync("admin");
            SecretariatToken = await Server.TokenAsync("sekretariat");
            ChairToken = await Server.TokenAsync("bupati");
            MeetingId = await Api.CreateMeetingAsync(SecretariatToken, "Rakor keamanan masuk");
        }

        /// <summary>An account of its own for a test (Viewer unless told), created by the admin.</summary>
        public async Task<string> CreateUserAsync(Client client, string username, string password, string role = "Viewer")
        {
            var created = await client.PostAsync("/api/users", AdminToken, new { username, password, displayName = "Pengguna Uji", role });
            return Api.Expect(created, 201, "create user " + username).Json.GetProperty("username").GetString()!;
        }

        public async Task DisposeAsync()
        {
            Api.Dispose();
            await Server.DisposeAsync();
            await Receiver.DisposeAsync();
        }
    }
}

public sealed class SignInAbuseTestsOnSqlite(SignInAbuseTestsOnSqlite.Server f, ITestOutputHelper output)
    : SignInAbuseTests(f, output), IClassFixture<SignInAbuseTestsOnSqlite.Server>
{
    public sealed class Server() : Fixture(Engine.Sqlite);
}

public sealed class SignInAbuseTestsOnPostgreSql(SignInAbuseTestsOnPostgreSql.Server f, ITestOutputHelper output)
    : SignInAbuseTests(f, output), IClassFixture<SignInAbuseTestsOnPostgreSql.Server>
{
    public sealed class Server() : Fixture(Engine.PostgreSQL);
}

/// <summary>A server started with no RakorLive:Cors key answers no origin.</summary>
public sealed class CorsClosedByDefaultTests : IAsyncLifetime
{
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task No_origin_is_allowed_without_configuration()
    {
        using var client = new SignInAbuseTests.Client(_server, "127.0.0.1");
        foreach (var origin in new[] { SignInAbuseTests.AllowedOrigin, "https://evil.example", "null" })
        {
            var preflight = await client.PreflightAsync("/api/meetings", origin);
            Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"), $"{origin}: {preflight.Describe()}");
            var get = await client.SendAsync(HttpMethod.Get, "/api/vocabulary", null, origin: origin);
            Assert.Equal(200, get.Status);
            Assert.False(get.Headers.Contains("Access-Control-Allow-Origin"), origin);
            Assert.Equal("nosniff", get.Headers.GetValues("X-Content-Type-Options").Single());
        }
    }
}
