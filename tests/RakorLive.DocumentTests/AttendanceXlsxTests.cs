using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using RakorLive.Documents;

namespace RakorLive.DocumentTests;

public class AttendanceXlsxTests
{
    [Fact]
    public void Lists_who_came_when_with_a_frozen_filtered_header()
    {
        var notulen = SampleData.LebongRakor();
        var bytes = AttendanceXlsx.Render(notulen);
        SampleOutput.Write("attendance.xlsx", bytes);
        using var xlsx = new XlsxReader(bytes);

        Assert.Equal("Daftar Hadir", xlsx.SheetName);
        Assert.Equal("PEMERINTAH KABUPATEN LEBONG", xlsx.Text("A1"));
        Assert.Equal("DAFTAR HADIR", xlsx.Text("A2"));
        Assert.Equal(notulen.MeetingTitle, xlsx.Text("A3"));
        string[] header = ["No", "OPD", "Nama", "Jabatan", "Waktu hadir"];
        for (var i = 0; i < header.Length; i++)
        {
            Assert.Equal(header[i], xlsx.Text(XlsxSheet.Column(i) + "6"));
            Assert.NotNull(xlsx.Font(XlsxSheet.Column(i) + "6").Bold);
        }

        Assert.Equal("1", xlsx.Text("A7"));
        Assert.Equal("Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah", xlsx.Text("B7"));
        Assert.Equal("Dr. Hendra Saputra, S.T., M.T.", xlsx.Text("C7"));
        Assert.Equal("Kepala Bappeda", xlsx.Text("D7"));
        Assert.Equal("pukul 08.52 WIB", xlsx.Text("E7"));
        Assert.Equal("Camat Lebong Utara", xlsx.Text("D18"));
        Assert.Equal("pukul 09.10 WIB", xlsx.Text("E18"));

        var pane = xlsx.Worksheet.Descendants<Pane>().Single();
        Assert.Equal(PaneStateValues.Frozen, pane.State!.Value);
        Assert.Equal(6, pane.VerticalSplit!.Value);
        Assert.Equal("A6:E18", xlsx.Worksheet.Descendants<AutoFilter>().Single().Reference!.Value);
        Assert.Empty(new OpenXmlValidator().Validate(xlsx.Document));
    }

    [Fact]
    public void Check_in_times_follow_the_meeting_zone()
    {
        using var xlsx = new XlsxReader(AttendanceXlsx.Render(SampleData.GowaRakor()));
        Assert.Equal("pukul 09.25 WITA", xlsx.Text("E7"));
    }
}
