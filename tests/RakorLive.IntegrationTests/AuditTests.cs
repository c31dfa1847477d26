using System.Net.Http.Json;
using System.Text.Json;
using RakorLive.IntegrationTests.Infrastructure;
using RakorLive.IntegrationTests.Security;

namespace RakorLive.IntegrationTests;

/// <summary>
/// The audit record against a real server: a walk of commands by several roles is found in GET /api/audit once each, with
/// who, role, agency, meeting, entity, commandId and address; replays add nothing; refusals are recorded and change
/// nothing; the filters narrow; only the secretariat and the administrator read it; nobody edits it; it survives a restart.
/// </summary>
public abstract class AuditTests(AuditTests.Fixture f)
{
    private Api Api => f.Api;

    private static string Id() => "audit-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Every_command_of_a_walk_is_recorded_once_with_who_what_where()
    {
        var m = await f.WalkAsync();
        var rows = await AuditAsync($"meetingId={m.MeetingId}");

        // Each command of the walk, exactly once, with its actor, role, agency, route, entity and commandId.
        foreach (var step in m.Steps)
        {
            var found = rows.Where(r => r.GetProperty("commandId").GetString() == step.CommandId).ToList();
            var row = Assert.Single(found);
            Assert.Equal(step.Who.Username, row.GetProperty("actor").GetString());
            Assert.Equal(step.Who.DisplayName, row.GetProperty("displayName").GetString());
            Assert.Equal(step.Who.Role, row.GetProperty("role").GetString());
            Assert.Equal(step.Who.Opd, row.GetProperty("opd").GetString());
            Assert.Equal(step.Method, row.GetProperty("method").GetString());
            Assert.Equal(step.Route, row.GetProperty("route").GetString());
            Assert.Equal(m.MeetingId, row.GetProperty("meetingId").GetString());
            Assert.Equal("Changed", row.GetProperty("outcome").GetString());
            Assert.Equal(step.Status, row.GetProperty("status").GetInt32());
            Assert.Equal("127.0.0.1", row.GetProperty("clientAddress").GetString());
            if (step.EntityId.Length > 0) Assert.Equal(step.EntityId, row.GetProperty("entityIds").GetProperty("id").GetString());
            else Assert.False(row.GetProperty("entityIds").TryGetProperty("id", out _));
            if (step.Created is not null) Assert.Equal(step.Created, row.GetProperty("entityIds").GetProperty("created").GetString());
        }
        // Nothing but the walk and its one refusal is recorded for the meeting: no GET, no duplicate.
        Assert.Equal(m.Steps.Count + 1, rows.Count);
        // Newest first.
        var times = rows.Select(r => r.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);
        // The owning meeting of an action point (route /api/action-points/{id}) was resolved.
        Assert.Contains(rows, r => r.GetProperty("route").GetString() == "/api/action-points/{id}" && r.GetProperty("meetingId").GetString() == m.MeetingId);
    }

    [Fact]
    public async Task A_replayed_commandId_adds_no_row()
    {
        var m = await f.WalkAsync();
        var step = m.Steps.Single(s => s.Route == "/api/meetings/{id}/action-points");
        var replay = await Api.PostAsync($"/api/meetings/{m.MeetingId}/action-points", f.Pupr.Token, Api.ActionPointBody("PUPR", ["DISHUB"], step.CommandId));
        Assert.Equal(201, replay.Status);
        Assert.Equal("true", Assert.Single(replay.Headers.GetValues("Idempotent-Replay")));
        var rows = await AuditAsync($"meetingId={m.MeetingId}");
        Assert.Single(rows, r => r.GetProperty("commandId").GetString() == step.CommandId);
    }

