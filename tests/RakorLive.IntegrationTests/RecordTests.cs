using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using RakorLive.IntegrationTests.Infrastructure;
using RakorLive.IntegrationTests.Security;
using UglyToad.PdfPig;

namespace RakorLive.IntegrationTests;

/// <summary>
/// The record of a rakor against a real server: a meeting in WITA with outcomes and commitments, its documents read back
/// with the libraries (XLSX cell by cell, the CSV's BOM, the PDF's text), the approval lock, and verification of printed copies.
/// </summary>
public abstract class RecordTests(RecordTests.Fixture f)
{
    private Api Api => f.Api;

    private static string Id() => "rec-" + Guid.NewGuid().ToString("N");

    private sealed record Recorded(string MeetingId, string RoadsItem, string HealthItem, string DecisionId, string[] Commitments);

    /// <summary>A closed meeting in Asia/Makassar: two items, attendance, a note, a decision and a directive, two commitments.</summary>
    private async Task<Recorded> RecordMeetingAsync()
    {
        var secretariat = f.Secretariat;
        var created = Api.Expect(await Api.PostAsync("/api/meetings", secretariat, new
        {
            commandId = Id(), title = "Rakor Percepatan Pembangunan Desember 2026", scheduledStart = "2026-12-01T09:00:00+08:00",
            location = "Ruang Rapat Bupati", chair = "H. Ahmad Fauzi, S.H., M.Si.", timeZone = "Asia/Makassar",
        }), 201, "create").Json.GetProperty("id").GetString()!;
        var roads = await Api.AddAgendaItemAsync(secretariat, created, "PUPR", "Paparan Dinas PUPR: jalan poros desa");
        var health = await Api.AddAgendaItemAsync(secretariat, created, "DINKES", "Paparan Dinas Kesehatan: posyandu");
        await Api.StartAsync(secretariat, created);
        await Api.CheckInAsync(secretariat, created, "PUPR", "Ir. Bambang Setiawan, M.T.");
        await Api.CheckInAsync(secretariat, created, "DINKES", "dr. Rina Marlina, M.Kes.");
        await Outcome(roads, "Note", "Ruas Tubei–Lebong Atas rusak berat sepanjang 12 km.");
        var decision = await Outcome(roads, "Decision", "Perbaikan ruas Tubei–Lebong Atas menjadi prioritas APBD 2027.");
        await Outcome(roads, "Directive", "Dinas PUPR berkoordinasi dengan Dishub soal rambu sementara.");
        var first = Api.Expect(await Api.PostAsync($"/api/meetings/{created}/action-points", secretariat, new
        {
            commandId = Id(), agendaItemId = roads, ownerOpd = "PUPR", supportingOpds = new[] { "DISHUB" },
            description = "Menyusun peta jalan perbaikan ruas Tubei–Lebong Atas", target = "Peta jalan ditetapkan",
            beneficiaries = "Warga Kecamatan Lebong Atas", benefit = "Waktu tempuh ke pasar berkurang", dueDate = "2026-12-15",
        }), 201, "commitment 1").Json.GetProperty("id").GetString()!;
        var second = Api.Expect(await Api.PostAsync($"/api/meetings/{created}/action-points", secretariat, new
        {
            commandId = Id(), agendaItemId = health, ownerOpd = "DINKES", supportingOpds = Array.Empty<string>(),
            description = "Mengaktifkan kembali 14 posyandu", target = "14 posyandu aktif",
            beneficiaries = "Balita dan ibu hamil", benefit = "Stunting turun", dueDate = "2027-01-31",
        }), 201, "commitment 2").Json.GetProperty("id").GetString()!;
        await Api.CloseAsync(secretariat, created);
        return new Recorded(created, roads, health, decision, [first, second]);

        async Task<string> Outcome(string item, string kind, string text) =>
            Api.Expect(await Api.PostAsync($"/api/agenda-items/{item}/outcomes", secretariat, new { commandId = Id(), kind, text }), 201, "outcome " + kind)
                .Json.GetProperty("id").GetString()!;
    }

