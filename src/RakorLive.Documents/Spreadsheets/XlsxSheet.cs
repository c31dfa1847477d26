using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace RakorLive.Documents;

/// <summary>The cell styles of <see cref="XlsxSheet"/>: indices into the stylesheet's cell formats.</summary>
internal enum XlsxStyle : uint
{
    Default = 0,
    Title = 1,
    Subtitle = 2,
    Header = 3,
    Text = 4,
    Centered = 5,
    Date = 6,
    Percent = 7,
    Alert = 8,
}

internal readonly record struct XlsxCell(string? Text, double? Number, XlsxStyle Style)
{
    public static XlsxCell Of(string text, XlsxStyle style = XlsxStyle.Text) => new(text, null, style);

    public static XlsxCell Of(double number, XlsxStyle style) => new(null, number, style);

    /// <summary>A real date (an OLE serial) shown by the Date style's Indonesian number format.</summary>
    public static XlsxCell Of(DateOnly date) => new(null, date.ToDateTime(TimeOnly.MinValue).ToOADate(), XlsxStyle.Date);
}

/// <summary>
/// One styled worksheet written with the Open XML SDK: title rows merged across the table, a
/// header row that is frozen and filtered, bordered wrapped cells, landscape A4 printing with the
/// header repeated on each printed page.
/// </summary>
internal sealed class XlsxSheet(string name, IReadOnlyList<double> columnWidths)
{
    /// <summary>Indonesian long date: LCID 0x0421 (id-ID) gives "15 Desember 2026" in Excel and LibreOffice.</summary>
    public const string DateFormat = "[$-421]d mmmm yyyy";

    private const uint DateFormatId = 164;
    private readonly List<Row> rows = [];
    private readonly List<string> merges = [];
    private readonly SharedStrings strings = new();
    private uint headerRow;

    public string Name => name;

    private uint NextRow => (uint)rows.Count + 1;

    private string LastColumn => Column(columnWidths.Count - 1);

    public void Title(string text, XlsxStyle style = XlsxStyle.Title)
    {
        var index = NextRow;
        var row = new Row { RowIndex = index, Height = style == XlsxStyle.Title ? 20 : 16, CustomHeight = true };
        row.Append(Cell(0, index, XlsxCell.Of(text, style)));
        rows.Add(row);
        merges.Add($"A{index}:{LastColumn}{index}");
    }

    public void Blank() => rows.Add(new Row { RowIndex = NextRow });

    public void Header(IReadOnlyList<string> headers)
    {
        headerRow = NextRow;
        Add(headers.Select(h => XlsxCell.Of(h, XlsxStyle.Header)).ToList());
    }

    public void Add(IReadOnlyList<XlsxCell> cells)
    {
        var index = NextRow;
        var row = new Row { RowIndex = index };
        for (var i = 0; i < cells.Count; i++) row.Append(Cell(i, index, cells[i]));
        rows.Add(row);
    }

