namespace RakorLive.Documents;

/// <summary>The daftar hadir of a meeting as an Excel workbook: No, OPD, Nama, Jabatan, Waktu hadir ("pukul 09.05 WIB").</summary>
public static class AttendanceXlsx
{
    public const string SheetName = "Daftar Hadir";

    private static readonly double[] Widths = [5, 44, 32, 36, 18];

    public static byte[] Render(NotulenDocument meeting)
    {
        ArgumentNullException.ThrowIfNull(meeting);
        var sheet = new XlsxSheet(SheetName, Widths);
        sheet.Title(NotulenText.Letterhead(meeting.Region));
        sheet.Title("DAFTAR HADIR");
        sheet.Title(meeting.MeetingTitle, XlsxStyle.Subtitle);
        sheet.Title(NotulenText.WhenAndWhere(meeting), XlsxStyle.Subtitle);
        sheet.Blank();
        sheet.Header(DocumentLabels.AttendanceColumns);
        var number = 0;
        foreach (var attendee in meeting.Attendees)
        {
            sheet.Add(
            [
                XlsxCell.Of(++number, XlsxStyle.Centered),
                XlsxCell.Of(attendee.Opd.Name),
                XlsxCell.Of(attendee.Name),
                XlsxCell.Of(attendee.Position),
                XlsxCell.Of(IndonesianFormat.Clock(attendee.CheckedInAt, meeting.TimeZoneId), XlsxStyle.Centered),
            ]);
        }
        return sheet.Save();
    }
}