    private async Task<string> ApproveAsync(string meetingId)
    {
        Api.Expect(await Api.PostAsync($"/api/meetings/{meetingId}/notulen/submit", f.Secretariat, new { commandId = Id() }), 200, "submit");
        return Api.Expect(await Api.PostAsync($"/api/meetings/{meetingId}/notulen/approve", f.Chair, new { commandId = Id() }), 200, "approve")
            .Json.GetProperty("sha256").GetString()!;
    }

    private async Task<Answer> DownloadAsync(string meetingId, string file) =>
        Api.Expect(await Api.GetAsync($"/api/meetings/{meetingId}/exports/{file}", f.Viewer), 200, "download " + file);

    [Fact]
    public async Task The_matrix_xlsx_has_the_header_and_one_row_per_commitment_cell_by_cell()
    {
        var m = await RecordMeetingAsync();
        var answer = await DownloadAsync(m.MeetingId, "matrix.xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", answer.ContentType);
        Assert.Contains("matriks-tindak-lanjut-rakor-percepatan-pembangunan-desember-2026.xlsx", answer.ContentDisposition);

        using var xlsx = new Xlsx(answer.Bytes);
        Assert.Equal("PEMERINTAH KABUPATEN LEBONG", xlsx.Text("A1"));
        Assert.Equal("Rakor Percepatan Pembangunan Desember 2026", xlsx.Text("A3"));
        Assert.Contains("pukul 09.00 WITA", xlsx.Text("A4"));
        string[] header = ["No", "Agenda / Permasalahan", "Rencana Tindak Lanjut", "Target", "Sasaran", "Manfaat",
            "OPD Penanggung Jawab", "OPD Pendukung", "Batas Waktu", "Status", "Progres", "Keterangan"];
        for (var i = 0; i < header.Length; i++) Assert.Equal(header[i], xlsx.Text($"{(char)('A' + i)}7"));
        Assert.NotNull(xlsx.Sheet.Descendants<AutoFilter>().SingleOrDefault());
        Assert.Contains(xlsx.Sheet.Descendants<Pane>(), p => p.State?.Value == PaneStateValues.Frozen);

        string[] row1 = ["1", "Paparan Dinas PUPR: jalan poros desa", "Menyusun peta jalan perbaikan ruas Tubei–Lebong Atas", "Peta jalan ditetapkan",
            "Warga Kecamatan Lebong Atas", "Waktu tempuh ke pasar berkurang", "Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas Perhubungan"];
        for (var i = 0; i < row1.Length; i++) Assert.Equal(row1[i], xlsx.Text($"{(char)('A' + i)}8"));
        Assert.Equal(new DateTime(2026, 12, 15).ToOADate(), xlsx.Number("I8"));
        Assert.Equal("Belum ditindaklanjuti", xlsx.Text("J8"));
        Assert.Equal(0, xlsx.Number("K8"));
        string[] row2 = ["2", "Paparan Dinas Kesehatan: posyandu", "Mengaktifkan kembali 14 posyandu", "14 posyandu aktif",
            "Balita dan ibu hamil", "Stunting turun", "Dinas Kesehatan", ""];
        for (var i = 0; i < row2.Length; i++) Assert.Equal(row2[i], xlsx.Text($"{(char)('A' + i)}9"));
        Assert.Equal(new DateTime(2027, 1, 31).ToOADate(), xlsx.Number("I9"));
        Assert.Equal(2, xlsx.Sheet.Descendants<Row>().Count(r => r.RowIndex!.Value > 7));
    }

    [Fact]
    public async Task The_matrix_csv_starts_with_the_BOM_and_parses_and_attendance_xlsx_lists_who_came()
    {
        var m = await RecordMeetingAsync();
        var csv = await DownloadAsync(m.MeetingId, "matrix.csv");
        Assert.StartsWith("text/csv", csv.ContentType);
        Assert.Equal([0xEF, 0xBB, 0xBF], csv.Bytes[..3]);
        var records = Csv.Parse(Encoding.UTF8.GetString(csv.Bytes[3..]));
        Assert.Equal(3, records.Count);
        Assert.Equal("No", records[0][0]);
        Assert.Equal(12, records[0].Count);
        Assert.Equal(["1", "Paparan Dinas PUPR: jalan poros desa", "Menyusun peta jalan perbaikan ruas Tubei–Lebong Atas"], records[1][..3]);
        Assert.Equal("15 Desember 2026", records[1][8]);
        Assert.Equal("Dinas Kesehatan", records[2][6]);

        var attendance = await DownloadAsync(m.MeetingId, "attendance.xlsx");
        Assert.Contains("daftar-hadir-", attendance.ContentDisposition);
        using var xlsx = new Xlsx(attendance.Bytes);
        Assert.Equal("No", xlsx.Text("A6"));
        Assert.Equal(("Dinas Pekerjaan Umum dan Penataan Ruang", "Ir. Bambang Setiawan, M.T."), (xlsx.Text("B7"), xlsx.Text("C7")));
        Assert.Equal("dr. Rina Marlina, M.Kes.", xlsx.Text("C8"));
        Assert.EndsWith("WITA", xlsx.Text("E7"));
    }

