using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using RakorLive.IntegrationTests.Infrastructure;

namespace RakorLive.IntegrationTests.Security;

/// <summary>Who calls in the scope tests: every role, the join-code tokens of meeting 1 for every role a code can carry, and nobody.</summary>
public enum Person
{
    Admin,
    Secretariat,
    Chair,
    /// <summary>kepala OPD of agency A (Dinas PUPR).</summary>
    HeadA,
    /// <summary>kepala OPD of agency B (Dinas Kesehatan).</summary>
    HeadB,
    Viewer,
    /// <summary>Join-code tokens of meeting 1 (Chair, OpdHead of A, OpdHead of B, Viewer: the roles a join code can carry).</summary>
    Join1Chair,
    Join1HeadA,
    Join1HeadB,
    Join1Viewer,
    Anonymous,
}

/// <summary>
/// One server and the world the scope tests probe, made once: meeting 0 (closed, notulen approved; its open PUPR commitment
/// is carried into meeting 1), meeting 1 (the join codes' own meeting) and meeting 2 (another meeting), each with agenda,
/// commitments of agency A (PUPR) and agency B (DINKES), outcomes, speakers, evidence and join codes.
/// </summary>
public abstract class ScopeWorld(Engine engine) : IAsyncLifetime
{
    public const string A = "PUPR", B = "DINKES";

    private readonly Dictionary<Person, string?> _tokens = [];
    private HubConnections<Person>? _hubs;
    private ServerProcess? _server;

    public Api Api { get; private set; } = null!;
    public ServerProcess Server => _server!;

    public string M0 { get; private set; } = "";
    public string I0 { get; private set; } = "";
    public string Ap0A { get; private set; } = "";
    public string Ap0B { get; private set; } = "";
    public string O0 { get; private set; } = "";
    public string Sha0 { get; private set; } = "";
    public string M1 { get; private set; } = "";
    public string I1 { get; private set; } = "";
    public string Ap1A { get; private set; } = "";
    public string Ap1B { get; private set; } = "";
    public string O1 { get; private set; } = "";
    public string S1A { get; private set; } = "";
    public string E1A { get; private set; } = "";
    public string M2 { get; private set; } = "";
    public string I2 { get; private set; } = "";
    public string I2Next { get; private set; } = "";
    public string Ap2A { get; private set; } = "";
    public string Ap2B { get; private set; } = "";
    public string Ap2Waiting { get; private set; } = "";
    public string O2 { get; private set; } = "";
    public string S2A { get; private set; } = "";
    public string S2B { get; private set; } = "";
    public string E2A { get; private set; } = "";
    public string E0A { get; private set; } = "";
    public string Code2 { get; private set; } = "";
    public long Epoch2 { get; private set; }
    /// <summary>The feed key of agency B's calendar.</summary>
    public string FeedKeyB { get; private set; } = "";
    /// <summary>commandIds already used in meeting 2, by the secretariat (an edit of Ap2A) and by A's head (progress on Ap2A, a check-in, a speaker request, a commitment).</summary>
    public string EditCommand2 { get; private set; } = "";
    public string ProgressCommand2 { get; private set; } = "";
    public string CheckInCommand2 { get; private set; } = "";
    public string SpeakerCommand2 { get; private set; } = "";
    public string CreateCommand2 { get; private set; } = "";
    public string WithdrawCommand2 { get; private set; } = "";
    public string S2Withdrawn { get; private set; } = "";

    public string? Token(Person who) => _tokens[who];

    public static bool IsJoin(Person who) => who is Person.Join1Chair or Person.Join1HeadA or Person.Join1HeadB or Person.Join1Viewer;

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync(engine);
        Api = new Api(_server);
        foreach (var (who, username) in new (Person, string)[]
                 {
                     (Person.Admin, "admin"), (Person.Secretariat, "sekretariat"), (Person.Chair, "bupati"),
                     (Person.HeadA, "kadis.pupr"), (Person.HeadB, "kadis.dinkes"), (Person.Viewer, "layar"),
                 })
            _tokens[who] = await Api.TokenAsync(username);
        _tokens[Person.Anonymous] = null;
        var sec = _tokens[Person.Secretariat]!;
        var chair = _tokens[Person.Chair]!;
        var headA = _tokens[Person.HeadA]!;
        var headB = _tokens[Person.HeadB]!;

