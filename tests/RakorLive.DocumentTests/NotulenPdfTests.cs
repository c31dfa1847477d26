using RakorLive.Documents;
using UglyToad.PdfPig;

namespace RakorLive.DocumentTests;

public class NotulenPdfTests
{
    [Fact]
    public void Holds_the_particulars_the_signature_block_and_every_commitment_in_real_text()
    {
        var notulen = SampleData.Sealed(SampleData.LebongRakor());
        var pdf = NotulenPdf.Render(notulen);
        SampleOutput.Write("notulen.pdf", pdf);
        var pages = PdfText.Pages(pdf);
        var all = string.Join("\n", pages);

        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(pdf, 0, 5));
        Assert.Contains("PEMERINTAH KABUPATEN LEBONG", pages[0]);
        Assert.Contains("NOTULEN RAPAT", pages[0]);
        Assert.Contains("Hari/tanggal: Selasa, 1 Desember 2026", pages[0]);
        Assert.Contains("Waktu: Pukul 09.00 WIB s.d. selesai", pages[0]);
        Assert.Contains("Pimpinan rapat: H. Ahmad Fauzan, S.E., M.M.", pages[0]);
        Assert.Contains("A. Daftar Hadir", pages[0]);
        Assert.Contains("Notulis", pages[^1]);
        Assert.Contains("Pemimpin Rapat", pages[^1]);
        Assert.Contains("Tubei, 1 Desember 2026", pages[^1]);
        Assert.Contains("Rina Marlina, S.Sos.", pages[^1]);
        Assert.Contains("Demikian notulen rapat ini dibuat", pages[^1]);

        var squeezed = PdfText.Squeeze(all);
        foreach (var commitment in notulen.Commitments)
            Assert.Contains(PdfText.Squeeze(commitment.Description), squeezed);
        Assert.Contains("Arahanpimpinan", squeezed);
        Assert.Contains("Keputusan", all);
        Assert.Contains("Catatan", all);
    }

    [Fact]
    public void Spans_pages_each_with_number_hash_and_verify_url()
    {
        var notulen = SampleData.Sealed(SampleData.LebongRakor(commitments: 64));
        var pdf = NotulenPdf.Render(notulen);
        using var document = PdfDocument.Open(pdf);
        Assert.True(document.NumberOfPages > 1, $"64 commitments fill more than one page, got {document.NumberOfPages}");
        foreach (var page in document.GetPages())
        {
            Assert.InRange(page.Width, 595, 596); // A4 in points
            Assert.InRange(page.Height, 841, 842);
            Assert.Contains("SHA-256: " + notulen.Sha256, page.Text);
            Assert.Contains($"Halaman {page.Number} dari {document.NumberOfPages}", page.Text);
            Assert.Contains(PdfText.Squeeze(notulen.VerifyUrl!), PdfText.Squeeze(page.Text));
        }
    }

    [Fact]
    public void A_meeting_in_Makassar_is_in_WITA()
    {
        var pdf = NotulenPdf.Render(SampleData.Sealed(SampleData.GowaRakor()));
        var text = string.Join("\n", PdfText.Pages(pdf));
        Assert.Contains("Waktu: Pukul 09.30 WITA s.d. selesai", text);
        Assert.Contains("Hari/tanggal: Selasa, 1 Desember 2026", text);
        Assert.Contains("Sungguminasa, 1 Desember 2026", text);
        Assert.Contains("DRAF", text);
        Assert.Contains(PdfText.Squeeze("Membuka posko siaga bencana di seluruh kecamatan rawan banjir"), PdfText.Squeeze(text));
    }

    [Fact]
    public void A_version_without_a_verify_url_still_prints_its_hash()
    {
        var notulen = SampleData.GowaRakor();
        var text = string.Join("\n", PdfText.Pages(NotulenPdf.Render(notulen)));
        Assert.Contains("SHA-256: " + NotulenCanonical.Sha256(notulen), text);
        Assert.DoesNotContain("Verifikasi keaslian", text);
    }

    [Fact]
    public void Renders_in_parallel()
    {
        // PDFsharp takes one font resolver per process: many first renders at once must set it once.
        var results = new byte[6][];
        Parallel.For(0, results.Length, i => results[i] = NotulenPdf.Render(SampleData.LebongRakor(commitments: 5 + i)));
        Assert.All(results, pdf => Assert.Contains("Tubei, 1 Desember 2026", string.Join("\n", PdfText.Pages(pdf))));
    }
}

internal static class SampleOutput
{
    public static void Write(string name, byte[] content)
    {
        if (Environment.GetEnvironmentVariable("RAKORLIVE_SAMPLE_DIR") is not { Length: > 0 } directory) return;
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, name), content);
    }
}