    [Fact]
    public async Task The_approved_pdf_holds_the_signature_block_every_commitment_WITA_and_its_hash_and_refuses_edits()
    {
        var m = await RecordMeetingAsync();
        var draft = await DownloadAsync(m.MeetingId, "notulen.html");
        Assert.StartsWith("text/html", draft.ContentType);
        Assert.Contains("inline", draft.ContentDisposition);
        var hash = await ApproveAsync(m.MeetingId);
        Assert.Matches("^[0-9a-f]{64}$", hash);

        var pdf = await DownloadAsync(m.MeetingId, "notulen.pdf");
        Assert.Equal("application/pdf", pdf.ContentType);
        Assert.Contains("notulen-rakor-percepatan-pembangunan-desember-2026-v1.pdf", pdf.ContentDisposition);
        using var document = PdfDocument.Open(pdf.Bytes);
        var text = string.Join("\n", document.GetPages().Select(p => p.Text));
        var squeezed = Squeeze(text);
        foreach (var expected in new[]
        {
            "Notulis", "Pemimpin Rapat", "Tubei, 1 Desember 2026", "H. Ahmad Fauzi, S.H., M.Si.", "WITA",
            "Menyusun peta jalan perbaikan ruas Tubei–Lebong Atas", "Mengaktifkan kembali 14 posyandu",
            "Perbaikan ruas Tubei–Lebong Atas menjadi prioritas APBD 2027.", hash,
        })
            Assert.True(squeezed.Contains(Squeeze(expected), StringComparison.Ordinal), $"The PDF lacks '{expected}':\n{text[..Math.Min(text.Length, 3000)]}");
        if (Environment.GetEnvironmentVariable("RAKORLIVE_SCREENSHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await File.WriteAllBytesAsync(Path.Combine(folder, "notulen.pdf"), pdf.Bytes);
        }

        // Locked: the outcome refuses the edit with 409 and says how to correct.
        var current = await Api.GetAsync($"/api/outcomes/{m.DecisionId}", f.Secretariat);
        var refused = await Api.PatchAsync($"/api/outcomes/{m.DecisionId}", f.Secretariat, new { commandId = Id(), text = "Diubah" }, $"\"{current.ETagVersion}\"");
        Assert.Null(refused.ProblemMismatch(409));
        Assert.Contains($"/api/meetings/{m.MeetingId}/notulen/correct", refused.Json.GetProperty("detail").GetString());
        Assert.Null((await Api.PostAsync($"/api/agenda-items/{m.RoadsItem}/outcomes", f.Secretariat, new { commandId = Id(), kind = "Note", text = "x" })).ProblemMismatch(409));
    }

    [Fact]
    public async Task Verify_answers_approved_then_superseded_naming_the_new_version_and_unknown_for_a_random_hash()
    {
        var m = await RecordMeetingAsync();
        var first = await ApproveAsync(m.MeetingId);
        var approved = Api.Expect(await Api.GetAsync($"/api/notulen/verify/{first}", null), 200, "verify").Json;
        Assert.Equal(("approved", 1, m.MeetingId), (approved.GetProperty("status").GetString(), approved.GetProperty("version").GetInt32(), approved.GetProperty("meetingId").GetString()));

        Api.Expect(await Api.PostAsync($"/api/meetings/{m.MeetingId}/notulen/correct", f.Secretariat, new { commandId = Id(), note = "Salah ketik" }), 200, "correct");
        var current = await Api.GetAsync($"/api/outcomes/{m.DecisionId}", f.Secretariat);
        Api.Expect(await Api.PatchAsync($"/api/outcomes/{m.DecisionId}", f.Secretariat,
            new { commandId = Id(), text = "Perbaikan ruas Tubei–Lebong Atas menjadi prioritas APBD Perubahan 2026." }, $"\"{current.ETagVersion}\""), 200, "edit the draft");
        var second = await ApproveAsync(m.MeetingId);
        Assert.NotEqual(first, second);

        var old = Api.Expect(await Api.GetAsync($"/api/notulen/verify/{first}", null), 200, "verify old").Json;
        Assert.Equal("superseded", old.GetProperty("status").GetString());
        Assert.Equal(2, old.GetProperty("newerVersion").GetInt32());
        Assert.Equal(second, old.GetProperty("newerSha256").GetString());
        Assert.Equal("approved", Api.Expect(await Api.GetAsync($"/api/notulen/verify/{second}", null), 200, "verify new").Json.GetProperty("status").GetString());
        var random = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        Assert.Equal("unknown", Api.Expect(await Api.GetAsync($"/api/notulen/verify/{random}", null), 200, "verify random").Json.GetProperty("status").GetString());

        var versions = Api.Expect(await Api.GetAsync($"/api/meetings/{m.MeetingId}/notulen/versions", f.Viewer), 200, "versions").Json;
        Assert.Equal(["Superseded", "Approved"], versions.EnumerateArray().Select(v => v.GetProperty("status").GetString()));

        // The first version still prints as it was approved, with its own hash.
        var v1 = Api.Expect(await Api.GetAsync($"/api/meetings/{m.MeetingId}/exports/notulen.pdf?version=1", f.Viewer), 200, "v1 pdf");
        using var document = PdfDocument.Open(v1.Bytes);
        var text = Squeeze(string.Join("", document.GetPages().Select(p => p.Text)));
        Assert.Contains(first, text);
        Assert.Contains(Squeeze("prioritas APBD 2027."), text);
    }

    [Fact]
    public async Task The_join_QR_is_an_SVG_of_the_sign_in_link_with_the_code()
    {
        var m = await RecordMeetingAsync();
        var live = await Api.CreateMeetingAsync(f.Secretariat, "Rakor dengan QR");
        var code = await Api.IssueJoinCodeAsync(f.Secretariat, live, "Viewer");
        var qr = Api.Expect(await Api.GetAsync($"/api/meetings/{live}/join-qr.svg?code={code}", f.Chair), 200, "qr");
        Assert.StartsWith("image/svg+xml", qr.ContentType);
        Assert.Contains("<svg", qr.Body);
        Assert.EndsWith($"/?join={code}", qr.Headers.GetValues("X-Rakor-Join-Link").Single());
        // A code of another meeting is not this meeting's.
        Assert.Null((await Api.GetAsync($"/api/meetings/{m.MeetingId}/join-qr.svg?code={code}", f.Chair)).ProblemMismatch(404));
    }

    [Fact]
    public async Task The_dotnet_client_runs_the_speakers_queue_and_the_notulen_approval()
    {
        using var secretariat = new RakorLive.Client.RakorLiveClient(f.BaseAddress);
        using var chair = new RakorLive.Client.RakorLiveClient(f.BaseAddress);
        using var pupr = new RakorLive.Client.RakorLiveClient(f.BaseAddress);
        await secretariat.SignInAsync("sekretariat", ServerProcess.DemoPassword);
        await chair.SignInAsync("bupati", ServerProcess.DemoPassword);
        await pupr.SignInAsync("kadis.pupr", ServerProcess.DemoPassword);
        var meeting = (await secretariat.CreateMeetingAsync(new RakorLive.Commands.CreateMeeting(null, "Rakor klien .NET", DateTimeOffset.Parse("2026-12-01T09:00:00+07:00"),
            "Aula", "Bupati", null))).Value;
        var item = (await secretariat.AddAgendaItemAsync(meeting.Id, new RakorLive.Commands.AddAgendaItem(null, "Paparan PUPR", "PUPR", 10))).Value;
        await chair.StartMeetingAsync(meeting.Id);
        var asked = await pupr.RequestSpeakerAsync(meeting.Id);
        var again = await pupr.RequestSpeakerAsync(meeting.Id, new RakorLive.Commands.RequestSpeaker(asked.CommandId));
        Assert.True(again.Replayed);
        var called = await chair.CallNextSpeakerAsync(meeting.Id);
        Assert.Equal((asked.Value.Id, RakorLive.Model.SpeakerStatus.Called), (called.Value.Id, called.Value.Status));
        var outcome = await secretariat.RecordOutcomeAsync(item.Id, new RakorLive.Commands.RecordOutcome(null, "Decision", "Disetujui."));
        await secretariat.UpdateOutcomeAsync(outcome.Value.Id, 1, new RakorLive.Commands.UpdateOutcome(null, Text: "Disetujui dengan catatan."));
        await chair.CloseMeetingAsync(meeting.Id);
        await secretariat.NotulenAsync(meeting.Id, "submit");
        var approved = await chair.NotulenAsync(meeting.Id, "approve");
        Assert.Equal("approved", (await secretariat.VerifyNotulenAsync(approved.Value.Sha256!)).Status);
        Assert.Equal(RakorLive.Model.NotulenStatus.Approved, Assert.Single(await secretariat.GetNotulenVersionsAsync(meeting.Id)).Status);
    }

    private static string Squeeze(string text) => new(text.Where(c => !char.IsWhiteSpace(c)).ToArray());

    public abstract class Fixture(Engine engine) : IAsyncLifetime
    {
        private ServerProcess? _server;

        public Api Api { get; private set; } = null!;
        public Uri BaseAddress => _server!.BaseAddress;
        public string Secretariat { get; private set; } = "";
        public string Chair { get; private set; } = "";
        public string Viewer { get; private set; } = "";

        public async Task InitializeAsync()
        {
            _server = await ServerProcess.StartAsync(engine, "--RakorLive:Region=Kabupaten Lebong / Tubei");
            Api = new Api(_server);
            Secretariat = await Api.TokenAsync("sekretariat");
            Chair = await Api.TokenAsync("bupati");
            Viewer = await Api.TokenAsync("layar");
        }

        public async Task DisposeAsync()
        {
            Api?.Dispose();
            if (_server is not null) await _server.DisposeAsync();
        }
    }

    private sealed class Xlsx : IDisposable
    {
        private readonly MemoryStream _stream;
        private readonly SpreadsheetDocument _document;

        public Xlsx(byte[] bytes)
        {
            _stream = new MemoryStream(bytes);
            _document = SpreadsheetDocument.Open(_stream, false);
            var workbook = _document.WorkbookPart!;
            var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().First();
            Sheet = ((WorksheetPart)workbook.GetPartById(sheet.Id!)).Worksheet;
            Strings = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
        }

        public Worksheet Sheet { get; }

        private List<string> Strings { get; }

        public string Text(string reference)
        {
            var cell = Sheet.Descendants<Cell>().SingleOrDefault(c => c.CellReference?.Value == reference);
            if (cell is null) return "";
            var raw = cell.CellValue?.Text ?? "";
            if (cell.DataType?.Value == CellValues.SharedString) return Strings[int.Parse(raw)];
            if (cell.DataType?.Value == CellValues.InlineString) return cell.InlineString!.InnerText;
            return raw;
        }

        public double Number(string reference) => double.Parse(Text(reference), System.Globalization.CultureInfo.InvariantCulture);

        public void Dispose()
        {
            _document.Dispose();
            _stream.Dispose();
        }
    }

    /// <summary>RFC 4180: quoted fields, doubled quotes, CRLF records.</summary>
    private static class Csv
    {
        public static List<List<string>> Parse(string text)
        {
            var records = new List<List<string>>();
            var record = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                    else if (c == '"') quoted = false;
                    else field.Append(c);
                    continue;
                }
                if (c == '"') quoted = true;
                else if (c == ',') { record.Add(field.ToString()); field.Clear(); }
                else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') { record.Add(field.ToString()); field.Clear(); records.Add(record); record = []; i++; }
                else field.Append(c);
            }
            if (field.Length > 0 || record.Count > 0) { record.Add(field.ToString()); records.Add(record); }
            return records;
        }
    }
}