        // Meeting 0: last month's rakor, closed with an approved notulen; A's open commitment travels on, B's dropped one stays.
        M0 = await Api.CreateMeetingAsync(sec, "Rakor bulan lalu");
        I0 = await Api.AddAgendaItemAsync(sec, M0, A);
        await Api.StartAsync(sec, M0);
        Ap0A = (await Api.CreateActionPointAsync(headA, M0, A)).Id;
        E0A = await UploadAsync(headA, Ap0A, "Foto ruas jalan bulan lalu");
        var (ap0B, v0B) = await Api.CreateActionPointAsync(headB, M0, B);
        Ap0B = ap0B;
        Api.Expect(await Api.PatchAsync($"/api/action-points/{Ap0B}", sec, new { commandId = Id(), status = "Dropped", statusReason = "Anggaran dialihkan" }, $"\"{v0B}\""), 200, "drop B's commitment");
        O0 = await OutcomeAsync(sec, I0, "Keputusan bulan lalu");
        await Api.CloseAsync(sec, M0);
        Api.Expect(await Api.PostAsync($"/api/meetings/{M0}/notulen/submit", sec, new { commandId = Id() }), 200, "submit notulen 0");
        Sha0 = Api.Expect(await Api.PostAsync($"/api/meetings/{M0}/notulen/approve", chair, new { commandId = Id() }), 200, "approve notulen 0")
            .Json.GetProperty("sha256").GetString()!;

        // Meeting 1: carries meeting 0's open commitment; its join codes are the tokens under test.
        M1 = Api.Expect(await Api.PostAsync("/api/meetings", sec, new
        {
            commandId = Id(), title = "Rakor bulan ini", scheduledStart = Api.MeetingStart, location = "Aula Setda", chair = "Bupati", carryOverFrom = M0,
        }), 201, "create meeting 1 carrying meeting 0").Json.GetProperty("id").GetString()!;
        I1 = await Api.AddAgendaItemAsync(sec, M1, A);
        await Api.StartAsync(sec, M1);
        Ap1A = (await Api.CreateActionPointAsync(headA, M1, A)).Id;
        Ap1B = (await Api.CreateActionPointAsync(headB, M1, B)).Id;
        O1 = await OutcomeAsync(sec, I1, "Catatan rapat ini");
        S1A = await SpeakerAsync(headA, M1, Id());
        E1A = await UploadAsync(headA, Ap1A, "Berita acara rapat ini");
        _tokens[Person.Join1Chair] = await Api.JoinTokenAsync(sec, M1, "Chair", null);
        _tokens[Person.Join1HeadA] = await Api.JoinTokenAsync(sec, M1, "OpdHead", A);
        _tokens[Person.Join1HeadB] = await Api.JoinTokenAsync(sec, M1, "OpdHead", B);
        _tokens[Person.Join1Viewer] = await Api.JoinTokenAsync(sec, M1, "Viewer", null);