    [Fact]
    public async Task A_refused_attempt_is_recorded_as_refused_and_changes_nothing()
    {
        var m = await f.WalkAsync();
        var snapshot = await Api.ReadAsync($"/api/meetings/{m.MeetingId}", f.Secretariat.Token);
        var refused = m.Refused;
        var rows = await AuditAsync($"meetingId={m.MeetingId}");
        var row = Assert.Single(rows, r => r.GetProperty("commandId").GetString() == refused);
        Assert.Equal("Refused", row.GetProperty("outcome").GetString());
        Assert.Equal(403, row.GetProperty("status").GetInt32());
        Assert.Equal(f.Dinkes.Username, row.GetProperty("actor").GetString());
        Assert.Equal("DINKES", row.GetProperty("opd").GetString());
        Assert.Equal("127.0.0.1", row.GetProperty("clientAddress").GetString());
        // The commitment Dinkes tried to add for PUPR does not exist.
        var actionPoints = JsonDocument.Parse(snapshot).RootElement.GetProperty("actionPoints").EnumerateArray().ToList();
        Assert.Single(actionPoints);
        Assert.Equal(m.ActionPointId, actionPoints[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Sign_ins_are_recorded_with_the_username_and_never_the_password()
    {
        var username = "audit-probe-" + Guid.NewGuid().ToString("N")[..8];
        const string password = "Sandi-Rahasia-Yang-Salah-9137";
        var failed = await Api.PostAsync("/api/auth/token", null, new { username, password });
        Assert.Equal(401, failed.Status);
        var ok = Api.Expect(await Api.PostAsync("/api/auth/token", null, new { username = "kadis.dinkes", password = ServerProcess.DemoPassword }), 200, "sign in");
        var issued = ok.Json.GetProperty("accessToken").GetString()!;

        var all = await Api.GetAsync($"/api/audit?actor={username}", f.Secretariat.Token);
        Assert.Equal(200, all.Status);
        var row = Assert.Single(all.Json.GetProperty("items").EnumerateArray());
        Assert.Equal("Refused", row.GetProperty("outcome").GetString());
        Assert.Equal("/api/auth/token", row.GetProperty("route").GetString());
        Assert.Equal(401, row.GetProperty("status").GetInt32());
        var signedIn = (await AuditAsync("actor=kadis.dinkes")).First(r => r.GetProperty("route").GetString() == "/api/auth/token");
        Assert.Equal("SignedIn", signedIn.GetProperty("outcome").GetString());
        Assert.Equal("OpdHead", signedIn.GetProperty("role").GetString());
        Assert.Equal("DINKES", signedIn.GetProperty("opd").GetString());

        var everything = await Api.GetAsync("/api/audit?pageSize=200", f.Admin.Token);
        Assert.DoesNotContain(password, everything.Body);
        Assert.DoesNotContain(ServerProcess.DemoPassword, everything.Body);
        Assert.DoesNotContain(issued, everything.Body);
    }

    [Fact]
    public async Task Each_filter_narrows_and_pages_are_disjoint()
    {
        var a = await f.WalkAsync();
        var b = await f.WalkAsync();

        var ofA = await AuditAsync($"meetingId={a.MeetingId}");
        Assert.NotEmpty(ofA);
        Assert.All(ofA, r => Assert.Equal(a.MeetingId, r.GetProperty("meetingId").GetString()));
        Assert.DoesNotContain(ofA, r => b.Steps.Any(s => s.CommandId == r.GetProperty("commandId").GetString()));

        var pupr = await AuditAsync($"opd=pupr&meetingId={b.MeetingId}");
        Assert.All(pupr, r => Assert.Equal("PUPR", r.GetProperty("opd").GetString()));
        Assert.Equal(b.Steps.Count(s => s.Who.Opd == "PUPR"), pupr.Count);

        var chair = await AuditAsync($"actor={f.Chair.Username}&meetingId={a.MeetingId}");
        Assert.All(chair, r => Assert.Equal(f.Chair.Username, r.GetProperty("actor").GetString()));
        Assert.Equal(a.Steps.Count(s => s.Who == f.Chair), chair.Count);

        // from/to by the recorded times of meeting B's rows: from its first, to its last (both inclusive).
        var ofB = await AuditAsync($"meetingId={b.MeetingId}");
        var first = ofB.Select(r => r.GetProperty("at").GetDateTimeOffset()).Min();
        var last = ofB.Select(r => r.GetProperty("at").GetDateTimeOffset()).Max();
        var window = await AuditAsync($"from={Uri.EscapeDataString(first.ToString("O"))}&to={Uri.EscapeDataString(last.ToString("O"))}");
        Assert.All(window, r => Assert.InRange(r.GetProperty("at").GetDateTimeOffset(), first, last));
        Assert.All(ofB, r => Assert.Contains(window, w => w.GetProperty("id").GetString() == r.GetProperty("id").GetString()));
        Assert.DoesNotContain(window, w => ofA.Any(r => r.GetProperty("id").GetString() == w.GetProperty("id").GetString()));
        var before = await AuditAsync($"to={Uri.EscapeDataString(first.AddTicks(-1).ToString("O"))}&meetingId={b.MeetingId}");
        Assert.Empty(before);
        var after = await AuditAsync($"from={Uri.EscapeDataString(last.AddTicks(1).ToString("O"))}&meetingId={b.MeetingId}");
        Assert.Empty(after);

        // Paging: newest first, pages disjoint, the total the same on each page.
        var page1 = Api.Expect(await Api.GetAsync($"/api/audit?meetingId={b.MeetingId}&pageSize=3&page=1", f.Secretariat.Token), 200, "page 1").Json;
        var page2 = Api.Expect(await Api.GetAsync($"/api/audit?meetingId={b.MeetingId}&pageSize=3&page=2", f.Secretariat.Token), 200, "page 2").Json;
        Assert.Equal(ofB.Count, page1.GetProperty("total").GetInt32());
        Assert.Equal(ofB.Count, page2.GetProperty("total").GetInt32());
        var ids = page1.GetProperty("items").EnumerateArray().Concat(page2.GetProperty("items").EnumerateArray()).Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Equal(ofB.Take(6).Select(r => r.GetProperty("id").GetString()), ids);

        // A bad filter is a 400 problem, not an empty list.
        Assert.Null((await Api.GetAsync("/api/audit?from=kemarin", f.Secretariat.Token)).ProblemMismatch(400));
        Assert.Null((await Api.GetAsync("/api/audit?meetingId=bukan-id", f.Secretariat.Token)).ProblemMismatch(400));
    }

    [Fact]
    public async Task Routes_without_a_meeting_or_a_commandId_are_recorded_too()
    {
        var m = await f.WalkAsync();
        // Evidence: multipart, no commandId, idempotent by content: the same file twice is one change, one row.
        var text = System.Text.Encoding.UTF8.GetBytes("Laporan kemajuan " + Guid.NewGuid());
        MultipartFormDataContent File()
        {
            var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(text);
            file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");
            form.Add(file, "file", "laporan.txt");
            return form;
        }
        var first = Api.Expect(await Api.SendAsync(HttpMethod.Post, $"/api/action-points/{m.ActionPointId}/evidence", f.Pupr.Token, File()), 201, "upload");
        Api.Expect(await Api.SendAsync(HttpMethod.Post, $"/api/action-points/{m.ActionPointId}/evidence", f.Pupr.Token, File()), 201, "upload again");
        var evidenceId = first.Json.GetProperty("evidenceId").GetString();
        var uploads = (await AuditAsync($"meetingId={m.MeetingId}")).Where(r => r.GetProperty("route").GetString() == "/api/action-points/{id}/evidence").ToList();
        var upload = Assert.Single(uploads);
        Assert.Equal(evidenceId, upload.GetProperty("entityIds").GetProperty("created").GetString());
        Assert.Equal(f.Pupr.Username, upload.GetProperty("actor").GetString());

        // The calendar feed key: an agency's, no meeting; the key itself is not recorded.
        var rotated = Api.Expect(await Api.PostAsync("/api/opds/PUPR/feed-key", f.Pupr.Token, new { }), 200, "rotate feed key");
        var rows = await AuditAsync($"actor={f.Pupr.Username}");
        var row = rows.First(r => r.GetProperty("route").GetString() == "/api/opds/{code}/feed-key");
        Assert.Equal("PUPR", row.GetProperty("entityIds").GetProperty("code").GetString());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("meetingId").ValueKind);
        Assert.DoesNotContain(rotated.Json.GetProperty("key").GetString()!, string.Join("\n", rows.Select(r => r.GetRawText())));
    }

    [Fact]
    public async Task Only_secretariat_and_admin_read_it()
    {
        Assert.Equal(200, (await Api.GetAsync("/api/audit", f.Secretariat.Token)).Status);
        Assert.Equal(200, (await Api.GetAsync("/api/audit", f.Admin.Token)).Status);
        foreach (var who in new[] { f.Pupr, f.Chair, f.Viewer })
            Assert.Null((await Api.GetAsync("/api/audit", who.Token)).ProblemMismatch(403));
        Assert.Null((await Api.GetAsync("/api/audit", null)).ProblemMismatch(401));
    }

    [Fact]
    public async Task Nobody_edits_or_deletes_it_through_the_API()
    {
        await f.WalkAsync();
        var before = Api.Expect(await Api.GetAsync("/api/audit?pageSize=200", f.Admin.Token), 200, "read audit").Json;
        var firstId = before.GetProperty("items")[0].GetProperty("id").GetString();
        foreach (var method in new[] { HttpMethod.Put, HttpMethod.Patch, HttpMethod.Delete })
        foreach (var path in new[] { "/api/audit", $"/api/audit/{firstId}" })
        {
            var answer = await Api.SendAsync(method, path, f.Admin.Token, JsonContent.Create(new { commandId = Id(), actor = "nobody" }));
            Assert.True(answer.Status is 404 or 405, $"{method} {path}: {answer.Describe()}");
        }
        var after = Api.Expect(await Api.GetAsync("/api/audit?pageSize=200", f.Admin.Token), 200, "read audit").Json;
        // Only the GETs happened in between, and GETs are not recorded: the same rows, unchanged.
        Assert.Equal(before.GetProperty("total").GetInt32(), after.GetProperty("total").GetInt32());
        Assert.Equal(before.GetProperty("items").GetRawText(), after.GetProperty("items").GetRawText());
    }

    [Fact]
    public async Task The_database_itself_refuses_updates_and_deletes()
    {
        await f.WalkAsync();
        var total = Api.Expect(await Api.GetAsync("/api/audit", f.Admin.Token), 200, "read audit").Json.GetProperty("total").GetInt32();
        await using var connection = Store.Of(f.Server).Connection();
        await connection.OpenAsync();
        foreach (var sql in new[] { "UPDATE rakor_audit SET actor = 'nobody'", "DELETE FROM rakor_audit" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            var refused = await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", refused.Message);
        }
        Assert.Equal(total, Api.Expect(await Api.GetAsync("/api/audit", f.Admin.Token), 200, "read audit").Json.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task It_survives_a_restart()
    {
        var m = await f.WalkAsync();
        var before = (await AuditAsync($"meetingId={m.MeetingId}")).Select(r => r.GetRawText()).ToList();
        await f.RestartAsync();
        var after = (await AuditAsync($"meetingId={m.MeetingId}")).Select(r => r.GetRawText()).ToList();
        Assert.Equal(before, after);
    }

    private async Task<List<JsonElement>> AuditAsync(string query)
    {
        var answer = Api.Expect(await Api.GetAsync("/api/audit?pageSize=200&" + query, f.Secretariat.Token), 200, "read audit " + query);
        var items = answer.Json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(answer.Json.GetProperty("total").GetInt32(), items.Count);
        return items;
    }

    public sealed record Person(string Username, string Token, string DisplayName, string Role, string? Opd);

    public sealed record Step(Person Who, string Method, string Route, string EntityId, string CommandId, int Status, string? Created = null);

    public sealed record Walk(string MeetingId, string ActionPointId, IReadOnlyList<Step> Steps, string Refused);

    public abstract class Fixture(Engine engine) : IAsyncLifetime
    {
        private ServerProcess? _server;

        public Api Api { get; private set; } = null!;
        public ServerProcess Server => _server!;
        public Person Admin { get; private set; } = null!;
        public Person Secretariat { get; private set; } = null!;
        public Person Chair { get; private set; } = null!;
        public Person Pupr { get; private set; } = null!;
        public Person Dinkes { get; private set; } = null!;
        public Person Viewer { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _server = await ServerProcess.StartAsync(engine);
            Api = new Api(_server);
            Admin = await SignInAsync("admin", ServerProcess.AdminPassword);
            Secretariat = await SignInAsync("sekretariat");
            Chair = await SignInAsync("bupati");
            Pupr = await SignInAsync("kadis.pupr");
            Dinkes = await SignInAsync("kadis.dinkes");
            Viewer = await SignInAsync("layar");
        }

        private async Task<Person> SignInAsync(string username, string password = ServerProcess.DemoPassword)
        {
            var json = Api.Expect(await Api.PostAsync("/api/auth/token", null, new { username, password }), 200, "sign in " + username).Json;
            return new Person(username, json.GetProperty("accessToken").GetString()!, json.GetProperty("displayName").GetString()!,
                json.GetProperty("role").GetString()!, json.TryGetProperty("opd", out var opd) && opd.ValueKind == JsonValueKind.String ? opd.GetString() : null);
        }

        public Task RestartAsync() => _server!.StopAsync().ContinueWith(_ => _server.StartAsync()).Unwrap();

        /// <summary>
        /// A meeting run by several roles through state-changing routes of every kind (meeting, agenda item, action point,
        /// outcome, speakers), each step with its own commandId, plus one refused attempt (Dinkes adding for PUPR).
        /// </summary>
        public async Task<Walk> WalkAsync()
        {
            var steps = new List<Step>();
            async Task<Answer> Do(Person who, HttpMethod method, string path, string route, string entityId, object body, int status, string? ifMatch = null)
            {
                var commandId = Id();
                var payload = JsonSerializer.SerializeToElement(body);
                var withId = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(payload.GetRawText())!;
                withId["commandId"] = JsonSerializer.SerializeToElement(commandId);
                var answer = Api.Expect(await Api.SendAsync(method, path, who.Token, JsonContent.Create(withId), ifMatch), status, $"{method} {route} as {who.Username}");
                // The id a 201 made is the last segment of its Location.
                var created = answer.Headers.Location?.OriginalString is { Length: > 0 } location ? location[(location.LastIndexOf('/') + 1)..] : null;
                steps.Add(new Step(who, method.Method, route, entityId, commandId, status, created));
                return answer;
            }

            var meetingCommand = Id();
            var meeting = Api.Expect(await Api.PostAsync("/api/meetings", Secretariat.Token, new
            {
                commandId = meetingCommand, title = "Rakor audit", scheduledStart = Api.MeetingStart, location = "Aula Setda", chair = "Bupati",
            }), 201, "create meeting").Json.GetProperty("id").GetString()!;
            // POST /api/meetings has no {id}: its meeting is the one it created.
            steps.Add(new Step(Secretariat, "POST", "/api/meetings", "", meetingCommand, 201, meeting));
            var item = (await Do(Chair, HttpMethod.Post, $"/api/meetings/{meeting}/agenda-items", "/api/meetings/{id}/agenda-items", meeting,
                new { title = "Jalan kabupaten", presenterOpd = "PUPR", timeboxMinutes = 10 }, 201)).Json.GetProperty("id").GetString()!;
            await Do(Chair, HttpMethod.Post, $"/api/meetings/{meeting}/start", "/api/meetings/{id}/start", meeting, new { }, 200);
            await Do(Pupr, HttpMethod.Post, $"/api/meetings/{meeting}/attendance", "/api/meetings/{id}/attendance", meeting,
                new { opd = "PUPR", name = "Ir. Budi", position = "Kepala Dinas" }, 201);
            var actionPoint = await Do(Pupr, HttpMethod.Post, $"/api/meetings/{meeting}/action-points", "/api/meetings/{id}/action-points", meeting,
                Api.ActionPointBody("PUPR", ["DISHUB"]), 201);
            var actionPointId = actionPoint.Json.GetProperty("id").GetString()!;
            await Do(Secretariat, HttpMethod.Patch, $"/api/action-points/{actionPointId}", "/api/action-points/{id}", actionPointId,
                new { target = "Peta jalan 12 km" }, 200, $"\"{actionPoint.Json.GetProperty("version").GetInt32()}\"");
            await Do(Secretariat, HttpMethod.Post, $"/api/agenda-items/{item}/outcomes", "/api/agenda-items/{id}/outcomes", item,
                new { kind = "Decision", text = "Ruas Tubei prioritas." }, 201);

            var refused = Id();
            var attempt = await Api.PostAsync($"/api/meetings/{meeting}/action-points", Dinkes.Token, Api.ActionPointBody("PUPR", [], refused));
            if (attempt.Status != 403) throw new InvalidOperationException("Dinkes adding for PUPR should be refused: " + attempt.Describe());
            return new Walk(meeting, actionPointId, steps, refused);
        }

        public async Task DisposeAsync()
        {
            Api?.Dispose();
            if (_server is not null) await _server.DisposeAsync();
        }
    }
}
