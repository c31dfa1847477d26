using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using Ical.Net;
using Microsoft.AspNetCore.SignalR.Client;
using RakorLive.IntegrationTests.Infrastructure;
using RakorLive.IntegrationTests.Security;

namespace RakorLive.IntegrationTests;

/// <summary>
/// The loop after the meeting against a real server: carry-over live over real SignalR clients (both sequences
/// gap-free), the role walk with evidence, and the calendar feed with key rotation (parsed with Ical.Net).
/// </summary>
public abstract class FollowUpLoopTests(Live.LiveServerFixture f) : IDisposable
{
    private readonly Api _api = new(f.Server);

    public void Dispose() => _api.Dispose();

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4];

    private static MultipartFormDataContent FileContent(byte[] bytes, string name, string type = "application/octet-stream")
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(type);
        form.Add(file, "file", name);
        return form;
    }

    private static object Progress(int percent, string note, string[]? evidenceIds = null) =>
        new { commandId = Guid.NewGuid().ToString(), percent, note, evidenceIds };

    [Fact]
    public async Task A_carried_commitment_reported_during_the_next_rakor_arrives_in_both_sequences_gap_free_over_SignalR()
    {
        var secretariat = await _api.TokenAsync("sekretariat");
        var pupr = await _api.TokenAsync("kadis.pupr");
        var dinkes = await _api.TokenAsync("kadis.dinkes");
        var first = await _api.CreateMeetingAsync(secretariat, "Rakor Oktober");
        await _api.AddAgendaItemAsync(secretariat, first, "PUPR");
        await _api.StartAsync(secretariat, first);
        var (open, _) = await _api.CreateActionPointAsync(pupr, first, "PUPR");
        var (done, _) = await _api.CreateActionPointAsync(dinkes, first, "DINKES");
        Api.Expect(await _api.PostAsync($"/api/action-points/{done}/progress", dinkes, Progress(100, "Selesai")), 200, "done 100");
        Api.Expect(await _api.PostAsync($"/api/action-points/{done}/verify", secretariat, new { commandId = Guid.NewGuid().ToString(), accepted = true }), 200, "verify");
        await _api.CloseAsync(secretariat, first);

        var second = Api.Expect(await _api.PostAsync("/api/meetings", secretariat, new
        {
            commandId = "sec-" + Guid.NewGuid().ToString("N"), title = "Rakor November", scheduledStart = Api.MeetingStart, location = "Aula",
            chair = "Bupati", carryOverFrom = first,
        }), 201, "create follow-up rakor").Json;
        var secondId = second.GetProperty("id").GetString()!;
        var carried = second.GetProperty("carriedActionPoints").EnumerateArray().Select(a => a.GetProperty("id").GetString()).ToList();
        Assert.Equal([open], carried);
        Assert.Equal([open], second.GetProperty("agenda")[0].GetProperty("carriedActionPointIds").EnumerateArray().Select(e => e.GetString()));

        // A screen watching each meeting, over a real SignalR connection.
        var pushes = new ConcurrentDictionary<string, ConcurrentQueue<JsonElement>>();
        await using var screen = _api.Hub(await _api.TokenAsync("layar"));
        screen.On<JsonElement>("MeetingEvent", e => pushes.GetOrAdd(e.GetProperty("meetingId").GetString()!, _ => new()).Enqueue(e.Clone()));
        await screen.StartAsync();
        var joinedAt = new Dictionary<string, long>();
        foreach (var meeting in new[] { first, secondId })
        {
            var joined = await screen.InvokeAsync<JsonElement>("JoinMeeting", meeting, 0L);
            joinedAt[meeting] = joined.GetProperty("seq").GetInt64();
        }

        // The kepala OPD's tablet in rakor 2 (a join-code sign-in of that meeting) reports 100 % on rakor 1's commitment.
        var tablet = await _api.JoinTokenAsync(secretariat, secondId, "OpdHead", "PUPR");
        await _api.StartAsync(secretariat, secondId);
        var reported = Api.Expect(await _api.PostAsync($"/api/action-points/{open}/progress", tablet, Progress(100, "Dilaporkan di rakor November")), 200, "report").Json;
        Assert.Equal(secondId, reported.GetProperty("history").EnumerateArray().Last().GetProperty("meetingId").GetString());
        var version = reported.GetProperty("version").GetInt32();

        foreach (var meeting in new[] { first, secondId })
        {
            var deadline = DateTime.UtcNow.AddSeconds(15);
            bool Arrived() => pushes.TryGetValue(meeting, out var q) && q.Any(e => e.GetProperty("type").GetString() == "ProgressReported"
                && e.GetProperty("data").GetProperty("actionPoint").GetProperty("id").GetString() == open
                && e.GetProperty("data").GetProperty("actionPoint").GetProperty("version").GetInt32() == version);
            while (!Arrived() && DateTime.UtcNow < deadline) await Task.Delay(50);
            Assert.True(Arrived(), $"ProgressReported never reached meeting {meeting}");
            var seqs = pushes[meeting].Select(e => e.GetProperty("seq").GetInt64()).ToList();
            Assert.Equal(Enumerable.Range(1, seqs.Count).Select(i => joinedAt[meeting] + i), seqs);
        }
        var snapshot = JsonDocument.Parse(await _api.ReadAsync($"/api/meetings/{secondId}", secretariat)).RootElement;
        var held = snapshot.GetProperty("carriedActionPoints").EnumerateArray().Single();
        Assert.Equal(("AwaitingVerification", 100), (held.GetProperty("status").GetString(), held.GetProperty("progressPercent").GetInt32()));
        Assert.Equal([secondId], held.GetProperty("carriedInto").EnumerateArray().Select(e => e.GetString()));
        // The follow-up list counts it as carried once.
        var listed = JsonDocument.Parse(await _api.ReadWhenAsync($"/api/follow-ups?meetingId={first}", secretariat, b => b.Contains("\"carriedCount\":1"))).RootElement;
        Assert.Equal(1, listed.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == open).GetProperty("carriedCount").GetInt32());
    }

    [Fact]
    public async Task Role_walk_only_the_owner_reports_with_evidence_only_the_secretariat_verifies_and_refusals_change_nothing()
    {
        var secretariat = await _api.TokenAsync("sekretariat");
        var pupr = await _api.TokenAsync("kadis.pupr");
        var dinkes = await _api.TokenAsync("kadis.dinkes");
        var chair = await _api.TokenAsync("bupati");
        var meeting = await _api.CreateMeetingAsync(secretariat, "Rakor jalan");
        await _api.AddAgendaItemAsync(secretariat, meeting, "PUPR");
        await _api.StartAsync(secretariat, meeting);
        var (ap, _) = await _api.CreateActionPointAsync(pupr, meeting, "PUPR", "DINKES");
        var before = await _api.ReadAsync($"/api/action-points/{ap}", secretariat);

        Assert.Null((await _api.SendAsync(HttpMethod.Post, $"/api/action-points/{ap}/evidence", dinkes, FileContent(Png, "foto.png"))).ProblemMismatch(403));
        Assert.Null((await _api.PostAsync($"/api/action-points/{ap}/progress", dinkes, Progress(50, "Bukan kami"))).ProblemMismatch(403));
        Assert.Null((await _api.PostAsync($"/api/action-points/{ap}/progress", secretariat, Progress(50, "Sekretariat"))).ProblemMismatch(403));
        Assert.Equal(before, await _api.ReadAsync($"/api/action-points/{ap}", secretariat));

        // The type comes from the bytes: a PNG named .pdf is a PNG; the same bytes twice are the same evidence.
        var uploaded = Api.Expect(await _api.SendAsync(HttpMethod.Post, $"/api/action-points/{ap}/evidence", pupr, FileContent(Png, "laporan.pdf", "application/pdf")), 201, "upload").Json;
        Assert.Equal(("image/png", Png.Length), (uploaded.GetProperty("contentType").GetString(), uploaded.GetProperty("size").GetInt32()));
        var again = Api.Expect(await _api.SendAsync(HttpMethod.Post, $"/api/action-points/{ap}/evidence", pupr, FileContent(Png, "lagi.png")), 201, "upload again").Json;
        var evidenceId = uploaded.GetProperty("evidenceId").GetString()!;
        Assert.Equal(evidenceId, again.GetProperty("evidenceId").GetString());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Png)), uploaded.GetProperty("sha256").GetString());
        using (var http = new HttpClient { BaseAddress = f.Server.BaseAddress })
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", dinkes);
            using var response = await http.GetAsync($"/api/evidence/{evidenceId}");
            Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(Png, await response.Content.ReadAsByteArrayAsync());
        }
        Assert.Null((await _api.SendAsync(HttpMethod.Post, $"/api/action-points/{ap}/evidence", pupr, FileContent("MZ\u0090\0"u8.ToArray(), "x.png"))).ProblemMismatch(415));

        var report = Api.Expect(await _api.PostAsync($"/api/action-points/{ap}/progress", pupr, Progress(100, "Peta jalan disahkan", [evidenceId])), 200, "report").Json;
        Assert.Equal("AwaitingVerification", report.GetProperty("status").GetString());
        var awaiting = await _api.ReadAsync($"/api/action-points/{ap}", secretariat);
        foreach (var token in new[] { pupr, dinkes, chair })
            Assert.Null((await _api.PostAsync($"/api/action-points/{ap}/verify", token, new { commandId = Guid.NewGuid().ToString(), accepted = true })).ProblemMismatch(403));
        Assert.Equal(awaiting, await _api.ReadAsync($"/api/action-points/{ap}", secretariat));
        var verified = Api.Expect(await _api.PostAsync($"/api/action-points/{ap}/verify", secretariat, new { commandId = Guid.NewGuid().ToString(), accepted = true }), 200, "verify").Json;
        Assert.Equal("Done", verified.GetProperty("status").GetString());
        Assert.Null((await _api.PostAsync($"/api/action-points/{ap}/progress", pupr, Progress(90, "Lagi"))).ProblemMismatch(409));
    }

    [Fact]
    public async Task The_calendar_feed_lists_open_deadlines_and_a_rotated_key_retires_the_old_one()
    {
        var secretariat = await _api.TokenAsync("sekretariat");
        var dishub = await _api.TokenAsync("kadis.pupr");
        var meeting = await _api.CreateMeetingAsync(secretariat, "Rakor kalender");
        await _api.AddAgendaItemAsync(secretariat, meeting, "PUPR");
        await _api.StartAsync(secretariat, meeting);
        var (ap, _) = await _api.CreateActionPointAsync(dishub, meeting, "PUPR");
        Assert.Null((await _api.PostAsync("/api/opds/PUPR/feed-key", await _api.TokenAsync("kadis.dinkes"), new { })).ProblemMismatch(403));

        var first = Api.Expect(await _api.PostAsync("/api/opds/PUPR/feed-key", dishub, new { }), 200, "rotate").Json;
        var key = first.GetProperty("key").GetString()!;
        Assert.EndsWith($"/api/opds/PUPR/deadlines.ics?key={Uri.EscapeDataString(key)}", first.GetProperty("url").GetString());
        var ics = await _api.ReadWhenAsync($"/api/opds/PUPR/deadlines.ics?key={Uri.EscapeDataString(key)}", secretariat, b => b.Contains(ap[..8], StringComparison.Ordinal));
        var calendar = Calendar.Load(ics)!;
        var deadline = calendar.Events.Single(e => e.Uid == ap + "@rakorlive");
        Assert.Equal(new DateOnly(2026, 12, 15), DateOnly.FromDateTime(deadline.DtStart!.Value));
        Assert.False(deadline.DtStart.HasTime);
        Assert.StartsWith("Batas waktu: Menyusun peta jalan", deadline.Summary);
        Assert.Contains("Sasaran: Warga Kecamatan Sukamaju", deadline.Description);

        var second = Api.Expect(await _api.PostAsync("/api/opds/PUPR/feed-key", secretariat, new { }), 200, "rotate again").Json.GetProperty("key").GetString()!;
        Assert.Null((await _api.GetAsync($"/api/opds/PUPR/deadlines.ics?key={Uri.EscapeDataString(key)}", null)).ProblemMismatch(404));
        Assert.Equal(200, (await _api.GetAsync($"/api/opds/PUPR/deadlines.ics?key={Uri.EscapeDataString(second)}", null)).Status);
    }
}

public sealed class FollowUpLoopTestsOnSqlite(FollowUpLoopTestsOnSqlite.Server f) : FollowUpLoopTests(f), IClassFixture<FollowUpLoopTestsOnSqlite.Server>
{
    public sealed class Server() : Live.LiveServerFixture(Engine.Sqlite);
}

public sealed class FollowUpLoopTestsOnPostgreSql(FollowUpLoopTestsOnPostgreSql.Server f) : FollowUpLoopTests(f), IClassFixture<FollowUpLoopTestsOnPostgreSql.Server>
{
    public sealed class Server() : Live.LiveServerFixture(Engine.PostgreSQL);
}
