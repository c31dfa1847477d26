using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using UglyToad.PdfPig;

namespace RakorLive.DocumentTests;

/// <summary>The text of each page, as PdfPig extracts it.</summary>
internal static class PdfText
{
    public static IReadOnlyList<string> Pages(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.GetPages().Select(page => page.Text).ToList();
    }

    /// <summary>Without any white space: a text wrapped in a table cell loses the space at each line break.</summary>
    public static string Squeeze(string text) => new(text.Where(c => !char.IsWhiteSpace(c)).ToArray());
}

/// <summary>Reads a generated workbook back with the Open XML SDK, cell by cell.</summary>
internal sealed class XlsxReader : IDisposable
{
    private readonly SpreadsheetDocument document;
    private readonly MemoryStream stream;

    public XlsxReader(byte[] xlsx)
    {
        stream = new MemoryStream(xlsx);
        document = SpreadsheetDocument.Open(stream, false);
        Workbook = document.WorkbookPart!;
        var sheet = Workbook.Workbook.Sheets!.Elements<Sheet>().Single();
        SheetName = sheet.Name!;
        Worksheet = ((WorksheetPart)Workbook.GetPartById(sheet.Id!)).Worksheet;
    }

    public SpreadsheetDocument Document => document;

    public WorkbookPart Workbook { get; }

    public string SheetName { get; }

    public Worksheet Worksheet { get; }

    public Cell? Cell(string reference) =>
        Worksheet.Descendants<Cell>().SingleOrDefault(c => c.CellReference?.Value == reference);

    /// <summary>The cell's text: a shared string resolved, or the raw value.</summary>
    public string Text(string reference)
    {
        var cell = Cell(reference) ?? throw new InvalidOperationException($"No cell {reference}.");
        var raw = cell.CellValue?.Text ?? "";
        if (cell.DataType?.Value == CellValues.SharedString)
            return Workbook.SharedStringTablePart!.SharedStringTable.Elements<SharedStringItem>().ElementAt(int.Parse(raw)).InnerText;
        if (cell.DataType?.Value == CellValues.InlineString) return cell.InlineString!.InnerText;
        return raw;
    }

    public double Number(string reference) =>
        double.Parse(Cell(reference)!.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture);

    public CellFormat Format(string reference) =>
        Workbook.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ElementAt((int)(Cell(reference)!.StyleIndex?.Value ?? 0));

    public string? NumberFormatCode(string reference)
    {
        var id = Format(reference).NumberFormatId?.Value ?? 0;
        return Workbook.WorkbookStylesPart!.Stylesheet.NumberingFormats?.Elements<NumberingFormat>()
            .SingleOrDefault(f => f.NumberFormatId?.Value == id)?.FormatCode?.Value;
    }

    public Font Font(string reference) =>
        Workbook.WorkbookStylesPart!.Stylesheet.Fonts!.Elements<Font>().ElementAt((int)(Format(reference).FontId?.Value ?? 0));

    public void Dispose()
    {
        document.Dispose();
        stream.Dispose();
    }
}

/// <summary>A small RFC 4180 reader: quoted fields, doubled quotes, line breaks inside quotes, CRLF records.</summary>
internal static class Rfc4180
{
    public static List<List<string>> Parse(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                if (c == '"') { quoted = false; i++; continue; }
                field.Append(c);
                i++;
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    i++;
                    break;
                case ',':
                    record.Add(field.ToString());
                    field.Clear();
                    i++;
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    record.Add(field.ToString());
                    field.Clear();
                    records.Add(record);
                    record = [];
                    i += 2;
                    break;
                case '\r' or '\n':
                    throw new FormatException($"A bare line break outside quotes at {i}: records must end with CRLF.");
                case '"':
                    throw new FormatException($"A quote inside an unquoted field at {i}.");
                default:
                    field.Append(c);
                    i++;
                    break;
            }
        }
        if (quoted) throw new FormatException("An unterminated quoted field.");
        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            records.Add(record);
        }
        return records;
    }
}
