using System.Text.RegularExpressions;
using RakorLive.Documents;

namespace RakorLive.DocumentTests;

public class NotulenHtmlTests
{
    private const string Evil = "<script>alert(1)</script>";
    private const string Escaped = "&lt;script&gt;alert(1)&lt;/script&gt;";

    [Fact]
    public void Prints_the_notulen_in_order_on_A4()
    {
        var notulen = SampleData.Sealed(SampleData.LebongRakor());
        var html = NotulenHtml.Render(notulen);
        SampleOutput.Write("notulen.html", System.Text.Encoding.UTF8.GetBytes(html));

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<html lang=\"id\">", html);
        Assert.Contains("size: A4", html);
        Assert.Contains("PEMERINTAH KABUPATEN LEBONG", html);
        Assert.Contains("<h1>NOTULEN RAPAT</h1>", html);
        Assert.Contains("<td class=\"label\">Hari/tanggal</td><td class=\"colon\">:</td><td>Selasa, 1 Desember 2026</td>", html);
        Assert.Contains("Pukul 09.00 WIB s.d. selesai", html);
        Assert.Contains("<td>Ruang Rapat Bupati, Kantor Bupati Lebong</td>", html);
        Assert.Contains("<td class=\"label\">Pimpinan rapat</td><td class=\"colon\">:</td><td>H. Ahmad Fauzan, S.E., M.M.</td>", html);
        Assert.Contains("<th>OPD</th><th>Nama</th><th>Jabatan</th>", html);
        Assert.Contains("Penyaji: Dinas Pekerjaan Umum dan Penataan Ruang (PUPR)", html);
        Assert.Contains("<td class=\"tanggal\">15 Desember 2026</td>", html);
        Assert.Contains("<div>Tubei, 1 Desember 2026</div><div>Pemimpin Rapat</div>", html);
        Assert.Contains("<div>&nbsp;</div><div>Notulis</div><div class=\"nama\">Rina Marlina, S.Sos.</div>", html);
        Assert.Contains(notulen.Sha256!, html);
        Assert.Contains($"<a href=\"{notulen.VerifyUrl}\">", html);
        Assert.Contains("Notulen versi 1 · Disetujui", html);

        // Sections in the notulen's order, and within an item: Catatan, Keputusan, Arahan pimpinan, then the commitments.
        Assert.True(Order(html, "A. Daftar Hadir", "B. Pembahasan", "2. Percepatan perbaikan jalan kabupaten", "3. Penurunan angka stunting", "8. Penutup", "Pemimpin Rapat"));
        var road = html[html.IndexOf("2. Percepatan", StringComparison.Ordinal)..html.IndexOf("3. Penurunan", StringComparison.Ordinal)];
        Assert.True(Order(road, "<h4>Catatan</h4>", "<h4>Keputusan</h4>", "<h4>Arahan pimpinan</h4>", "<h4>Rencana tindak lanjut</h4>"));
        foreach (var commitment in notulen.Commitments) Assert.Contains(commitment.Description, html);
    }

    [Fact]
    public void Every_input_text_is_escaped()
    {
        var html = NotulenHtml.Render(EvilNotulen());
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("</script", html, StringComparison.OrdinalIgnoreCase);
        // Title, city+date, 5 particulars, attendee opd/name/position, agenda title, presenter,
        // 3 outcomes, 7 commitment texts, version line, verify URL, 2 signature names: all escaped.
        Assert.True(Regex.Matches(html, Regex.Escape(Escaped)).Count >= 25, "every text field appears escaped");
        Assert.Contains("&lt;SCRIPT&gt;ALERT(1)&lt;/SCRIPT&gt;", html); // the upper-case letterhead
        Assert.DoesNotContain("href=", html); // the verify URL is no http(s) address, so it is no link
    }

    [Fact]
    public void A_draft_says_so_and_a_javascript_address_is_no_link()
    {
        var html = NotulenHtml.Render(SampleData.GowaRakor() with { VerifyUrl = "javascript:alert(1)" });
        Assert.Contains("<p class=\"status\">Draf</p>", html);
        Assert.Contains("Pukul 09.30 WITA s.d. selesai", html);
        Assert.DoesNotContain("href=", html);
        Assert.Contains(NotulenCanonical.Sha256(SampleData.GowaRakor()), html); // no locked hash: computed from the content
    }

    [Fact]
    public void A_hash_that_is_not_hex_is_refused() =>
        Assert.Throws<ArgumentException>(() => NotulenHtml.Render(SampleData.GowaRakor() with { Sha256 = "\"; } body { display: none" }));

    internal static NotulenDocument EvilNotulen()
    {
        var agency = new Agency(Evil, Evil);
        return new NotulenDocument
        {
            Region = new DocumentRegion(Evil, Evil),
            MeetingTitle = Evil,
            ScheduledStart = SampleData.LebongStart,
            TimeZoneId = "Asia/Jakarta",
            Location = Evil,
            Chair = Evil,
            Notulis = Evil,
            Attendees = [new Attendee(agency, Evil, Evil, SampleData.LebongStart)],
            Agenda =
            [
                new AgendaItem
                {
                    Id = "x",
                    Title = Evil,
                    Presenter = agency,
                    Status = AgendaStatus.Skipped,
                    Outcomes = [new(OutcomeKind.Note, Evil), new(OutcomeKind.Decision, Evil), new(OutcomeKind.Directive, Evil)],
                },
            ],
            Commitments =
            [
                new Commitment
                {
                    Id = "c",
                    AgendaItemId = "x",
                    Owner = agency,
                    Supporting = [agency],
                    Description = Evil,
                    Target = Evil,
                    Beneficiaries = Evil,
                    Benefit = Evil,
                    DueDate = new DateOnly(2026, 12, 15),
                    StatusReason = Evil,
                },
            ],
            Status = NotulenStatus.Approved,
            ApprovedAt = SampleData.LebongStart.AddHours(5),
            ApprovedBy = Evil,
            VerifyUrl = Evil,
        };
    }

    private static bool Order(string text, params string[] parts)
    {
        var at = 0;
        foreach (var part in parts)
        {
            var next = text.IndexOf(part, at, StringComparison.Ordinal);
            if (next < 0) return false;
            at = next + part.Length;
        }
        return true;
    }
}
