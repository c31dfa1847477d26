using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using RakorLive.Documents;

namespace RakorLive.DocumentTests;

public class FollowUpMatrixXlsxTests
{
    // Five title rows (letterhead, document name, title, when and where, as-of date), a blank row, then the header.
    private const int HeaderRow = 7;

    [Fact]
    public void Has_the_sheet_the_title_rows_and_the_header_columns()
    {
        using var xlsx = new XlsxReader(Render(out _));
        Assert.Equal("Matriks Tindak Lanjut", xlsx.SheetName);
        Assert.Equal("PEMERINTAH KABUPATEN LEBONG", xlsx.Text("A1"));
        Assert.Equal("MATRIKS TINDAK LANJUT", xlsx.Text("A2"));
        Assert.Equal("Rapat Koordinasi Percepatan Pembangunan Infrastruktur dan Pelayanan Dasar Bulan Desember 2026", xlsx.Text("A3"));
        Assert.Equal("Selasa, 1 Desember 2026, pukul 09.00 WIB, Ruang Rapat Bupati, Kantor Bupati Lebong", xlsx.Text("A4"));
        Assert.Equal("Posisi per 10 Desember 2026", xlsx.Text("A5"));
        Assert.Contains(xlsx.Worksheet.Descendants<MergeCell>(), m => m.Reference == "A1:L1");

        string[] expected =
        [
            "No", "Agenda / Permasalahan", "Rencana Tindak Lanjut", "Target", "Sasaran", "Manfaat",
            "OPD Penanggung Jawab", "OPD Pendukung", "Batas Waktu", "Status", "Progres", "Keterangan",
        ];
        for (var i = 0; i < expected.Length; i++)
        {
            var reference = XlsxSheet.Column(i) + HeaderRow;
            Assert.Equal(expected[i], xlsx.Text(reference));
            var format = xlsx.Format(reference);
            Assert.True(xlsx.Font(reference).Bold is not null, $"{reference} is bold");
            Assert.NotEqual(0u, format.FillId!.Value);
            Assert.NotEqual(0u, format.BorderId!.Value);
            Assert.True(format.Alignment!.WrapText!.Value);
        }
        Assert.Null(xlsx.Cell("M" + HeaderRow));
    }

    [Fact]
    public void Writes_one_row_per_commitment_with_Indonesian_values()
    {
        using var xlsx = new XlsxReader(Render(out var notulen));
        var rows = xlsx.Worksheet.Descendants<Row>().Count(r => r.RowIndex!.Value > HeaderRow);
        Assert.Equal(notulen.Commitments.Count, rows);

        // c001: the first row, an open road commitment of Dinas PUPR on agenda item 2.
        var first = RowOf(notulen, "c001");
        Assert.Equal(HeaderRow + 1, first);
        Assert.Equal("1", xlsx.Text($"A{first}"));
        Assert.Equal("Percepatan perbaikan jalan kabupaten", xlsx.Text($"B{first}"));
        Assert.Equal("Menyusun peta jalan perbaikan ruas jalan kabupaten di Kecamatan Lebong Tengah", xlsx.Text($"C{first}"));
        Assert.Equal("Dokumen peta jalan ditetapkan", xlsx.Text($"D{first}"));
        Assert.Equal("Pengguna jalan di Kecamatan Lebong Tengah", xlsx.Text($"E{first}"));
        Assert.Equal("Waktu tempuh ke pusat kabupaten berkurang", xlsx.Text($"F{first}"));
        Assert.Equal("Dinas Pekerjaan Umum dan Penataan Ruang", xlsx.Text($"G{first}"));
        Assert.Equal("Dinas Perhubungan, Dinas Lingkungan Hidup, Kecamatan Lebong Utara", xlsx.Text($"H{first}"));
        Assert.Equal(new DateTime(2026, 12, 15).ToOADate(), xlsx.Number($"I{first}"));
        Assert.Equal("[$-421]d mmmm yyyy", xlsx.NumberFormatCode($"I{first}"));
        Assert.Equal("Belum ditindaklanjuti", xlsx.Text($"J{first}"));
        Assert.Equal(0, xlsx.Number($"K{first}"));
        Assert.Equal(9u, xlsx.Format($"K{first}").NumberFormatId!.Value); // built-in 0%: 0.4 shows "40%"
        Assert.Equal("", xlsx.Text($"L{first}"));

        var inProgress = RowOf(notulen, "c002");
        Assert.Equal("2", xlsx.Text($"A{inProgress}"));
        Assert.Equal("Dalam proses", xlsx.Text($"J{inProgress}"));
        Assert.Equal(0.4, xlsx.Number($"K{inProgress}"), 6);
        Assert.Equal(new DateTime(2026, 12, 22).ToOADate(), xlsx.Number($"I{inProgress}"));

        var late = RowOf(notulen, "c018");
        Assert.Equal("Menunggu verifikasi (Terlambat)", xlsx.Text($"J{late}"));
        Assert.Equal("Terlambat 5 hari dari batas waktu", xlsx.Text($"L{late}"));
        Assert.Equal("FFC00000", xlsx.Font($"J{late}").Color!.Rgb!.Value);
        Assert.Equal(1, xlsx.Number($"K{late}"));

        var dropped = RowOf(notulen, "c005");
        Assert.Equal("Tidak dapat ditindaklanjuti", xlsx.Text($"J{dropped}"));
        Assert.Equal("Lokasi masuk kawasan hutan lindung; dialihkan ke tahun anggaran 2027", xlsx.Text($"L{dropped}"));

        Assert.Equal("Selesai", xlsx.Text($"J{RowOf(notulen, "c004")}"));
        Assert.Equal("Belum ditindaklanjuti (Terlambat)", xlsx.Text($"J{RowOf(notulen, "c011")}"));
        Assert.Equal("", xlsx.Text($"H{RowOf(notulen, "c006")}")); // Bappeda works alone
    }

