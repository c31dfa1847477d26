using System.Text;

namespace RakorLive.Documents;

/// <summary>
/// The matriks tindak lanjut as CSV: the same twelve columns as the workbook (header row and data
/// only, no title rows, so that it loads as a table), UTF-8 with a byte order mark (without it Excel
/// reads the file in the machine's legacy code page), RFC 4180 quoting and CRLF line ends. Dates are written
/// "15 Desember 2026" and progress "40%", as people read them.
/// </summary>
public static class FollowUpMatrixCsv
{
    public static byte[] Render(FollowUpMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var csv = new StringBuilder();
        Line(csv, DocumentLabels.MatrixColumns);
        var number = 0;
        foreach (var row in matrix.Rows)
        {
            Line(csv,
            [
                (++number).ToString(IndonesianFormat.Culture),
                FollowUpCells.Agenda(row),
                row.Description,
                row.Target,
                row.Beneficiaries,
                row.Benefit,
                row.Owner.Name,
                FollowUpCells.Supporting(row),
                IndonesianFormat.Date(row.DueDate),
                FollowUpCells.Status(row),
                FollowUpCells.ProgressText(row),
                FollowUpCells.Remarks(row),
            ]);
        }
        var utf8WithBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        return [.. utf8WithBom.GetPreamble(), .. utf8WithBom.GetBytes(csv.ToString())];
    }

    private static void Line(StringBuilder csv, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0) csv.Append(',');
            csv.Append(Field(fields[i]));
        }
        csv.Append("\r\n");
    }

    internal static string Field(string value)
    {
        // CSV (formula) injection: a spreadsheet runs a cell that starts with =, +, - or @ (or a tab
        // or carriage return that hides one) as a formula, and these texts come from many users.
        // A leading apostrophe makes the spreadsheet show the text as text.
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        // RFC 4180: a field holding a comma, a quote or a line break is quoted, its quotes doubled.
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
