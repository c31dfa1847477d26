using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Npgsql;
using RakorLive.IntegrationTests.Infrastructure;
using RakorLive.IntegrationTests.Security;
using Xunit.Abstractions;

namespace RakorLive.IntegrationTests.Operations;

/// <summary>
/// scripts/backup.sh takes a backup of a running server with a realistic meeting (agenda, attendance, commitments,
/// progress with an uploaded evidence file, a verification, outcomes, an approved notulen, a join code);
/// scripts/restore.sh puts it into a fresh store (a new data folder, a new database) and a new server on it shows
/// the same meeting, events, follow-ups, ledger, notulen and evidence bytes, accepts the tokens the first server
/// issued (the signing key came along), and holds the same rows in every RakorLive table (rakor_*, rakorlive_*).
/// </summary>
public abstract class BackupRestoreTests(ITestOutputHelper output)
{
    protected abstract Engine Engine { get; }

    private static readonly byte[] Pdf = "%PDF-1.4\n% Berita acara serah terima pekerjaan jalan poros desa\n%%EOF\n"u8.ToArray();

    [Fact]
    public async Task A_backup_of_a_running_server_restores_into_a_fresh_server_with_the_same_record_evidence_and_tokens()
    {
        await using var source = await ServerProcess.StartAsync(Engine);
        using var api = new Api(source);
        var secretariat = await api.TokenAsync("sekretariat");
        var chair = await api.TokenAsync("bupati");
        var pupr = await api.TokenAsync("kadis.pupr");
        var (meetingId, evidenceId, evidenceSha, joinToken) = await RealisticMeeting(api, secretariat, chair, pupr);
        var store = Store.Of(source);
        await WaitFor(async () => await store.OutboxAsync(meetingId) is var (outbox, last) && outbox == last, "the meeting's outbox to drain");

        string[] views =
        [
            $"/api/meetings/{meetingId}", "/api/meetings", $"/api/meetings/{meetingId}/events?afterSeq=0",
            $"/api/follow-ups?meetingId={meetingId}", "/api/follow-ups?pageSize=200", "/api/opds/PUPR/action-points",
            $"/api/meetings/{meetingId}/notulen/versions", "/api/opds", "/api/scorecards",
        ];
        var before = new Dictionary<string, string>();
        foreach (var path in views) before[path] = await api.ReadAsync(path, secretariat);
        var tables = await store.RakorTablesAsync();
        var rowsBefore = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var table in tables) rowsBefore[table] = await store.RowsAsync(table);

