using System.Text;
using RakorLive.Documents;

namespace RakorLive.DocumentTests;

public class FollowUpMatrixCsvTests
{
    [Fact]
    public void Starts_with_the_byte_order_mark_and_ends_lines_with_CRLF()
    {
        var csv = FollowUpMatrixCsv.Render(FollowUpMatrix.ForMeeting(SampleData.LebongRakor()));
        SampleOutput.Write("matrix.csv", csv);
        Assert.Equal([0xEF, 0xBB, 0xBF], csv[..3]);
        var text = Encoding.UTF8.GetString(csv[3..]);
        Assert.StartsWith("No,Agenda / Permasalahan,Rencana Tindak Lanjut,Target,Sasaran,Manfaat,OPD Penanggung Jawab,OPD Pendukung,Batas Waktu,Status,Progres,Keterangan\r\n", text);
        Assert.EndsWith("\r\n", text);
        Assert.DoesNotContain("\n", text.Replace("\r\n", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Parses_back_to_the_same_values()
    {
        var notulen = SampleData.LebongRakor();
        var matrix = FollowUpMatrix.ForMeeting(notulen);
        var records = Rfc4180.Parse(Encoding.UTF8.GetString(FollowUpMatrixCsv.Render(matrix)[3..]));

        Assert.Equal(DocumentLabels.MatrixColumns, records[0]);
        Assert.Equal(notulen.Commitments.Count + 1, records.Count);
        Assert.All(records, r => Assert.Equal(12, r.Count));
        Assert.Equal(
            [
                "1", "Percepatan perbaikan jalan kabupaten", "Menyusun peta jalan perbaikan ruas jalan kabupaten di Kecamatan Lebong Tengah",
                "Dokumen peta jalan ditetapkan", "Pengguna jalan di Kecamatan Lebong Tengah", "Waktu tempuh ke pusat kabupaten berkurang",
                "Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas Perhubungan, Dinas Lingkungan Hidup, Kecamatan Lebong Utara",
                "15 Desember 2026", "Belum ditindaklanjuti", "0%", "",
            ],
            records[1]);
        Assert.Equal("Dalam proses", records[2][9]);
        Assert.Equal("40%", records[2][10]);
        for (var i = 0; i < matrix.Rows.Count; i++)
        {
            Assert.Equal(matrix.Rows[i].Description, records[i + 1][2]);
            Assert.Equal(matrix.Rows[i].Owner.Name, records[i + 1][6]);
        }
    }

    [Fact]
    public void Quotes_commas_quotes_and_line_breaks()
    {
        const string tricky = "Jalan \"Tubei, Muara Aman\"\r\nruas 2, km 14\nselesai";
        var row = new FollowUpRow
        {
            Agenda = "Banjir, longsor",
            Description = tricky,
            Target = "12 km",
            Beneficiaries = "Warga \"desa\" terdampak",
            Benefit = "Akses lancar",
            Owner = SampleData.Pupr,
            Supporting = [SampleData.Dishub, SampleData.Dlh],
            DueDate = new DateOnly(2026, 12, 15),
            Status = CommitmentStatus.InProgress,
            ProgressPercent = 40,
            StatusReason = "Menunggu alat berat, cuaca buruk",
            IsOverdue = true,
            DaysOverdue = 3,
        };
        var csv = FollowUpMatrixCsv.Render(new FollowUpMatrix { Region = SampleData.Lebong, Title = "Uji", Rows = [row] });
        var text = Encoding.UTF8.GetString(csv[3..]);
        Assert.Contains("\"Jalan \"\"Tubei, Muara Aman\"\"\r\nruas 2, km 14\nselesai\"", text);

        var record = Rfc4180.Parse(text)[1];
        Assert.Equal(
            [
                "1", "Banjir, longsor", tricky, "12 km", "Warga \"desa\" terdampak", "Akses lancar", "Dinas Pekerjaan Umum dan Penataan Ruang",
                "Dinas Perhubungan, Dinas Lingkungan Hidup", "15 Desember 2026", "Dalam proses (Terlambat)", "40%",
                "Menunggu alat berat, cuaca buruk; Terlambat 3 hari dari batas waktu",
            ],
            record);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\",\"klik\")", "'=HYPERLINK(\"http://x\",\"klik\")")]
    [InlineData("+62 812", "'+62 812")]
    [InlineData("-1+1", "'-1+1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("Target 100% = 40 unit", "Target 100% = 40 unit")]
    public void Guards_against_formula_injection(string field, string expected)
    {
        var row = new FollowUpRow
        {
            Agenda = "Agenda",
            Description = field,
            Target = "t",
            Beneficiaries = "s",
            Benefit = "m",
            Owner = SampleData.Dinkes,
            DueDate = new DateOnly(2026, 12, 15),
        };
        var csv = FollowUpMatrixCsv.Render(new FollowUpMatrix { Region = SampleData.Lebong, Title = "Uji", Rows = [row] });
        Assert.Equal(expected, Rfc4180.Parse(Encoding.UTF8.GetString(csv[3..]))[1][2]);
    }
}
