namespace RakorLive.Documents;

/// <summary>
/// The matriks tindak lanjut as an Excel workbook: one sheet "Matriks Tindak Lanjut", title rows,
/// a styled header that is frozen and filtered, one row per commitment. Batas Waktu is a real date
/// cell shown as "15 Desember 2026" (number format [$-421]d mmmm yyyy), so it sorts and filters as a
/// date; Progres is a number shown as "40%".
/// </summary>
public static class FollowUpMatrixXlsx
{
    public const string SheetName = "Matriks Tindak Lanjut";

    private static readonly double[] Widths = [5, 30, 42, 26, 24, 26, 24, 26, 18, 24, 9, 32];

    public static byte[] Render(FollowUpMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var sheet = new XlsxSheet(SheetName, Widths);
        var titles = FollowUpCells.TitleLines(matrix);
        for (var i = 0; i < titles.Count; i++) sheet.Title(titles[i], i < 2 ? XlsxStyle.Title : XlsxStyle.Subtitle);
        sheet.Blank();
        sheet.Header(DocumentLabels.MatrixColumns);
        var number = 0;
        foreach (var row in matrix.Rows)
        {
            var late = FollowUpCells.IsLate(row);
            sheet.Add(
            [
                XlsxCell.Of(++number, XlsxStyle.Centered),
                XlsxCell.Of(FollowUpCells.Agenda(row)),
                XlsxCell.Of(row.Description),
                XlsxCell.Of(row.Target),
                XlsxCell.Of(row.Beneficiaries),
                XlsxCell.Of(row.Benefit),
                XlsxCell.Of(row.Owner.Name),
                XlsxCell.Of(FollowUpCells.Supporting(row)),
                XlsxCell.Of(row.DueDate),
                XlsxCell.Of(FollowUpCells.Status(row), late ? XlsxStyle.Alert : XlsxStyle.Text),
                XlsxCell.Of(FollowUpCells.Progress(row) / 100.0, XlsxStyle.Percent),
                XlsxCell.Of(FollowUpCells.Remarks(row), late ? XlsxStyle.Alert : XlsxStyle.Text),
            ]);
        }
        return sheet.Save();
    }
}