    public byte[] Save()
    {
        if (headerRow == 0) throw new InvalidOperationException("The sheet has no header row.");
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
            var stringsPart = workbookPart.AddNewPart<SharedStringTablePart>();
            var worksheetPart = workbookPart.AddNewPart<WorksheetPart>();
            worksheetPart.Worksheet = Worksheet();
            stringsPart.SharedStringTable = strings.Table();

            var lastRow = Math.Max(headerRow, (uint)rows.Count);
            var sheetRef = "'" + name.Replace("'", "''", StringComparison.Ordinal) + "'";
            workbookPart.Workbook = new Workbook(
                new Sheets(new Sheet { Name = name, SheetId = 1, Id = workbookPart.GetIdOfPart(worksheetPart) }),
                new DefinedNames(
                    // Excel keeps the filter's range under this hidden name; without it some versions drop the filter.
                    new DefinedName($"{sheetRef}!$A${headerRow}:${LastColumn}${lastRow}") { Name = "_xlnm._FilterDatabase", LocalSheetId = 0, Hidden = true },
                    new DefinedName($"{sheetRef}!${headerRow}:${headerRow}") { Name = "_xlnm.Print_Titles", LocalSheetId = 0 }));
        }
        return stream.ToArray();
    }

    private Worksheet Worksheet()
    {
        var lastRow = Math.Max(headerRow, (uint)rows.Count);
        var columns = new Columns();
        for (var i = 0; i < columnWidths.Count; i++)
            columns.Append(new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = columnWidths[i], CustomWidth = true });

        var sheetData = new SheetData();
        foreach (var row in rows) sheetData.Append(row);

        var mergeCells = new MergeCells();
        foreach (var range in merges) mergeCells.Append(new MergeCell { Reference = range });

        var firstBodyCell = $"A{headerRow + 1}";
        // The children's order is the schema's; Excel refuses a sheet whose elements are out of order.
        return new Worksheet(
            new SheetProperties(new PageSetupProperties { FitToPage = true }),
            new SheetDimension { Reference = $"A1:{LastColumn}{lastRow}" },
            new SheetViews(new SheetView(
                // ySplit (VerticalSplit in the SDK) counts the rows above the frozen line.
                new Pane { VerticalSplit = headerRow, TopLeftCell = firstBodyCell, ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
                new Selection { Pane = PaneValues.BottomLeft, ActiveCell = firstBodyCell, SequenceOfReferences = new ListValue<StringValue> { InnerText = firstBodyCell } })
            { WorkbookViewId = 0 }),
            new SheetFormatProperties { DefaultRowHeight = 15 },
            columns,
            sheetData,
            new AutoFilter { Reference = $"A{headerRow}:{LastColumn}{lastRow}" },
            mergeCells,
            new PageMargins { Left = 0.5, Right = 0.5, Top = 0.6, Bottom = 0.6, Header = 0.3, Footer = 0.3 },
            new PageSetup { PaperSize = 9, Orientation = OrientationValues.Landscape, FitToWidth = 1, FitToHeight = 0 });
    }

    private Cell Cell(int column, uint row, XlsxCell value)
    {
        var cell = new Cell { CellReference = Column(column) + row, StyleIndex = (uint)value.Style };
        if (value.Number is { } number)
        {
            cell.CellValue = new CellValue(number);
        }
        else
        {
            // Texts go in as shared strings, never as formulas: a workbook cannot run what a user typed.
            cell.DataType = CellValues.SharedString;
            cell.CellValue = new CellValue(strings.Index(XmlSafe(value.Text ?? "")));
        }
        return cell;
    }

    /// <summary>
    /// XML 1.0 cannot hold control characters, lone surrogates or U+FFFE/U+FFFF, and the SDK's writer
    /// throws on them: drop them (a lone surrogate becomes U+FFFD, as UTF-8 encoding would make it).
    /// </summary>
    internal static string XmlSafe(string text)
    {
        var safe = new System.Text.StringBuilder(text.Length);
        var changed = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                safe.Append(c).Append(text[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                safe.Append('\uFFFD');
                changed = true;
            }
            else if (c is '\t' or '\n' or '\r' || (c >= ' ' && c is not ('\uFFFE' or '\uFFFF')))
            {
                safe.Append(c);
            }
            else
            {
                changed = true;
            }
        }
        return changed ? safe.ToString() : text;
    }

    /// <summary>A, B, … Z, AA, …</summary>
    public static string Column(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }

    private static Stylesheet Styles()
    {
        var fonts = new Fonts(
            Font(bold: false, size: 10),
            Font(bold: true, size: 10),
            Font(bold: true, size: 13),
            Font(bold: true, size: 10, color: "FFC00000"));
        var fills = new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }), // the two fills every stylesheet must start with
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFD9E1F2" }, new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid }));
        var borders = new Borders(
            new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()),
            new Border(
                new LeftBorder(new Color { Auto = true }) { Style = BorderStyleValues.Thin },
                new RightBorder(new Color { Auto = true }) { Style = BorderStyleValues.Thin },
                new TopBorder(new Color { Auto = true }) { Style = BorderStyleValues.Thin },
                new BottomBorder(new Color { Auto = true }) { Style = BorderStyleValues.Thin },
                new DiagonalBorder()));

        static CellFormat Format(uint font, uint fill, uint border, uint numberFormat, HorizontalAlignmentValues horizontal, VerticalAlignmentValues vertical, bool wrap) =>
            new(new Alignment { Horizontal = horizontal, Vertical = vertical, WrapText = wrap })
            {
                FontId = font,
                FillId = fill,
                BorderId = border,
                NumberFormatId = numberFormat,
                FormatId = 0,
                ApplyFont = font != 0,
                ApplyFill = fill != 0,
                ApplyBorder = border != 0,
                ApplyNumberFormat = numberFormat != 0,
                ApplyAlignment = true,
            };

        // In the order of XlsxStyle.
        var formats = new CellFormats(
            new CellFormat { FontId = 0, FillId = 0, BorderId = 0, NumberFormatId = 0, FormatId = 0 },
            Format(2, 0, 0, 0, HorizontalAlignmentValues.Center, VerticalAlignmentValues.Center, false),
            Format(1, 0, 0, 0, HorizontalAlignmentValues.Center, VerticalAlignmentValues.Center, false),
            Format(1, 2, 1, 0, HorizontalAlignmentValues.Center, VerticalAlignmentValues.Center, true),
            Format(0, 0, 1, 0, HorizontalAlignmentValues.Left, VerticalAlignmentValues.Top, true),
            Format(0, 0, 1, 0, HorizontalAlignmentValues.Center, VerticalAlignmentValues.Top, true),
            Format(0, 0, 1, DateFormatId, HorizontalAlignmentValues.Center, VerticalAlignmentValues.Top, false),
            Format(0, 0, 1, 9, HorizontalAlignmentValues.Center, VerticalAlignmentValues.Top, false), // 9 is the built-in "0%"
            Format(3, 0, 1, 0, HorizontalAlignmentValues.Left, VerticalAlignmentValues.Top, true));

        return new Stylesheet(
            new NumberingFormats(new NumberingFormat { NumberFormatId = DateFormatId, FormatCode = DateFormat }),
            fonts,
            fills,
            borders,
            new CellStyleFormats(new CellFormat { FontId = 0, FillId = 0, BorderId = 0, NumberFormatId = 0 }),
            formats,
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }));
    }

    private static Font Font(bool bold, double size, string? color = null)
    {
        var font = new Font();
        if (bold) font.Append(new Bold());
        font.Append(new FontSize { Val = size });
        font.Append(new Color { Rgb = color ?? "FF000000" });
        font.Append(new FontName { Val = "Arial" });
        font.Append(new FontFamilyNumbering { Val = 2 });
        return font;
    }

    /// <summary>Each distinct text once, as Excel writes it.</summary>
    private sealed class SharedStrings
    {
        private readonly Dictionary<string, int> indices = new(StringComparer.Ordinal);
        private readonly List<string> texts = [];
        private uint references;

        public int Index(string text)
        {
            references++;
            if (!indices.TryGetValue(text, out var index))
            {
                indices[text] = index = texts.Count;
                texts.Add(text);
            }
            return index;
        }

        public SharedStringTable Table()
        {
            var table = new SharedStringTable { Count = references, UniqueCount = (uint)texts.Count };
            foreach (var text in texts)
            {
                // Keep leading/trailing spaces and line breaks exactly as given.
                table.Append(new SharedStringItem(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
            }
            return table;
        }
    }
}
