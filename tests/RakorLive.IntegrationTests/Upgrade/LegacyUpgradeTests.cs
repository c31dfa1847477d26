using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RakorLive.IntegrationTests.Infrastructure;
using RakorLive.IntegrationTests.Security;

namespace RakorLive.IntegrationTests.Upgrade;

/// <summary>
/// Acceptance: "a data directory or database written by the current release still opens". The store the first
/// release (ab4a55f) wrote, driven through its API (tests/fixtures/legacy-v1), is upgraded when this release starts
/// on it, and everything the first release answered is answered the same: meetings with their seq and epoch, agenda,
/// commitments with versions and history, attendance, agencies, users and their passwords, join codes, the agencies'
/// ledgers, catch-up; old commandIds replay; new commands continue the sequence; a second start changes nothing.
/// </summary>
public abstract class LegacyUpgradeTests
{
    protected abstract Engine Engine { get; }

    [Fact]
    public async Task FirstReleaseStore_IsUpgradedAtStartUp_AndAnswersAsTheFirstReleaseDid()
    {
        await using var store = await LegacyStore.CopyAsync(Engine);
        var expected = store.Expected;
        await using var server = await ServerProcess.StartAsync(store.DataDirectory, ownsDataDirectory: false, store.ServerArgs);
        using var api = new Api(server);
        Assert.Contains("Upgrading the data of the first release", server.Output);
        Assert.Contains("Upgrade of the first release's data done", server.Output);

        var tokens = new Dictionary<string, string>();
        async Task<string> Token(string user) => tokens.TryGetValue(user, out var t) ? t : tokens[user] = await SignInAsync(api, user, Password(expected, user));
        var secretariat = await Token("sekretariat");

        // ---------- everything the first release answered ----------
        await AssertAsRecorded(api, expected, secretariat, await Token("admin"), "after the upgrade");

        // Every user signs in with the password the first release knew, with the same role and agency.
        foreach (var user in expected["users"]!.AsArray())
        {
            var username = (string)user!["username"]!;
            var answer = await api.PostAsync("/api/auth/token", null, new { username, password = Password(expected, username) });
            Assert.True(answer.Status == 200, $"{username} cannot sign in after the upgrade: {answer}");
            Assert.Equal((string)user["role"]!, answer.Json.GetProperty("role").GetString());
            Assert.Equal((string?)user["opd"], answer.Json.TryGetProperty("opd", out var opd) ? opd.GetString() : null);
        }

        // Join codes: indexed to their meeting; while still valid they sign a tablet in to that meeting only.
        foreach (var code in expected["joinCodes"]!.AsArray())
        {
            var value = (string)code!["code"]!;
            var meetingId = (string)code["meetingId"]!;
            Assert.Equal(meetingId, (string?)await store.ScalarAsync(
                "SELECT meeting_id FROM rakor_entity_owners WHERE service_id = 'rakorlive' AND entity_id = @e", ("e", "joincode:" + value)));
            var join = await api.PostAsync("/api/auth/join", null, new { code = value });
            if (DateTimeOffset.Parse((string)code["expiresAt"]!) > DateTimeOffset.UtcNow.AddMinutes(1))
            {
                Assert.True(join.Status == 200, $"join code {value} does not sign in after the upgrade: {join}");
                Assert.Equal((string)code["role"]!, join.Json.GetProperty("role").GetString());
                var tablet = join.Json.GetProperty("accessToken").GetString()!;
                Assert.Equal(200, (await api.GetAsync($"/api/meetings/{meetingId}", tablet)).Status);
                var other = expected["meetings"]!.AsArray().Select(m => (string)m!["id"]!).First(id => id != meetingId);
                Assert.Equal(403, (await api.GetAsync($"/api/meetings/{other}", tablet)).Status);
            }
            else
            {
                // The first release issued codes for at most 72 hours: an expired one is refused like any unknown code.
                Assert.Equal(401, join.Status);
            }
        }

        // ---------- every recorded commandId answers its first result again and changes nothing ----------
        foreach (var command in expected["commands"]!.AsArray())
        {
            var method = new HttpMethod((string)command!["method"]!);
            var path = (string)command["path"]!;
            var ifMatch = (string?)command["ifMatch"];
            var replay = await api.SendAsync(method, path, await Token((string)command["caller"]!),
                new StringContent(command["body"]!.ToJsonString(), Encoding.UTF8, "application/json"), ifMatch is null ? null : $"\"{ifMatch}\"");
            var what = $"replay of {method} {path} ({command["body"]!["commandId"]})";
            Assert.True(replay.IsSuccess, $"{what}: {replay}");
            Assert.True(replay.Headers.TryGetValues("Idempotent-Replay", out var flag) && flag.Single() == "true", $"{what} is not marked as a replay: {replay}");
            var recorded = command["response"]!;
            foreach (var key in new[] { "id", "code" })
                if (recorded[key] is { } id) Assert.Equal((string)id!, replay.Json.GetProperty(key).GetString());
            var isCreation = path == "/api/meetings";
            var seq = long.Parse(replay.Headers.GetValues("X-Rakor-Seq").Single());
            if (isCreation)
            {
                // Creating a meeting answers with the meeting as it is now, as the first release did.
                Assert.Equal((long)Snapshot(expected, (string)recorded["id"]!)["seq"]!, seq);
            }
            else if (command["seq"] is { } first)
            {
                Assert.Equal((long)first, seq);
            }
        }
        await AssertAsRecorded(api, expected, secretariat, await Token("admin"), "after replaying every recorded commandId");

        // ---------- new commands continue each meeting's sequence in the same epoch ----------
        var meetingB = (string)expected["named"]!["meetingB"]!;
        var b = Snapshot(expected, meetingB);
        var (seqB, epochB) = ((long)b["seq"]!, (long)b["epoch"]!);
        var added = await api.PostAsync($"/api/meetings/{meetingB}/action-points", await Token("kepala.brida"), new
        {
            commandId = "after-upgrade-brida-1",
            ownerOpd = "BRIDA",
            supportingOpds = new[] { "DISKOMINFO", "DINKES" },
            description = "Uji coba aplikasi antrean di dua puskesmas",
            target = "2 puskesmas",
            beneficiaries = "Pasien puskesmas",
            benefit = "Antrean tertib",
            dueDate = "2027-02-15",
        });
        Assert.True(added.Status == 201, $"a new commitment in a migrated meeting: {added}");
        Assert.Equal(seqB + 1, long.Parse(added.Headers.GetValues("X-Rakor-Seq").Single()));
        Assert.Equal(epochB, long.Parse(added.Headers.GetValues("X-Rakor-Epoch").Single()));
        var newActionPoint = added.Json.GetProperty("id").GetString()!;

        // An old commitment of the follow-up meeting, edited with the version the first release gave it.
        var oldActionPoint = b["actionPoints"]!.AsArray().Single()!;
        var edited = await api.PatchAsync($"/api/action-points/{oldActionPoint["id"]}", await Token("kepala.brida"),
            new { commandId = "after-upgrade-brida-2", target = "1 dokumen kajian dan purwarupa" }, $"\"{oldActionPoint["version"]}\"");
        Assert.True(edited.Status == 200, $"editing a migrated commitment: {edited}");
        Assert.Equal((int)oldActionPoint["version"]! + 1, edited.Json.GetProperty("version").GetInt32());
        Assert.Equal(seqB + 2, long.Parse(edited.Headers.GetValues("X-Rakor-Seq").Single()));

        var catchUp = await api.GetAsync($"/api/meetings/{meetingB}/events?afterSeq={seqB}&epoch={epochB}", secretariat);
        Assert.Equal([seqB + 1, seqB + 2], catchUp.Json.EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()).ToArray());
        Assert.Equal(["ActionPointAdded", "ActionPointUpdated"], catchUp.Json.EnumerateArray().Select(e => e.GetProperty("type").GetString()!).ToArray());
        var all = await api.GetAsync($"/api/meetings/{meetingB}/events?afterSeq=0", secretariat);
        Assert.Equal(Enumerable.Range(1, (int)seqB + 2).Select(i => (long)i), all.Json.EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()));
        var ledger = await Eventually(async () =>
        {
            var answer = await api.GetAsync("/api/opds/DINKES/action-points", secretariat);
            return answer.Json.EnumerateArray().Any(a => a.GetProperty("id").GetString() == newActionPoint) ? answer : null;
        }, "the DINKES ledger to list the new commitment");
        Assert.Equal(Ledger(expected, "DINKES").Append(newActionPoint).Order(StringComparer.Ordinal),
            ledger.Json.EnumerateArray().Select(a => a.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        var meetingAfterCommands = (await api.GetAsync($"/api/meetings/{meetingB}", secretariat)).Body;

        // ---------- a second start finds the upgrade done and changes nothing ----------
        await server.StopAsync();
        var before = await store.FingerprintAsync();
        await server.StartAsync();
        Assert.Equal(1, Occurrences(server.Output, "Upgrading the data of the first release"));
        Assert.Equal(before, await store.FingerprintAsync());
        Assert.Equal(1, await store.CountAsync("SELECT COUNT(*) FROM rakorlive_migrations WHERE service_id = 'rakorlive' AND name = 'legacy-v1'"));
        tokens.Clear();
        secretariat = await Token("sekretariat");
        Assert.Equal(Normalize(JsonNode.Parse(meetingAfterCommands)), Normalize(JsonNode.Parse((await api.GetAsync($"/api/meetings/{meetingB}", secretariat)).Body)));
        foreach (var meeting in expected["meetings"]!.AsArray().Select(m => (string)m!["id"]!).Where(id => id != meetingB))
            AssertSame(Snapshot(expected, meeting), await api.GetAsync($"/api/meetings/{meeting}", secretariat), $"meeting {meeting} after the second start");

        // The first release's rows are all still there: the ones the new release reads rewritten, their originals kept.
        Assert.Equal(expected["meetings"]!.AsArray().Count, await store.CountAsync("SELECT COUNT(*) FROM orleans_storage WHERE state_name = 'meeting'"));
        Assert.Equal(expected["joinCodes"]!.AsArray().Count, await store.CountAsync("SELECT COUNT(*) FROM orleans_storage WHERE state_name = 'joincode'"));
        Assert.True(await store.CountAsync("SELECT COUNT(*) FROM rakorlive_legacy_storage WHERE state_name IN ('opds', 'users', 'meetings')") == 3,
            "the first release's directory rows are not kept in rakorlive_legacy_storage");
    }

    [Fact]
    public async Task AnUnreadableFirstReleaseRow_RefusesTheStart_NamingTheRow_AndTheDocumentedOptionUpgradesTheRest()
    {
        await using var store = await LegacyStore.CopyAsync(Engine);
        var expected = store.Expected;
        var meetingA = (string)expected["named"]!["meetingA"]!;
        Assert.Equal(1, await store.ExecuteAsync("UPDATE orleans_storage SET payload = @p WHERE state_name = 'meeting' AND key_string = @k",
            ("p", new byte[] { 0x00, 0xFF, 0x13, 0x37, 0x42 }), ("k", meetingA)));
        var pristine = await store.FingerprintAsync();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ServerProcess.StartAsync(store.DataDirectory, ownsDataDirectory: false, store.ServerArgs));
        Assert.Contains("exited with code 3", refused.Message);
        Assert.Contains($"state_name 'meeting', key '{meetingA}'", refused.Message);
        Assert.Contains("Nothing has been migrated or changed", refused.Message);
        Assert.Contains($"--RakorLive:Upgrade:Exclude=meeting/{meetingA}", refused.Message);
        Assert.Contains("Upgrading from the first release", refused.Message);
        Assert.Equal(pristine, await store.FingerprintAsync());

        // The operator decides to leave that meeting out: everything else is upgraded, the row stays as it is.
        await using var server = await ServerProcess.StartAsync(store.DataDirectory, ownsDataDirectory: false,
            [.. store.ServerArgs, $"--RakorLive:Upgrade:Exclude=meeting/{meetingA}"]);
        using var api = new Api(server);
        var secretariat = await SignInAsync(api, "sekretariat", Password(expected, "sekretariat"));
        Assert.Equal(404, (await api.GetAsync($"/api/meetings/{meetingA}", secretariat)).Status);
        var listed = (await api.GetAsync("/api/meetings", secretariat)).Json.EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToHashSet();
        foreach (var meeting in expected["meetings"]!.AsArray().Select(m => (string)m!["id"]!).Where(id => id != meetingA))
        {
            Assert.Contains(meeting, listed);
            AssertSame(Snapshot(expected, meeting), await api.GetAsync($"/api/meetings/{meeting}", secretariat), $"meeting {meeting}");
        }
        Assert.DoesNotContain(meetingA, listed);
        Assert.Equal(1, await store.CountAsync("SELECT COUNT(*) FROM orleans_storage WHERE state_name = 'meeting' AND key_string = @k", ("k", meetingA)));
        Assert.Contains($"meeting/{meetingA}", (string?)await store.ScalarAsync("SELECT summary FROM rakorlive_migrations WHERE name = 'legacy-v1'"));
    }

    // ---------- the recorded answers ----------

    private static async Task AssertAsRecorded(Api api, JsonNode expected, string token, string adminToken, string when)
    {
        var meetings = (await api.GetAsync("/api/meetings", token)).Json;
        var recordedList = new JsonArray(expected["meetings"]!.AsArray().Select(m =>
        {
            var line = m!.DeepClone().AsObject();
            line.Remove("seq");
            line.Remove("epoch");
            return (JsonNode?)line;
        }).ToArray());
        Assert.Equal(Normalize(recordedList), Normalize(JsonNode.Parse(meetings.GetRawText())));

        foreach (var (id, snapshot) in expected["snapshots"]!.AsObject())
        {
            AssertSame(snapshot!, await api.GetAsync($"/api/meetings/{id}", token), $"meeting {id} {when}");
            AssertSame(expected["events"]![id]!, await api.GetAsync($"/api/meetings/{id}/events?afterSeq=0", token), $"the events of meeting {id} {when}");
            // Catch-up from a position inside the history, in the meeting's epoch; another epoch gets 410.
            var seq = (long)snapshot!["seq"]!;
            var epoch = (long)snapshot["epoch"]!;
            var tail = new JsonArray(expected["events"]![id]!.AsArray().Where(e => (long)e!["seq"]! > seq - 3).Select(e => e!.DeepClone()).ToArray());
            AssertSame(tail, await api.GetAsync($"/api/meetings/{id}/events?afterSeq={seq - 3}&epoch={epoch}", token), $"catch-up of meeting {id} {when}");
            Assert.Equal(410, (await api.GetAsync($"/api/meetings/{id}/events?afterSeq={seq - 3}&epoch={epoch + 1}", token)).Status);
            foreach (var item in snapshot["agenda"]!.AsArray())
            {
                var view = await api.GetAsync($"/api/agenda-items/{item!["id"]}", token);
                Assert.True(view.Status == 200, $"agenda item {item["id"]} {when}: {view}");
                AssertSame(item, view.Json.GetProperty("item"), $"agenda item {item["id"]} {when}");
                var commitments = (item["carriedActionPointIds"] as JsonArray ?? []).Select(c => (string)c!)
                    .Concat(snapshot["actionPoints"]!.AsArray().Where(a => (string?)a!["agendaItemId"] == (string)item["id"]!).Select(a => (string)a!["id"]!));
                Assert.Equal(commitments, view.Json.GetProperty("actionPointIds").EnumerateArray().Select(a => a.GetString()!));
            }
        }
        foreach (var (id, actionPoint) in expected["actionPoints"]!.AsObject())
        {
            var answer = await api.GetAsync($"/api/action-points/{id}", token);
            AssertSame(actionPoint!, answer, $"action point {id} {when}");
            Assert.Equal((int)actionPoint!["version"]!, answer.ETagVersion);
        }
        AssertSame(expected["opds"]!, await api.GetAsync("/api/opds", token), $"the agencies {when}");
        // The first release could not disable an account: every upgraded one answers as enabled.
        var users = expected["users"]!.DeepClone().AsArray();
        foreach (var user in users) user!["disabled"] = false;
        AssertSame(users, await api.GetAsync("/api/users", adminToken), $"the users {when}");
        foreach (var (code, entries) in expected["ledgers"]!.AsObject())
        {
            var answer = await api.GetAsync($"/api/opds/{code}/action-points", token);
            Assert.True(answer.Status == 200, $"the ledger of {code} {when}: {answer}");
            var actual = answer.Json.EnumerateArray()
                .Select(a => $"{a.GetProperty("id").GetString()} v{a.GetProperty("version").GetInt32()} {a.GetProperty("status").GetString()}")
                .Order(StringComparer.Ordinal);
            var recorded = entries!.AsArray().Select(e => $"{e!["id"]} v{e["version"]} {e["status"]}").Order(StringComparer.Ordinal);
            Assert.Equal(recorded, actual);
        }
    }

    private static JsonNode Snapshot(JsonNode expected, string meetingId) => expected["snapshots"]![meetingId]!;

    private static IEnumerable<string> Ledger(JsonNode expected, string code) => expected["ledgers"]![code]!.AsArray().Select(e => (string)e!["id"]!);

    private static string Password(JsonNode expected, string username) =>
        (string?)expected["passwords"]![username] ?? (string)expected["passwords"]![username == "admin" ? "admin" : "demo"]!;

    private static async Task<string> SignInAsync(Api api, string username, string password)
    {
        var answer = await api.PostAsync("/api/auth/token", null, new { username, password });
        Assert.True(answer.Status == 200, $"{username} cannot sign in: {answer}");
        return answer.Json.GetProperty("accessToken").GetString()!;
    }

    private static void AssertSame(JsonNode expected, Answer actual, string what)
    {
        Assert.True(actual.Status == 200, $"{what}: {actual}");
        AssertSame(expected, JsonNode.Parse(actual.Body)!, what);
    }

    private static void AssertSame(JsonNode expected, JsonElement actual, string what) => AssertSame(expected, JsonNode.Parse(actual.GetRawText())!, what);

    private static void AssertSame(JsonNode expected, JsonNode actual, string what)
    {
        var (left, right) = (Normalize(expected), Normalize(actual));
        if (left == right) return;
        var at = 0;
        while (at < Math.Min(left.Length, right.Length) && left[at] == right[at]) at++;
        var from = Math.Max(0, at - 200);
        Assert.Fail($"{what} differs from what the first release answered, at character {at}:\nexpected …{left[from..Math.Min(left.Length, at + 200)]}\n" +
            $"actual   …{right[from..Math.Min(right.Length, at + 200)]}");
    }

    /// <summary>The JSON with object keys sorted and null members dropped (the first release wrote nulls, this one may omit them).</summary>
    private static string Normalize(JsonNode? node) => Canonical(node)?.ToJsonString() ?? "null";

    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Where(p => p.Value is not null).OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Canonical).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };

    private static async Task<Answer> Eventually(Func<Task<Answer?>> probe, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (await probe() is { } answer) return answer;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited 20 s for {what}.");
            await Task.Delay(100);
        }
    }

    private static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}

public sealed class LegacyUpgradeTestsOnSqlite : LegacyUpgradeTests
{
    protected override Engine Engine => Engine.Sqlite;
}

public sealed class LegacyUpgradeTestsOnPostgreSql : LegacyUpgradeTests
{
    protected override Engine Engine => Engine.PostgreSQL;
}