        // Meeting 2: another meeting, live, with something of every kind.
        M2 = await Api.CreateMeetingAsync(sec, "Rakor lain");
        I2 = await Api.AddAgendaItemAsync(sec, M2, A);
        I2Next = await Api.AddAgendaItemAsync(sec, M2, B);
        await Api.StartAsync(sec, M2);
        CreateCommand2 = Id();
        var created = Api.Expect(await Api.PostAsync($"/api/meetings/{M2}/action-points", headA, Api.ActionPointBody(A, [B], CreateCommand2)), 201, "create Ap2A").Json;
        Ap2A = created.GetProperty("id").GetString()!;
        var v2A = created.GetProperty("version").GetInt32();
        Ap2B = (await Api.CreateActionPointAsync(headB, M2, B, A)).Id;
        Ap2Waiting = (await Api.CreateActionPointAsync(headA, M2, A)).Id;
        Api.Expect(await Api.PostAsync($"/api/action-points/{Ap2Waiting}/progress", headA, new { commandId = Id(), percent = 100, note = "Selesai" }), 200, "report 100 %");
        EditCommand2 = Id();
        Api.Expect(await Api.PatchAsync($"/api/action-points/{Ap2A}", sec, new { commandId = EditCommand2, target = "Peta jalan 12 km" }, $"\"{v2A}\""), 200, "edit Ap2A");
        ProgressCommand2 = Id();
        Api.Expect(await Api.PostAsync($"/api/action-points/{Ap2A}/progress", headA, new { commandId = ProgressCommand2, percent = 10, note = "Survei" }), 200, "progress Ap2A");
        CheckInCommand2 = Id();
        Api.Expect(await Api.PostAsync($"/api/meetings/{M2}/attendance", headA, new { commandId = CheckInCommand2, opd = A, name = "Ir. Budi", position = "Kepala Dinas" }), 201, "check in A");
        O2 = await OutcomeAsync(sec, I2, "Arahan rapat lain");
        SpeakerCommand2 = Id();
        S2A = await SpeakerAsync(headA, M2, SpeakerCommand2);
        S2B = await SpeakerAsync(headB, M2, Id());
        S2Withdrawn = await SpeakerAsync(headA, M2, Id());
        WithdrawCommand2 = Id();
        Api.Expect(await Api.SendAsync(HttpMethod.Delete, $"/api/meetings/{M2}/speakers/{S2Withdrawn}?commandId={WithdrawCommand2}", headA), 200, "withdraw");
        E2A = await UploadAsync(headA, Ap2A, "Foto lokasi rapat lain");
        Code2 = await Api.IssueJoinCodeAsync(sec, M2, "Viewer");
        Epoch2 = JsonDocument.Parse(await Api.ReadAsync($"/api/meetings/{M2}", sec)).RootElement.GetProperty("epoch").GetInt64();
        FeedKeyB = Api.Expect(await Api.PostAsync($"/api/opds/{B}/feed-key", sec, new { }), 200, "rotate B's feed key").Json.GetProperty("key").GetString()!;
    }

    public static string Id() => "scope-" + Guid.NewGuid().ToString("N");

    public static MultipartFormDataContent TextFile(string text)
    {
        var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(text)), "file", "bukti.txt");
        return form;
    }

    private async Task<string> UploadAsync(string token, string actionPoint, string text) =>
        Api.Expect(await Api.SendAsync(HttpMethod.Post, $"/api/action-points/{actionPoint}/evidence", token, TextFile(text)), 201, "upload evidence")
            .Json.GetProperty("evidenceId").GetString()!;

    private async Task<string> OutcomeAsync(string token, string item, string text) =>
        Api.Expect(await Api.PostAsync($"/api/agenda-items/{item}/outcomes", token, new { commandId = Id(), kind = "Decision", text }), 201, "record outcome")
            .Json.GetProperty("id").GetString()!;

    private async Task<string> SpeakerAsync(string token, string meeting, string commandId) =>
        Api.Expect(await Api.PostAsync($"/api/meetings/{meeting}/speakers", token, new { commandId }), 201, "ask to speak")
            .Json.GetProperty("id").GetString()!;

    /// <summary>Everything a route can show, read as the secretariat and the admin: the meetings, the follow-ups, the notifications, the directory.</summary>
    public async Task<Dictionary<string, string>> ObserveAsync()
    {
        var sec = _tokens[Person.Secretariat]!;
        var admin = _tokens[Person.Admin]!;
        var views = new (string Path, string Token)[]
        {
            ($"/api/meetings/{M0}", sec), ($"/api/meetings/{M1}", sec), ($"/api/meetings/{M2}", sec), ("/api/meetings", sec),
            ("/api/follow-ups?pageSize=200", sec), ($"/api/opds/{A}/action-points", sec), ($"/api/opds/{B}/action-points", sec),
            ("/api/notifications", admin), ("/api/notifications/deliveries", admin), ("/api/opds", sec), ("/api/users", admin),
        };
        var bodies = await Task.WhenAll(views.Select(v => Api.ReadAsync(v.Path, v.Token)));
        var observed = views.Select((v, i) => (v.Path, bodies[i])).ToDictionary(x => x.Path, x => x.Item2);
        foreach (var m in new[] { M0, M1, M2 }) observed[$"seq of {m}"] = Api.Seq(observed[$"/api/meetings/{m}"]).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return observed;
    }

    /// <summary>One connection per caller, opened on first use.</summary>
    public Task<HubConnection> HubAsync(Person who) => (_hubs ??= new(Api, caller => _tokens[caller])).For(who);

    public async Task DisposeAsync()
    {
        if (_hubs is not null) await _hubs.DisposeAsync();
        Api?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
    }
}
