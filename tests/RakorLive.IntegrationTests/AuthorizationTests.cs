using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using RakorLive.IntegrationTests.Infrastructure;
using RakorLive.IntegrationTests.Security;

namespace RakorLive.IntegrationTests;

/// <summary>
/// Who may do what, checked against a real server for every route and hub method of the contract
/// and every kind of caller. The <see cref="Matrix"/> below is the documentation of the rules.
/// </summary>
public abstract partial class AuthorizationTests(AuthorizationTests.Fixture f)
{
    /// <summary>The callers, in the column order of <see cref="Matrix"/>.</summary>
    public enum Who
    {
        Admin,
        Secretariat,
        Chair,
        /// <summary>kepala OPD bound to Dinas PUPR.</summary>
        PuprHead,
        /// <summary>kepala OPD bound to Dinas Kesehatan.</summary>
        DinkesHead,
        Viewer,
        /// <summary>A token from a Chair join code of ANOTHER meeting (meeting B); every meeting route targets meeting A.</summary>
        JoinOtherChair,
        /// <summary>A token from an OpdHead-PUPR join code of ANOTHER meeting (meeting B).</summary>
        JoinOtherPupr,
        Anonymous,
    }

    public enum Access
    {
        /// <summary>2xx (the route's success status).</summary>
        Allowed,
        /// <summary>403 application/problem+json, and nothing changes.</summary>
        Forbidden,
        /// <summary>401 application/problem+json (hub: negotiate refused with 401), and nothing changes.</summary>
        SignInFirst,
    }

    private const Access Y = Access.Allowed, N = Access.Forbidden, U = Access.SignInFirst;

    /// <summary>
    /// Who may do what (from PRODUCT.md's table). Meeting routes target meeting A; the join-code
    /// columns hold tokens for meeting B, so they may read reference data but nothing of meeting A.
    /// Y = allowed, N = 403 forbidden, U = 401 sign in first.
    /// </summary>
    public static readonly IReadOnlyList<Rule> Matrix =
    [
        //                                                             Admin Secr Chair PUPR DINKES Viewer Join(B) Join(B) anon
        //                                                                                                 Chair   PUPR
        new("POST /api/auth/token",                                     Y,    Y,   Y,    Y,   Y,     Y,     Y,      Y,      Y),
        new("POST /api/auth/join",                                      Y,    Y,   Y,    Y,   Y,     Y,     Y,      Y,      Y),
        new("GET /api/vocabulary",                                      Y,    Y,   Y,    Y,   Y,     Y,     Y,      Y,      Y),
        new("GET /api/opds",                                            Y,    Y,   Y,    Y,   Y,     Y,     Y,      Y,      U),
        new("POST /api/opds",                                           Y,    Y,   N,    N,   N,     N,     N,      N,      U),
        new("GET /api/users",                                           Y,    N,   N,    N,   N,     N,     N,      N,      U),
        new("POST /api/users",                                          Y,    N,   N,    N,   N,     N,     N,      N,      U),
        new("PATCH /api/users/{username}",                              Y,    N,   N,    N,   N,     N,     N,      N,      U),
        new("PUT /api/users/{username}/password of another user",       Y,    N,   N,    N,   N,     N,     N,      N,      U),
        new("GET /api/meetings",                                        Y,    Y,   Y,    Y,   Y,     Y,     Y,      Y,      U),
        new("POST /api/meetings",                                       N,    Y,   Y,    N,   N,     N,     N,      N,      U),
        new("GET /api/meetings/{A}",                                    Y,    Y,   Y,    Y,   Y,     Y,     N,      N,      U),
        new("GET /api/meetings/{A}/events",                             Y,    Y,   Y,    Y,   Y,     Y,     N,      N,      U),
        new("POST /api/meetings/{A}/agenda-items",                      N,    Y,   Y,    N,   N,     N,     N,      N,      U),
        new("POST /api/meetings/{A}/start",                             N,    Y,   Y,    N,   N,     N,     N,      N,      U),
        new("POST /api/meetings/{A}/advance",                           N,    Y,   Y,    N,   N,     N,     N,      N,      U),
        new("POST /api/meetings/{A}/close",                             N,    Y,   Y,    N,   N,     N,     N,      N,      U),
        new("POST /api/meetings/{A}/attendance for PUPR",               N,    Y,   N,    Y,   N,     N,     N,      N,      U),
        new("POST /api/meetings/{A}/action-points owned by PUPR",       N,    Y,   Y,    Y,   N,     N,     N,      N,      U),
        new("POST /api/meetings/{A}/join-codes",                        N,    Y,   N,    N,   N,     N,     N,      N,      U),
        new("DELETE /api/meetings/{A}/join-codes/{code}",               N,    Y,   N,    N,   N,     N,     N,      N,      U),
        new("GET /api/action-points/{id}",                              Y,    Y,   Y,    Y,   Y,     Y,     N,      N,      U),
        new("GET /api/agenda-items/{id}",                               Y,    Y,   Y,    Y,   Y,     Y,     N,      N,      U),
        new("PATCH /api/action-points/{id} owned by PUPR",              N,    Y,   N,    Y,   N,     N,     N,      N,      U),
        new("GET /api/opds/PUPR/action-points",                         Y,    Y,   Y,    Y,   Y,     Y,     N,      N,      U),
        // The room and the record.
        new("POST /api/meetings/{A}/agenda/reorder",                    N,    Y,   Y,    N,   N,     N,     N,      N,      U),
        new("POST /api/agenda-items/{id}/outcomes",                     N,    Y,   Y,    N,   N,     N,     N,      N,      U),
        new("GET /api/outcomes/{id}",                                   Y,    Y,   Y,    Y,   Y,     Y,     N,      N,      U),
        new("PATCH /api/outcomes/{id}",                                 N,    Y,   Y,    N,   N,     N,     N,      N,      U),
        new("POST /api/meetings/{A}/speakers for PUPR",                 N,    Y,   N,    Y,   N,     N,     N,      N,      U),
        new("DELETE /api/meetings/{A}/speakers/{id} of PUPR",           N,    Y,   N,    Y,   N,     N,     N,      N,      U),
        new("POST /api/meetings/{A}/speakers/next",                     N,    N,   Y,    N,   N,     N,     N,      N,      U),
        new("POST /api/meetings/{A}/notulen/submit",                    N,    Y,   N,    N,   N,     N,     N,      N,      U),
        new("POST /api/meetings/{A}/notulen/approve",                   N,    N,   Y,    N,   N,     N,     N,      N,      U),
        new("POST /api/meetings/{A}/notulen/return",                    N,    N,   Y,    N,   N,     N,     N,      N,      U),
        new("POST /api/meetings/{A}/notulen/correct",                   N,    Y,   N,    N,   N,     N,     N,      N,      U),
        new("GET /api/meetings/{A}/notulen/versions",                   Y,    Y,   Y,    Y,   Y,     Y,     N,      N,      U),
        new("GET /api/notulen/verify/{sha256}",                         Y,    Y,   Y,    Y,   Y,     Y,     Y,      Y,      Y),
        new("GET /api/meetings/{A}/exports/matrix.xlsx",                Y,    Y,   Y,    Y,   Y,     Y,     N,      N,      U),
        new("GET /api/meetings/{A}/exports/matrix.csv",                 Y,    Y,   Y,    Y,   Y,     Y,     N,      N,      U),
        new("GET /api/meetings/{A}/exports/notulen.html",               Y,    Y,   Y,    Y,   Y,     Y,     N,      N,      U),
        new("GET /api/meetings/{A}/exports/notulen.pdf",                Y,    Y,   Y,    Y,   Y,     Y,     N,      N,      U),
        new("GET /api/meetings/{A}/exports/attendance.xlsx",            Y,    Y,   Y,    Y,   Y,     Y,     N,      N,      U),
        new("GET /api/meetings/{A}/join-qr.svg",                        N,    Y,   Y,    N,   N,     N,     N,      N,      U),
        // The follow-up loop: the owner agency reports, the secretariat verifies; the lists are for every signed-in caller.
        new("POST /api/action-points/{id}/progress owned by PUPR",      N,    N,   N,    Y,   N,     N,     N,      N,      U),
        new("POST /api/action-points/{id}/verify",                      N,    Y,   N,    N,   N,     N,     N,      N,      U),
        new("POST /api/action-points/{id}/evidence owned by PUPR",      N,    N,   N,    Y,   N,     N,     N,      N,      U),
        new("GET /api/evidence/{id}",                                   Y,    Y,   Y,    Y,   Y,     Y,     N,      N,      U),
        new("GET /api/follow-ups",                                      Y,    Y,   Y,    Y,   Y,     Y,     N,      N,      U),
        new("GET /api/follow-ups/export.xlsx",                          Y,    Y,   Y,    Y,   Y,     Y,     N,      N,      U),
        new("GET /api/scorecards",                                      Y,    Y,   Y,    Y,   Y,     Y,     N,      N,      U),
        new("GET /api/opds/PUPR/scorecard",                             Y,    Y,   Y,    Y,   Y,     Y,     N,      N,      U),
        new("POST /api/opds/PUPR/feed-key",                             N,    Y,   N,    Y,   N,     N,     N,      N,      U),
        // A calendar app has no token: the feed key alone decides (wrong or missing key: see BadInputTests).
        new("GET /api/opds/PUPR/deadlines.ics with its key",            Y,    Y,   Y,    Y,   Y,     Y,     Y,      Y,      Y),
        new("hub JoinMeeting(A)",                                       Y,    Y,   Y,    Y,   Y,     Y,     N,      N,      U),
        new("hub JoinMeetingAt(A)",                                     Y,    Y,   Y,    Y,   Y,     Y,     N,      N,      U),
        // Leaving only takes the caller's own connection out of a group: it reveals and changes nothing of the meeting.
        new("hub LeaveMeeting(A)",                                      Y,    Y,   Y,    Y,   Y,     Y,     Y,      Y,      U),
    ];