    [Fact]
    public void Freezes_below_the_header_and_filters_the_table()
    {
        using var xlsx = new XlsxReader(Render(out var notulen));
        var pane = xlsx.Worksheet.Descendants<Pane>().Single();
        Assert.Equal(PaneStateValues.Frozen, pane.State!.Value);
        Assert.Equal(HeaderRow, pane.VerticalSplit!.Value);
        Assert.Equal($"A{HeaderRow + 1}", pane.TopLeftCell!.Value);
        var lastRow = HeaderRow + notulen.Commitments.Count;
        Assert.Equal($"A{HeaderRow}:L{lastRow}", xlsx.Worksheet.Descendants<AutoFilter>().Single().Reference!.Value);
        Assert.Contains(xlsx.Workbook.Workbook.Descendants<DefinedName>(), d => d.Name == "_xlnm._FilterDatabase");
        var widths = xlsx.Worksheet.Descendants<Column>().ToList();
        Assert.Equal(12, widths.Count);
        Assert.All(widths, c => Assert.True(c.CustomWidth!.Value && c.Width!.Value >= 5));
    }

    [Fact]
    public void Is_a_valid_workbook()
    {
        using var xlsx = new XlsxReader(Render(out _));
        var errors = new OpenXmlValidator().Validate(xlsx.Document).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();
        Assert.Empty(errors);
    }

    [Fact]
    public void A_matrix_across_meetings_names_each_meeting_and_its_filter()
    {
        var row = FollowUpRow.From(SampleData.LebongRakor(commitments: 1).Commitments[0], "Percepatan perbaikan jalan kabupaten", "Rakor Desember 2026");
        var matrix = new FollowUpMatrix { Region = SampleData.Lebong, Title = "Tindak lanjut seluruh rakor", Subtitle = "OPD: Dinas PUPR; status: Terlambat", Rows = [row, row] };
        using var xlsx = new XlsxReader(FollowUpMatrixXlsx.Render(matrix));
        Assert.Equal("OPD: Dinas PUPR; status: Terlambat", xlsx.Text("A4"));
        Assert.Equal("No", xlsx.Text("A6")); // no as-of line: the header moves up
        Assert.Equal("Percepatan perbaikan jalan kabupaten (Rakor Desember 2026)", xlsx.Text("B7"));
        Assert.Equal("2", xlsx.Text("A8"));
    }

    [Fact]
    public void An_empty_matrix_still_has_its_header_and_filter()
    {
        var matrix = new FollowUpMatrix { Region = SampleData.Lebong, Title = "Tidak ada tindak lanjut" };
        using var xlsx = new XlsxReader(FollowUpMatrixXlsx.Render(matrix));
        Assert.Equal("Keterangan", xlsx.Text("L5"));
        Assert.Equal("A5:L5", xlsx.Worksheet.Descendants<AutoFilter>().Single().Reference!.Value);
        Assert.Empty(new OpenXmlValidator().Validate(xlsx.Document));
    }

    private static byte[] Render(out NotulenDocument notulen)
    {
        notulen = SampleData.LebongRakor();
        var xlsx = FollowUpMatrixXlsx.Render(FollowUpMatrix.ForMeeting(notulen, asOf: new DateOnly(2026, 12, 10)));
        SampleOutput.Write("matrix.xlsx", xlsx);
        return xlsx;
    }

    /// <summary>The sheet row of a commitment: the matrix of a meeting follows the agenda, then the order commitments were made in.</summary>
    private static int RowOf(NotulenDocument notulen, string id)
    {
        var order = notulen.Agenda.Select(a => a.Id).ToList();
        var ordered = notulen.Commitments.OrderBy(c => order.IndexOf(c.AgendaItemId!)).ToList(); // OrderBy is stable
        return HeaderRow + 1 + ordered.FindIndex(c => c.Id == id);
    }
}