        // The backup, while the server runs and is being read.
        var backup = Path.Combine(Path.GetTempPath(), "rakorlive-backup-" + Guid.NewGuid().ToString("N"));
        var wal = new FileInfo(Path.Combine(source.DataDirectory, Store.SqliteFileName + "-wal"));
        using var reading = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            var reads = 0;
            while (!reading.IsCancellationRequested) { await api.ReadAsync($"/api/meetings/{meetingId}", secretariat); reads++; }
            return reads;
        });
        var watch = Stopwatch.StartNew();
        await Script("backup.sh", Engine == Engine.Sqlite ? "sqlite" : "postgresql", Engine == Engine.Sqlite ? source.DataDirectory : Libpq(source.Database!.ConnectionString), backup);
        var took = watch.Elapsed;
        await reading.CancelAsync();
        var readsDuring = await reader;
        Assert.True(source.IsRunning, "the server stopped during the backup");
        output.WriteLine($"backup of the running server ({Engine}) took {took.TotalSeconds:F1} s, {readsDuring} reads meanwhile" +
            (Engine == Engine.Sqlite ? $"; the -wal file held {(wal.Exists ? wal.Length : 0)} bytes not yet checkpointed" : "") +
            $"; files: {string.Join(", ", Directory.GetFiles(backup).Select(f => $"{Path.GetFileName(f)} {new FileInfo(f).Length} B"))}");

        // The restore, into a fresh store, and a new server on it.
        TestDatabase? restoredDatabase = null;
        var restoredDirectory = ServerProcess.NewDataDirectory();
        try
        {
            string[] args = [];
            if (Engine == Engine.Sqlite)
                await Script("restore.sh", "sqlite", backup, restoredDirectory);
            else
            {
                restoredDatabase = await TestDatabase.CreateAsync();
                await Script("restore.sh", "postgresql", backup, Libpq(restoredDatabase.ConnectionString));
                args = restoredDatabase.ServerArgs;
            }
            await using var restored = await ServerProcess.StartAsync(restoredDirectory, ownsDataDirectory: true, args);
            var restoredStore = restoredDatabase is null ? Store.Sqlite(restoredDirectory) : Store.PostgreSql(restoredDatabase.ConnectionString);
            using var restoredApi = new Api(restored);

            var checks = new List<(string Check, bool Passed, string Detail)>();
            foreach (var path in views)
            {
                var after = await restoredApi.SendAsync(HttpMethod.Get, path, secretariat);
                checks.Add(($"GET {path} identical, with the first server's token", after.Status == 200 && after.Body == before[path],
                    after.Status == 200 ? Diff.FirstDifference(before[path], after.Body) : after.Describe()));
            }
            using (var http = restored.CreateHttpClient())
            {
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secretariat);
                var bytes = await http.GetByteArrayAsync($"/api/evidence/{evidenceId}");
                var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
                checks.Add(("evidence file bytes (SHA-256)", sha == evidenceSha && bytes.SequenceEqual(Pdf), $"{sha} vs {evidenceSha}"));
            }
            var joined = await restoredApi.GetAsync($"/api/meetings/{meetingId}", joinToken);
            checks.Add(("a join-code token of the first server", joined.Status == 200, joined.Describe()));
            foreach (var table in tables)
            {
                var rows = await restoredStore.RowsAsync(table);
                var missing = rowsBefore[table].Except(rows).ToList();
                var added = rows.Except(rowsBefore[table]).ToList();
                // Notifications are also raised by each server on its own (its start-up catch-up on what fell due), so
                // the restored one may add some the first one had not raised yet when it was read; none may be missing.
                var raisedByTheServer = table.StartsWith("rakor_notification", StringComparison.Ordinal);
                checks.Add(raisedByTheServer
                    ? ($"table {table}: {rowsBefore[table].Count} rows kept ({added.Count} raised by the new server)", missing.Count == 0, $"missing: {missing.FirstOrDefault()}")
                    : ($"table {table}: {rowsBefore[table].Count} rows identical", missing.Count + added.Count == 0,
                        $"{rows.Count} rows; first difference: {missing.Concat(added).FirstOrDefault()}"));
            }

            // After the tables: a sign-in is a state change the restored server audits.
            var signIn = await restoredApi.PostAsync("/api/auth/token", null, new { username = "kadis.pupr", password = ServerProcess.DemoPassword });
            checks.Add(("sign-in with a password set before the backup", signIn.Status == 200, signIn.Describe()));

            output.WriteLine($"restore checks passed on {Engine}: {checks.Count(c => c.Passed)}/{checks.Count}");
            foreach (var (check, passed, detail) in checks) output.WriteLine($"  {(passed ? "ok  " : "FAIL")} {check}{(passed ? "" : ": " + detail)}");
            Assert.Contains(tables, t => t == "rakor_evidence");
            Assert.All(checks, c => Assert.True(c.Passed, $"{c.Check}: {c.Detail}"));
        }
        finally
        {
            if (restoredDatabase is not null) await restoredDatabase.DisposeAsync();
            try { Directory.Delete(backup, recursive: true); }
            catch (DirectoryNotFoundException) { }
        }
    }

    private static async Task<(string MeetingId, string EvidenceId, string Sha256, string JoinToken)> RealisticMeeting(Api api, string secretariat, string chair, string pupr)
    {
        var meeting = await api.CreateMeetingAsync(secretariat, "Rakor Desember: infrastruktur dan layanan dasar");
        var roads = await api.AddAgendaItemAsync(secretariat, meeting, "PUPR", "Jalan kabupaten");
        await api.AddAgendaItemAsync(secretariat, meeting, "DINKES", "Layanan puskesmas");
        await api.StartAsync(secretariat, meeting);
        Api.Expect(await api.PostAsync($"/api/meetings/{meeting}/attendance", pupr, new { commandId = Id(), opd = "PUPR", name = "Ir. Bambang Sutrisno", position = "Kepala Dinas" }), 201, "check in");
        var (road, _) = await api.CreateActionPointAsync(pupr, meeting, "PUPR", "DISHUB", "DLH");
        var (clinic, clinicVersion) = await api.CreateActionPointAsync(secretariat, meeting, "DINKES");
        Api.Expect(await api.PatchAsync($"/api/action-points/{clinic}", secretariat, new { commandId = Id(), target = "3 puskesmas buka 24 jam" }, $"\"{clinicVersion}\""), 200, "edit");
        Api.Expect(await api.PostAsync($"/api/agenda-items/{roads}/outcomes", chair, new { commandId = Id(), kind = "Decision", text = "Ruas Tubei–Lebong Atas prioritas APBD 2027." }), 201, "decision");
        Api.Expect(await api.PostAsync($"/api/agenda-items/{roads}/outcomes", secretariat, new { commandId = Id(), kind = "Note", text = "Dishub menyiapkan rambu." }), 201, "note");

        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "berita-acara.pdf");
        var evidence = Api.Expect(await api.SendAsync(HttpMethod.Post, $"/api/action-points/{road}/evidence", pupr, form), 201, "upload evidence").Json;
        var evidenceId = evidence.GetProperty("evidenceId").GetString()!;
        Api.Expect(await api.PostAsync($"/api/action-points/{road}/progress", pupr, new { commandId = Id(), percent = 100, note = "Selesai diaspal", evidenceIds = new[] { evidenceId } }), 200, "progress");
        Api.Expect(await api.PostAsync($"/api/action-points/{road}/verify", secretariat, new { commandId = Id(), accepted = true, note = "Sesuai berita acara" }), 200, "verify");
        var joinToken = await api.JoinTokenAsync(secretariat, meeting, "OpdHead", "DINKES");
        await api.CloseAsync(secretariat, meeting);
        Api.Expect(await api.PostAsync($"/api/meetings/{meeting}/notulen/submit", secretariat, new { commandId = Id() }), 200, "submit notulen");
        Api.Expect(await api.PostAsync($"/api/meetings/{meeting}/notulen/approve", chair, new { commandId = Id() }), 200, "approve notulen");
        return (meeting, evidenceId, evidence.GetProperty("sha256").GetString()!, joinToken);
    }

    private static string Id() => "bk-" + Guid.NewGuid().ToString("N");

    /// <summary>The libpq form of an Npgsql connection string, which pg_dump, pg_restore and psql read.</summary>
    private static string Libpq(string npgsql)
    {
        var b = new NpgsqlConnectionStringBuilder(npgsql);
        return $"host={b.Host} port={b.Port} user={b.Username} password={b.Password} dbname={b.Database}";
    }

    private async Task Script(string name, params string[] args)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(ServerProcess.RepositoryRoot, "scripts", name));
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        output.WriteLine($"{name}: {(await stdout).Trim()} {(await stderr).Trim()}");
        Assert.True(process.ExitCode == 0, $"scripts/{name} failed ({process.ExitCode}): {await stderr}");
    }

    // The outbox runs after the reply in the server process; reading its position is the only signal there is.
    private static async Task WaitFor(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(100);
        }
    }
}