    public sealed record Rule(string Route, params Access[] ByCaller)
    {
        public Access For(Who who) => ByCaller[(int)who];
    }

    public static IEnumerable<object[]> Routes() => Matrix.Select(r => new object[] { r.Route });

    [Fact]
    public void The_matrix_has_one_column_per_caller_and_every_route_has_an_implementation()
    {
        Assert.All(Matrix, r => Assert.True(r.ByCaller.Length == Enum.GetValues<Who>().Length, $"{r.Route}: {r.ByCaller.Length} columns"));
        Assert.Equal(Matrix.Select(r => r.Route).Order(), Calls.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Every_caller_gets_exactly_what_the_matrix_says(string route)
    {
        var rule = Matrix.Single(r => r.Route == route);
        var call = Calls[route];
        var failures = new List<string>();
        foreach (var who in Enum.GetValues<Who>())
        {
            var expected = rule.For(who);
            try
            {
                var target = await call.Target(f, who);
                var before = await call.Observe(f, target);
                var outcome = await call.Act(f, who, target);
                var after = await call.Observe(f, target);
                var mismatch = expected switch
                {
                    Access.Allowed when outcome.Status != call.Success => $"expected {call.Success}, got {outcome.Description}",
                    Access.Allowed when call.Changes && after == before => $"answered {outcome.Status} but changed nothing",
                    Access.Forbidden => outcome.ProblemMismatch(403),
                    Access.SignInFirst => outcome.ProblemMismatch(401),
                    _ => null,
                };
                if (mismatch is null && expected != Access.Allowed && after != before)
                    mismatch = $"was refused ({outcome.Status}) but the state changed, {Diff.FirstDifference(before, after)}";
                if (mismatch is not null) failures.Add($"{route} as {who} ({expected}): {mismatch}");
            }
            catch (Exception e)
            {
                failures.Add($"{route} as {who} ({expected}): threw {e.GetType().Name}: {e.Message}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task A_Dinkes_head_can_neither_create_nor_edit_a_PUPR_commitment_and_nothing_changes()
    {
        var api = f.Api;
        var secretariat = f.Token(Who.Secretariat)!;
        var dinkes = f.Token(Who.DinkesHead)!;
        var pupr = f.Token(Who.PuprHead)!;
        var meeting = await api.CreateMeetingAsync(secretariat, "Rakor jalan dan puskesmas");
        await api.AddAgendaItemAsync(secretariat, meeting, "PUPR");
        await api.StartAsync(secretariat, meeting);
        // DINKES supports this commitment: being named on it still gives no right to edit it.
        var (actionPoint, version) = await api.CreateActionPointAsync(pupr, meeting, "PUPR", "DINKES");

        var views = new[] { $"/api/meetings/{meeting}", $"/api/action-points/{actionPoint}", "/api/opds/PUPR/action-points", "/api/opds/DINKES/action-points" };
        var before = await Task.WhenAll(views.Select(v => v.StartsWith("/api/opds/", StringComparison.Ordinal)
            ? api.ReadWhenAsync(v, secretariat, body => body.Contains(actionPoint, StringComparison.Ordinal))
            : api.ReadAsync(v, secretariat)));
        var ifMatch = $"\"{version}\"";

        var attempts = new (string Name, Func<Task<Answer>> Send)[]
        {
            ("create owned by PUPR", () => api.PostAsync($"/api/meetings/{meeting}/action-points", dinkes, Api.ActionPointBody("PUPR", []))),
            ("create owned by PUPR with DINKES supporting", () => api.PostAsync($"/api/meetings/{meeting}/action-points", dinkes, Api.ActionPointBody("PUPR", ["DINKES"]))),
            ("create owned by 'pupr' (lower case)", () => api.PostAsync($"/api/meetings/{meeting}/action-points", dinkes, Api.ActionPointBody("pupr", []))),
            ("edit the description", () => api.PatchAsync($"/api/action-points/{actionPoint}", dinkes, new { description = "Diubah oleh Dinkes" }, ifMatch)),
            ("edit the status", () => api.PatchAsync($"/api/action-points/{actionPoint}", dinkes, new { status = "InProgress" }, ifMatch)),
            ("drop it with a reason", () => api.PatchAsync($"/api/action-points/{actionPoint}", dinkes, new { status = "Dropped", statusReason = "Bukan urusan kami" }, ifMatch)),
            ("take it over (ownerOpd DINKES)", () => api.PatchAsync($"/api/action-points/{actionPoint}", dinkes, new { ownerOpd = "DINKES", supportingOpds = Array.Empty<string>() }, ifMatch)),
            ("remove itself from the supporting OPDs", () => api.PatchAsync($"/api/action-points/{actionPoint}", dinkes, new { supportingOpds = Array.Empty<string>() }, ifMatch)),
            ("check in for PUPR", () => api.PostAsync($"/api/meetings/{meeting}/attendance", dinkes, new { opd = "PUPR", name = "Dr. Sari", position = "Kepala Dinas" })),
        };
        var failures = new List<string>();
        foreach (var (name, send) in attempts)
        {
            if ((await send()).ProblemMismatch(403) is { } mismatch) failures.Add($"DINKES {name}: {mismatch}");
        }
        var after = await Task.WhenAll(views.Select(v => api.ReadAsync(v, secretariat)));
        for (var i = 0; i < views.Length; i++)
        {
            // An agency's ledger also lists other tests' commitments, whose read-model rows may still be landing: this meeting's are compared.
            var (was, now) = views[i].StartsWith("/api/opds/", StringComparison.Ordinal)
                ? (ItemsOf(before[i], meeting), ItemsOf(after[i], meeting))
                : (before[i], after[i]);
            if (was != now) failures.Add($"{views[i]} changed, {Diff.FirstDifference(was, now)}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(Api.Seq(before[0]), Api.Seq(after[0]));
        Assert.Equal(version, JsonDocument.Parse(after[1]).RootElement.GetProperty("version").GetInt32());

        // The same head may act for its own agency, and PUPR may edit its own: the rule is the agency, not the role.
        Expect(await api.PostAsync($"/api/meetings/{meeting}/action-points", dinkes, Api.ActionPointBody("DINKES", ["PUPR"])), 201, "DINKES creates its own commitment");
        var edited = Expect(await api.PatchAsync($"/api/action-points/{actionPoint}", pupr, new { description = "Peta jalan diperluas" }, ifMatch), 200, "PUPR edits its own");
        Assert.Equal(version + 1, edited.Json.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_join_code_token_reads_its_own_meeting_and_gets_403_on_another()
    {
        var api = f.Api;
        var secretariat = f.Token(Who.Secretariat)!;
        var own = await api.CreateMeetingAsync(secretariat, "Rakor dengan kode");
        var other = await api.CreateMeetingAsync(secretariat, "Rakor lain");
        await api.AddAgendaItemAsync(secretariat, own, "PUPR");
        await api.AddAgendaItemAsync(secretariat, other, "PUPR");

        var code = Expect(await api.PostAsync($"/api/meetings/{own}/join-codes", secretariat, new { role = "OpdHead", opd = "PUPR" }), 201, "issue code")
            .Json.GetProperty("code").GetString();
        var joined = Expect(await api.PostAsync("/api/auth/join", null, new { code }), 200, "join").Json;
        Assert.Equal(own, joined.GetProperty("meetingId").GetString());
        Assert.Equal("OpdHead", joined.GetProperty("role").GetString());
        Assert.Equal("PUPR", joined.GetProperty("opd").GetString());
        var token = joined.GetProperty("accessToken").GetString()!;

        // Its own meeting: readable, live, and it may act there as PUPR.
        Assert.Equal(own, Expect(await api.GetAsync($"/api/meetings/{own}", token), 200, "read own").Json.GetProperty("id").GetString());
        Expect(await api.GetAsync($"/api/meetings/{own}/events?afterSeq=0", token), 200, "own events");
        var listed = Expect(await api.GetAsync("/api/meetings", token), 200, "list").Json.EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToList();
        Assert.Equal(own, Assert.Single(listed));
        await using (var hub = api.Hub(token))
        {
            await hub.StartAsync();
            var joinedHub = await hub.InvokeAsync<JsonElement>("JoinMeeting", own, 0L);
            Assert.Equal(own, joinedHub.GetProperty("snapshot").GetProperty("id").GetString());
            var ex = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<JsonElement>("JoinMeeting", other, 0L));
            Assert.Contains("HubException: 403 ", ex.Message);
        }
        Expect(await api.PostAsync($"/api/meetings/{own}/action-points", token, Api.ActionPointBody("PUPR", [])), 201, "commit in own meeting");

        // Another meeting: nothing, and nothing changes there.
        var before = await api.ReadAsync($"/api/meetings/{other}", secretariat);
        var refused = new (string Name, Func<Task<Answer>> Send)[]
        {
            ("read", () => api.GetAsync($"/api/meetings/{other}", token)),
            ("read events", () => api.GetAsync($"/api/meetings/{other}/events?afterSeq=0", token)),
            ("check in", () => api.PostAsync($"/api/meetings/{other}/attendance", token, new { opd = "PUPR", name = "Ir. Budi", position = "Kepala Dinas" })),
            ("create a commitment", () => api.PostAsync($"/api/meetings/{other}/action-points", token, Api.ActionPointBody("PUPR", []))),
            ("read the PUPR ledger across meetings", () => api.GetAsync("/api/opds/PUPR/action-points", token)),
        };
        var failures = new List<string>();
        foreach (var (name, send) in refused)
            if ((await send()).ProblemMismatch(403) is { } mismatch) failures.Add($"join token {name} on another meeting: {mismatch}");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, await api.ReadAsync($"/api/meetings/{other}", secretariat));
    }

    // ---------- how each route of the matrix is called ----------

    /// <param name="Success">The status an allowed caller gets.</param>
    /// <param name="Target">What the call acts on: meeting A, or a fresh meeting when the call changes it for good.</param>
    /// <param name="Observe">What a refused call must leave unchanged.</param>
    /// <param name="Changes">True when an allowed call must visibly change <paramref name="Observe"/> (proves the observation can see a change).</param>
    private sealed record Call(
        int Success,
        Func<Fixture, Who, Task<string>> Target,
        Func<Fixture, Who, string, Task<Outcome>> Act,
        Func<Fixture, string, Task<string>> Observe,
        bool Changes);

    private static Task<string> MeetingA(Fixture f, Who _) => Task.FromResult(f.MeetingA);
    private static Task<string> Nothing(Fixture f, string _) => Task.FromResult("");
    private static Task<string> Meeting(Fixture f, string id) => f.Api.ReadAsync($"/api/meetings/{id}", f.Token(Who.Secretariat)!);
    private static string Unique(Who who) => $"{who}-{Guid.NewGuid():N}";

    private static Call Rest(int success, Func<Fixture, Who, string, Task<Answer>> act, Func<Fixture, string, Task<string>>? observe = null,
        bool changes = false, Func<Fixture, Who, Task<string>>? target = null) =>
        new(success, target ?? MeetingA, async (f, who, t) => Outcome.Of(await act(f, who, t)), observe ?? Nothing, changes);

    private static readonly Dictionary<string, Call> Calls = new()
    {
        ["POST /api/auth/token"] = Rest(200, (f, who, _) =>
            f.Api.SendAsync(HttpMethod.Post, "/api/auth/token", f.Token(who), JsonContent.Create(new { username = "layar", password = ServerProcess.DemoPassword }))),
        ["POST /api/auth/join"] = Rest(200, (f, who, _) =>
            f.Api.SendAsync(HttpMethod.Post, "/api/auth/join", f.Token(who), JsonContent.Create(new { code = f.ViewerCodeForB }))),
        ["GET /api/vocabulary"] = Rest(200, (f, who, _) => f.Api.GetAsync("/api/vocabulary?lang=id", f.Token(who))),
        ["GET /api/opds"] = Rest(200, (f, who, _) => f.Api.GetAsync("/api/opds", f.Token(who))),
        ["POST /api/opds"] = Rest(201,
            (f, who, _) => f.Api.PostAsync("/api/opds", f.Token(who), new { code = $"UJI-{(int)who}", name = $"Badan Uji {who}", kind = "Badan" }),
            (f, _) => f.Api.ReadAsync("/api/opds", f.Token(Who.Admin)!), changes: true),
        ["GET /api/users"] = Rest(200, (f, who, _) => f.Api.GetAsync("/api/users", f.Token(who))),
        ["POST /api/users"] = Rest(201,
            (f, who, _) => f.Api.PostAsync("/api/users", f.Token(who),
                new { username = $"uji.{who}".ToLowerInvariant(), password = "rahasia-uji-2026", displayName = $"Pengguna uji {who}", role = "Viewer" }),
            (f, _) => f.Api.ReadAsync("/api/users", f.Token(Who.Admin)!), changes: true),
        // Each caller acts on a user of its own, so an allowed change cannot disturb the others.
        ["PATCH /api/users/{username}"] = Rest(200,
            (f, who, user) => f.Api.PatchAsync($"/api/users/{user}", f.Token(who), new { commandId = Unique(who), displayName = $"Diubah oleh {who}" }, null),
            (f, _) => f.Api.ReadAsync("/api/users", f.Token(Who.Admin)!), changes: true, target: (f, who) => f.FreshUserAsync(who)),
        ["PUT /api/users/{username}/password of another user"] = Rest(200,
            (f, who, user) => f.Api.SendAsync(HttpMethod.Put, $"/api/users/{user}/password", f.Token(who),
                JsonContent.Create(new { commandId = Unique(who), newPassword = "kata-sandi-baru-2026" })),
            (f, user) => f.SignInStatusAsync(user), changes: true, target: (f, who) => f.FreshUserAsync(who)),
        ["GET /api/meetings"] = Rest(200, (f, who, _) => f.Api.GetAsync("/api/meetings", f.Token(who))),
        ["POST /api/meetings"] = Rest(201,
            (f, who, _) => f.Api.PostAsync("/api/meetings", f.Token(who), new
            {
                commandId = Unique(who), title = $"Rakor oleh {who}", scheduledStart = Api.MeetingStart, location = "Aula", chair = "Bupati",
            }),
            (f, _) => f.Api.ReadAsync("/api/meetings", f.Token(Who.Secretariat)!), changes: true),
        ["GET /api/meetings/{A}"] = Rest(200, (f, who, a) => f.Api.GetAsync($"/api/meetings/{a}", f.Token(who)), Meeting),
        ["GET /api/meetings/{A}/events"] = Rest(200, (f, who, a) => f.Api.GetAsync($"/api/meetings/{a}/events?afterSeq=0", f.Token(who)), Meeting),
        ["POST /api/meetings/{A}/agenda-items"] = Rest(201,
            (f, who, a) => f.Api.PostAsync($"/api/meetings/{a}/agenda-items", f.Token(who), new { commandId = Unique(who), title = $"Paparan {who}", presenterOpd = "DINKES", timeboxMinutes = 5 }),
            Meeting, changes: true),
        // Start, advance and close change a meeting for good: each caller gets a fresh meeting in the right state.
        ["POST /api/meetings/{A}/start"] = Rest(200,
            (f, who, m) => f.Api.PostAsync($"/api/meetings/{m}/start", f.Token(who), new { commandId = Unique(who) }),
            Meeting, changes: true, target: (f, _) => f.FreshMeetingAsync(items: 1, start: false)),
        ["POST /api/meetings/{A}/advance"] = Rest(200,
            (f, who, m) => f.Api.PostAsync($"/api/meetings/{m}/advance", f.Token(who), new { commandId = Unique(who) }),
            Meeting, changes: true, target: (f, _) => f.FreshMeetingAsync(items: 2, start: true)),
        ["POST /api/meetings/{A}/close"] = Rest(200,
            (f, who, m) => f.Api.PostAsync($"/api/meetings/{m}/close", f.Token(who), new { commandId = Unique(who) }),
            Meeting, changes: true, target: (f, _) => f.FreshMeetingAsync(items: 1, start: true)),
        ["POST /api/meetings/{A}/attendance for PUPR"] = Rest(201,
            (f, who, a) => f.Api.PostAsync($"/api/meetings/{a}/attendance", f.Token(who), new { commandId = Unique(who), opd = "PUPR", name = $"Peserta {who}", position = "Kepala Dinas" }),
            Meeting, changes: true),
        ["POST /api/meetings/{A}/action-points owned by PUPR"] = Rest(201,
            (f, who, a) => f.Api.PostAsync($"/api/meetings/{a}/action-points", f.Token(who), Api.ActionPointBody("PUPR", ["DISHUB"], Unique(who))),
            Meeting, changes: true),
        ["POST /api/meetings/{A}/join-codes"] = Rest(201,
            (f, who, a) => f.Api.PostAsync($"/api/meetings/{a}/join-codes", f.Token(who), new { commandId = Unique(who), role = "Viewer" }),
            Meeting),
        ["DELETE /api/meetings/{A}/join-codes/{code}"] = Rest(200,
            (f, who, code) => f.Api.SendAsync(HttpMethod.Delete, $"/api/meetings/{f.MeetingA}/join-codes/{code}?commandId={Unique(who)}", f.Token(who)),
            (f, code) => f.JoinStatusAsync(code), changes: true, target: (f, _) => f.Api.IssueJoinCodeAsync(f.Token(Who.Secretariat)!, f.MeetingA, "Viewer")),
        ["GET /api/agenda-items/{id}"] = Rest(200,
            (f, who, item) => f.Api.GetAsync($"/api/agenda-items/{item}", f.Token(who)),
            target: (f, _) => Task.FromResult(f.AgendaItemA)),
        ["GET /api/action-points/{id}"] = Rest(200,
            (f, who, ap) => f.Api.GetAsync($"/api/action-points/{ap}", f.Token(who)),
            ActionPoint, target: (f, _) => Task.FromResult(f.ActionPointA)),
        ["PATCH /api/action-points/{id} owned by PUPR"] = Rest(200,
            async (f, who, ap) =>
            {
                // The caller sends the current version, so only the role and the agency decide.
                var current = await f.Api.GetAsync($"/api/action-points/{ap}", f.Token(Who.Secretariat));
                return await f.Api.PatchAsync($"/api/action-points/{ap}", f.Token(who),
                    new { commandId = Unique(who), description = $"Peta jalan, diperbarui oleh {who}" }, $"\"{current.ETagVersion}\"");
            },
            async (f, ap) => await ActionPoint(f, ap) + await Meeting(f, f.MeetingA), changes: true, target: (f, _) => Task.FromResult(f.ActionPointA)),
        ["GET /api/opds/PUPR/action-points"] = Rest(200, (f, who, _) => f.Api.GetAsync("/api/opds/PUPR/action-points", f.Token(who))),
        // ---------- the room and the record ----------
        ["POST /api/meetings/{A}/agenda/reorder"] = Rest(200,
            async (f, who, m) =>
            {
                var agenda = JsonDocument.Parse(await Meeting(f, m)).RootElement.GetProperty("agenda").EnumerateArray().Select(i => i.GetProperty("id").GetString()).Reverse().ToArray();
                return await f.Api.PostAsync($"/api/meetings/{m}/agenda/reorder", f.Token(who), new { commandId = Unique(who), itemIds = agenda });
            },
            Meeting, changes: true, target: (f, _) => f.FreshMeetingAsync(items: 2, start: false)),
        ["POST /api/agenda-items/{id}/outcomes"] = Rest(201,
            (f, who, item) => f.Api.PostAsync($"/api/agenda-items/{item}/outcomes", f.Token(who), new { commandId = Unique(who), kind = "Decision", text = $"Keputusan oleh {who}" }),
            (f, _) => Meeting(f, f.MeetingA), changes: true, target: (f, _) => Task.FromResult(f.AgendaItemA)),
        ["GET /api/outcomes/{id}"] = Rest(200, (f, who, o) => f.Api.GetAsync($"/api/outcomes/{o}", f.Token(who)), target: (f, _) => Task.FromResult(f.OutcomeA)),
        ["PATCH /api/outcomes/{id}"] = Rest(200,
            async (f, who, o) =>
            {
                var current = await f.Api.GetAsync($"/api/outcomes/{o}", f.Token(Who.Secretariat));
                return await f.Api.PatchAsync($"/api/outcomes/{o}", f.Token(who), new { commandId = Unique(who), text = $"Diperbarui oleh {who}" }, $"\"{current.ETagVersion}\"");
            },
            (f, _) => Meeting(f, f.MeetingA), changes: true, target: (f, _) => Task.FromResult(f.OutcomeA)),
        ["POST /api/meetings/{A}/speakers for PUPR"] = Rest(201,
            (f, who, m) => f.Api.PostAsync($"/api/meetings/{m}/speakers", f.Token(who), new { commandId = Unique(who), opd = "PUPR" }),
            Meeting, changes: true, target: (f, _) => f.FreshMeetingAsync(items: 1, start: true)),
        ["DELETE /api/meetings/{A}/speakers/{id} of PUPR"] = Rest(200,
            (f, who, t) => f.Api.SendAsync(HttpMethod.Delete, $"/api/meetings/{t.Split('|')[0]}/speakers/{t.Split('|')[1]}?commandId={Unique(who)}", f.Token(who)),
            (f, t) => Meeting(f, t.Split('|')[0]), changes: true, target: (f, _) => f.FreshSpeakerAsync()),
        ["POST /api/meetings/{A}/speakers/next"] = Rest(200,
            (f, who, t) => f.Api.PostAsync($"/api/meetings/{t.Split('|')[0]}/speakers/next", f.Token(who), new { commandId = Unique(who) }),
            (f, t) => Meeting(f, t.Split('|')[0]), changes: true, target: (f, _) => f.FreshSpeakerAsync()),
        ["POST /api/meetings/{A}/notulen/submit"] = Rest(200,
            (f, who, m) => f.Api.PostAsync($"/api/meetings/{m}/notulen/submit", f.Token(who), new { commandId = Unique(who) }),
            Meeting, changes: true, target: (f, _) => f.FreshNotulenAsync("closed")),
        ["POST /api/meetings/{A}/notulen/approve"] = Rest(200,
            (f, who, m) => f.Api.PostAsync($"/api/meetings/{m}/notulen/approve", f.Token(who), new { commandId = Unique(who) }),
            Meeting, changes: true, target: (f, _) => f.FreshNotulenAsync("submitted")),
        ["POST /api/meetings/{A}/notulen/return"] = Rest(200,
            (f, who, m) => f.Api.PostAsync($"/api/meetings/{m}/notulen/return", f.Token(who), new { commandId = Unique(who), note = "Lengkapi arahan." }),
            Meeting, changes: true, target: (f, _) => f.FreshNotulenAsync("submitted")),
        ["POST /api/meetings/{A}/notulen/correct"] = Rest(200,
            (f, who, m) => f.Api.PostAsync($"/api/meetings/{m}/notulen/correct", f.Token(who), new { commandId = Unique(who) }),
            Meeting, changes: true, target: (f, _) => f.FreshNotulenAsync("approved")),
        ["GET /api/meetings/{A}/notulen/versions"] = Rest(200, (f, who, a) => f.Api.GetAsync($"/api/meetings/{a}/notulen/versions", f.Token(who)), Meeting),
        ["GET /api/notulen/verify/{sha256}"] = Rest(200, (f, who, _) => f.Api.GetAsync($"/api/notulen/verify/{new string('c', 64)}", f.Token(who))),
        ["GET /api/meetings/{A}/exports/matrix.xlsx"] = Rest(200, (f, who, a) => f.Api.GetAsync($"/api/meetings/{a}/exports/matrix.xlsx", f.Token(who)), Meeting),
        ["GET /api/meetings/{A}/exports/matrix.csv"] = Rest(200, (f, who, a) => f.Api.GetAsync($"/api/meetings/{a}/exports/matrix.csv", f.Token(who)), Meeting),
        ["GET /api/meetings/{A}/exports/notulen.html"] = Rest(200, (f, who, a) => f.Api.GetAsync($"/api/meetings/{a}/exports/notulen.html", f.Token(who)), Meeting),
        ["GET /api/meetings/{A}/exports/notulen.pdf"] = Rest(200, (f, who, a) => f.Api.GetAsync($"/api/meetings/{a}/exports/notulen.pdf", f.Token(who)), Meeting),
        ["GET /api/meetings/{A}/exports/attendance.xlsx"] = Rest(200, (f, who, a) => f.Api.GetAsync($"/api/meetings/{a}/exports/attendance.xlsx", f.Token(who)), Meeting),
        ["GET /api/meetings/{A}/join-qr.svg"] = Rest(200, (f, who, a) => f.Api.GetAsync($"/api/meetings/{a}/join-qr.svg?code={f.ViewerCodeForA}", f.Token(who)), Meeting),
        ["POST /api/action-points/{id}/progress owned by PUPR"] = Rest(200,
            async (f, who, ap) => await f.Api.PostAsync($"/api/action-points/{ap}/progress", f.Token(who),
                new { commandId = Unique(who), percent = 10 + (int)who, note = $"Progres dilaporkan oleh {who}" }),
            ActionPoint, changes: true, target: (f, _) => Task.FromResult(f.ActionPointA)),
        ["POST /api/action-points/{id}/verify"] = Rest(200,
            (f, who, ap) => f.Api.PostAsync($"/api/action-points/{ap}/verify", f.Token(who), new { commandId = Unique(who), accepted = true }),
            ActionPoint, changes: true, target: (f, _) => f.AwaitingVerificationAsync()),
        ["POST /api/action-points/{id}/evidence owned by PUPR"] = Rest(201,
            (f, who, ap) => f.Api.SendAsync(HttpMethod.Post, $"/api/action-points/{ap}/evidence", f.Token(who), TextFile($"Berita acara {who} {Guid.NewGuid()}")),
            ActionPoint, target: (f, _) => Task.FromResult(f.ActionPointA)),
        ["GET /api/evidence/{id}"] = Rest(200, (f, who, id) => f.Api.GetAsync($"/api/evidence/{id}", f.Token(who)), target: (f, _) => Task.FromResult(f.EvidenceA)),
        ["GET /api/follow-ups"] = Rest(200, (f, who, _) => f.Api.GetAsync("/api/follow-ups?opd=PUPR&page=1&pageSize=20", f.Token(who))),
        ["GET /api/follow-ups/export.xlsx"] = Rest(200, (f, who, _) => f.Api.GetAsync("/api/follow-ups/export.xlsx?opd=PUPR", f.Token(who))),
        ["GET /api/scorecards"] = Rest(200, (f, who, _) => f.Api.GetAsync("/api/scorecards", f.Token(who))),
        ["GET /api/opds/PUPR/scorecard"] = Rest(200, (f, who, _) => f.Api.GetAsync("/api/opds/PUPR/scorecard", f.Token(who))),
        ["POST /api/opds/PUPR/feed-key"] = Rest(200, (f, who, _) => f.Api.PostAsync("/api/opds/PUPR/feed-key", f.Token(who), new { commandId = Unique(who) })),
        ["GET /api/opds/PUPR/deadlines.ics with its key"] = Rest(200,
            (f, who, key) => f.Api.GetAsync($"/api/opds/PUPR/deadlines.ics?key={Uri.EscapeDataString(key)}", f.Token(who)),
            target: (f, _) => f.FeedKeyAsync("PUPR")),
        ["hub JoinMeeting(A)"] = HubCall(async (hub, f, a) =>
        {
            var result = await hub.InvokeAsync<JsonElement>("JoinMeeting", a, 0L);
            return result.GetProperty("snapshot").GetProperty("id").GetString() == a ? null : "JoinMeeting(A, 0) answered without A's snapshot: " + result;
        }),
        ["hub JoinMeetingAt(A)"] = HubCall(async (hub, f, a) =>
        {
            var result = await hub.InvokeAsync<JsonElement>("JoinMeetingAt", a, 0L, f.EpochA);
            return result.GetProperty("snapshot").GetProperty("id").GetString() == a ? null : "JoinMeetingAt(A, 0, epoch) answered without A's snapshot: " + result;
        }),
        ["hub LeaveMeeting(A)"] = HubCall(async (hub, f, a) =>
        {
            await hub.InvokeAsync("LeaveMeeting", a);
            return null;
        }),
    };

    private static MultipartFormDataContent TextFile(string text)
    {
        var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(text)), "file", "berita-acara.txt");
        return form;
    }

    private static Task<string> ActionPoint(Fixture f, string id) => f.Api.ReadAsync($"/api/action-points/{id}", f.Token(Who.Secretariat)!);

    /// <param name="invoke">Calls the hub method; returns null when the answer is right, else what is wrong with it.</param>
    private static Call HubCall(Func<HubConnection, Fixture, string, Task<string?>> invoke) => new(200, MeetingA, async (f, who, a) =>
    {
        if (who == Who.Anonymous)
        {
            // Refused at negotiate, before any hub method runs: the raw answer must be a 401 problem,
            // and the SignalR client must fail to connect with 401.
            var negotiate = await f.Api.SendAsync(HttpMethod.Post, "/hubs/meeting/negotiate?negotiateVersion=1", null);
            await using var anonymous = f.Api.Hub(null);
            try
            {
                await anonymous.StartAsync();
                return new Outcome(200, "an anonymous hub connection was accepted", _ => "an anonymous hub connection was accepted");
            }
            catch (HttpRequestException e) when (e.StatusCode == HttpStatusCode.Unauthorized)
            {
                return Outcome.Of(negotiate);
            }
        }
        var hub = await f.HubAsync(who);
        try
        {
            return await invoke(hub, f, a) is { } wrong
                ? new Outcome(500, wrong, _ => wrong)
                : new Outcome(200, "hub call succeeded", _ => "the hub call succeeded");
        }
        catch (HubException e)
        {
            return Outcome.OfHubError(e.Message);
        }
    }, Meeting, Changes: false);

    /// <summary>What a caller got: a status, a description for messages, and whether it is a proper problem for a status.</summary>
    private sealed partial record Outcome(int Status, string Description, Func<int, string?> ProblemMismatch)
    {
        public static Outcome Of(Answer answer) => new(answer.Status, answer.Describe(), answer.ProblemMismatch);

        /// <summary>
        /// The server throws HubException("403 Title: detail"); the client sees it after SignalR's
        /// "An unexpected error occurred invoking 'X' on the server. HubException: " prefix.
        /// </summary>
        public static Outcome OfHubError(string message)
        {
            var match = HubError().Match(message);
            if (!match.Success) return new Outcome(0, "hub error: " + message, _ => "hub error without 'status title: detail': " + message);
            var status = int.Parse(match.Groups[1].Value);
            return new Outcome(status, "hub error: " + message, expected => expected == status ? null : $"expected {expected}, got hub error: {message}");
        }

        [GeneratedRegex(@"(?:^|HubException: )(\d{3}) \S[^:]*: \S")]
        private static partial Regex HubError();
    }

    private static Answer Expect(Answer answer, int status, string step) =>
        answer.Status == status ? answer : throw new Xunit.Sdk.XunitException($"{step}: expected {status}, got {answer.Describe()}");

    /// <summary>One server for the class, signed-in tokens for every caller, meeting A with a PUPR commitment, meeting B with join codes.</summary>
    public abstract class Fixture(Engine engine) : IAsyncLifetime
    {
        private readonly Dictionary<Who, string?> _tokens = [];
        private HubConnections<Who>? _hubs;
        private ServerProcess? _server;

        public Api Api { get; private set; } = null!;
        public string MeetingA { get; private set; } = "";
        public long EpochA { get; private set; }
        public string ActionPointA { get; private set; } = "";
        public string AgendaItemA { get; private set; } = "";
        public string ViewerCodeForB { get; private set; } = "";
        public string ViewerCodeForA { get; private set; } = "";
        public string OutcomeA { get; private set; } = "";
        public string EvidenceA { get; private set; } = "";

        public string? Token(Who who) => _tokens[who];

        public async Task InitializeAsync()
        {
            _server = await ServerProcess.StartAsync(engine);
            Api = new Api(_server);
            var users = new (Who Who, string Username)[]
            {
                (Who.Admin, "admin"), (Who.Secretariat, "sekretariat"), (Who.Chair, "bupati"),
                (Who.PuprHead, "kadis.pupr"), (Who.DinkesHead, "kadis.dinkes"), (Who.Viewer, "layar"),
            };
            foreach (var (who, username) in users) _tokens[who] = await Api.TokenAsync(username);
            _tokens[Who.Anonymous] = null;
            var secretariat = _tokens[Who.Secretariat]!;

            MeetingA = await Api.CreateMeetingAsync(secretariat, "Rakor A");
            AgendaItemA = await Api.AddAgendaItemAsync(secretariat, MeetingA, "PUPR");
            ActionPointA = (await Api.CreateActionPointAsync(_tokens[Who.PuprHead]!, MeetingA, "PUPR", "DINKES")).Id;
            OutcomeA = Api.Expect(await Api.PostAsync($"/api/agenda-items/{AgendaItemA}/outcomes", secretariat,
                new { commandId = Guid.NewGuid().ToString("N"), kind = "Note", text = "Catatan rapat A" }), 201, "outcome A").Json.GetProperty("id").GetString()!;
            ViewerCodeForA = await Api.IssueJoinCodeAsync(secretariat, MeetingA, "Viewer");
            EpochA = JsonDocument.Parse(await Api.ReadAsync($"/api/meetings/{MeetingA}", secretariat)).RootElement.GetProperty("epoch").GetInt64();

            var meetingB = await Api.CreateMeetingAsync(secretariat, "Rakor B");
            _tokens[Who.JoinOtherChair] = await Api.JoinTokenAsync(secretariat, meetingB, "Chair", null);
            _tokens[Who.JoinOtherPupr] = await Api.JoinTokenAsync(secretariat, meetingB, "OpdHead", "PUPR");
            ViewerCodeForB = await Api.IssueJoinCodeAsync(secretariat, meetingB, "Viewer");
            EvidenceA = Expect(await Api.SendAsync(HttpMethod.Post, $"/api/action-points/{ActionPointA}/evidence", _tokens[Who.PuprHead], TextFile("Foto lokasi")),
                201, "upload evidence").Json.GetProperty("evidenceId").GetString()!;
        }

        /// <summary>A fresh PUPR commitment of meeting A reported at 100 %: only one verification can take it.</summary>
        public async Task<string> AwaitingVerificationAsync()
        {
            var (id, _) = await Api.CreateActionPointAsync(_tokens[Who.PuprHead]!, MeetingA, "PUPR");
            Expect(await Api.PostAsync($"/api/action-points/{id}/progress", _tokens[Who.PuprHead], new { commandId = Guid.NewGuid().ToString(), percent = 100, note = "Selesai" }),
                200, "report 100 %");
            return id;
        }

        /// <summary>A freshly rotated feed key of the agency (another row may have rotated the last one).</summary>
        public async Task<string> FeedKeyAsync(string opd) =>
            Expect(await Api.PostAsync($"/api/opds/{opd}/feed-key", _tokens[Who.Secretariat], new { }), 200, "rotate feed key").Json.GetProperty("key").GetString()!;

        /// <summary>A meeting only one matrix cell touches, created by the secretariat.</summary>
        public async Task<string> FreshMeetingAsync(int items, bool start)
        {
            var secretariat = _tokens[Who.Secretariat]!;
            var id = await Api.CreateMeetingAsync(secretariat, "Rakor sekali pakai");
            for (var i = 0; i < items; i++) await Api.AddAgendaItemAsync(secretariat, id, i == 0 ? "PUPR" : "DINKES");
            if (start) await Api.StartAsync(secretariat, id);
            return id;
        }

        /// <summary>A live meeting with PUPR waiting to speak: "meetingId|requestId".</summary>
        public const string FreshUserPassword = "rahasia-uji-2026";

        /// <summary>A user only this caller's call acts on.</summary>
        public async Task<string> FreshUserAsync(Who who)
        {
            var username = $"uji.{who}.{Guid.NewGuid():N}"[..40].ToLowerInvariant();
            Api.Expect(await Api.PostAsync("/api/users", _tokens[Who.Admin], new { username, password = FreshUserPassword, displayName = "Pengguna uji", role = "Viewer" }),
                201, "create a user");
            return username;
        }

        /// <summary>Whether the user's first password still signs in.</summary>
        public async Task<string> SignInStatusAsync(string username) =>
            (await Api.SendAsync(HttpMethod.Post, "/api/auth/token", null, JsonContent.Create(new { username, password = FreshUserPassword }))).Status.ToString();

        /// <summary>Whether the join code still opens its meeting.</summary>
        public async Task<string> JoinStatusAsync(string code) =>
            (await Api.SendAsync(HttpMethod.Post, "/api/auth/join", null, JsonContent.Create(new { code }))).Status.ToString();

        public async Task<string> FreshSpeakerAsync()
        {
            var id = await FreshMeetingAsync(items: 1, start: true);
            var request = Api.Expect(await Api.PostAsync($"/api/meetings/{id}/speakers", _tokens[Who.PuprHead], new { commandId = Guid.NewGuid().ToString("N") }), 201, "ask to speak");
            return id + "|" + request.Json.GetProperty("id").GetString();
        }

        /// <summary>A closed meeting whose notulen is at <paramref name="state"/>: closed (a draft), submitted or approved.</summary>
        public async Task<string> FreshNotulenAsync(string state)
        {
            var secretariat = _tokens[Who.Secretariat]!;
            var id = await FreshMeetingAsync(items: 1, start: true);
            await Api.CloseAsync(secretariat, id);
            if (state is "submitted" or "approved")
                Api.Expect(await Api.PostAsync($"/api/meetings/{id}/notulen/submit", secretariat, new { commandId = Guid.NewGuid().ToString("N") }), 200, "submit");
            if (state == "approved")
                Api.Expect(await Api.PostAsync($"/api/meetings/{id}/notulen/approve", _tokens[Who.Chair], new { commandId = Guid.NewGuid().ToString("N") }), 200, "approve");
            return id;
        }

        /// <summary>One connection per caller, opened on first use and reused by every hub row.</summary>
        public Task<HubConnection> HubAsync(Who who) => (_hubs ??= new(Api, caller => _tokens[caller])).For(who);

        public async Task DisposeAsync()
        {
            if (_hubs is not null) await _hubs.DisposeAsync();
            Api?.Dispose();
            if (_server is not null) await _server.DisposeAsync();
        }
    }

    /// <summary>The items of a ledger answer that belong to <paramref name="meetingId"/>, as their JSON text.</summary>
    private static string ItemsOf(string body, string meetingId)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var items = root.ValueKind == JsonValueKind.Array ? root : root.GetProperty("items");
        return string.Join(",", items.EnumerateArray()
            .Where(i => i.TryGetProperty("meetingId", out var m) && m.GetString() == meetingId)
            .Select(i => i.GetRawText()));
    }
}
