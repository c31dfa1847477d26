using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace RakorLive.Documents;

internal enum TextAlign
{
    Left,
    Center,
    Right,
}

internal sealed record PdfColumn(string Header, double Width, TextAlign Align = TextAlign.Left);

/// <summary>
/// A small flow layout on top of PDFsharp (which draws but does not lay out): wrapped paragraphs,
/// hanging lists and tables whose rows wrap, break across pages and repeat the header row. It
/// keeps a cursor and starts a new A4 page when the next line does not fit above the footer.
/// </summary>
internal sealed class PdfComposer : IDisposable
{
    public const double PageWidth = 595.28;
    public const double PageHeight = 841.89;
    public const double MarginLeft = 70.87; // 25 mm: the binding side of an official document
    public const double MarginRight = 56.69; // 20 mm
    public const double MarginTop = 56.69;
    public const double MarginBottom = 36.85; // 13 mm, below the footer
    public const double FooterHeight = 58;
    public const double ContentBottom = PageHeight - MarginBottom - FooterHeight - 10;
    public const double ContentWidth = PageWidth - MarginLeft - MarginRight;
    public const double Right = PageWidth - MarginRight;

    private const double CellPadding = 2.5;
    private static readonly XPen GridPen = new(XColors.Black, 0.5);
    private static readonly XBrush HeaderFill = new XSolidBrush(XColor.FromArgb(230, 230, 230));
    private static readonly XPdfFontOptions FontOptions = new(PdfFontEncoding.Unicode);

    private readonly XGraphics measure;
    private readonly Dictionary<(double, bool, bool), XFont> fonts = [];
    private XGraphics? gfx;

    public PdfComposer()
    {
        DocumentFonts.EnsureInstalled();
        Document = new PdfDocument();
        measure = XGraphics.CreateMeasureContext(new XSize(PageWidth, PageHeight), XGraphicsUnit.Point, XPageDirection.Downwards);
        NewPage();
    }

    public PdfDocument Document { get; }

    /// <summary>The top of the next line on the current page.</summary>
    public double Y { get; set; }

    private XGraphics Graphics => gfx ?? throw new InvalidOperationException("No page is open.");

    public XFont Font(double size, bool bold = false, bool italic = false)
    {
        var key = (size, bold, italic);
        if (!fonts.TryGetValue(key, out var font))
        {
            var style = (bold, italic) switch
            {
                (true, true) => XFontStyleEx.BoldItalic,
                (true, false) => XFontStyleEx.Bold,
                (false, true) => XFontStyleEx.Italic,
                _ => XFontStyleEx.Regular,
            };
            fonts[key] = font = new XFont(DocumentFonts.Family, size, style, FontOptions);
        }
        return font;
    }

    public static double LineHeight(XFont font) => font.GetHeight() * 1.05;

    public double Measure(string text, XFont font) => measure.MeasureString(text, font).Width;

    public void NewPage()
    {
        gfx?.Dispose();
        var page = Document.AddPage();
        page.Size = PageSize.A4;
        gfx = XGraphics.FromPdfPage(page);
        Y = MarginTop;
    }

    /// <summary>Starts a new page unless <paramref name="height"/> still fits on this one (keeps a heading with what follows).</summary>
    public void EnsureRoom(double height)
    {
        if (Y + height > ContentBottom && Y > MarginTop) NewPage();
    }

    public void Space(double height) => Y += height;

    public void Rule(double thickness, double gapAfter)
    {
        EnsureRoom(thickness + gapAfter);
        Graphics.DrawLine(new XPen(XColors.Black, thickness), MarginLeft, Y + thickness / 2, Right, Y + thickness / 2);
        Y += thickness + gapAfter;
    }

    /// <summary>A wrapped paragraph across the content width (or from <paramref name="indent"/>).</summary>
    public void Paragraph(string text, XFont font, TextAlign align = TextAlign.Left, double indent = 0, XBrush? brush = null)
    {
        var x = MarginLeft + indent;
        var width = ContentWidth - indent;
        foreach (var line in Wrap(text, font, width))
        {
            EnsureRoom(LineHeight(font));
            DrawLine(line, font, x, width, align, brush);
            Y += LineHeight(font);
        }
    }

    /// <summary>
    /// A lead ("1.", "Tempat") at <paramref name="leadIndent"/> and its text from <paramref name="textIndent"/>,
    /// continuation lines from <paramref name="textIndent"/> + <paramref name="continuationIndent"/>.
    /// </summary>
    public void Hanging(string lead, XFont leadFont, double leadIndent, string text, XFont font, double textIndent, double continuationIndent = 0)
    {
        var lineHeight = Math.Max(LineHeight(font), LineHeight(leadFont));
        var first = MarginLeft + textIndent;
        var width = ContentWidth - textIndent - continuationIndent;
        var lines = Wrap(text, font, width);
        for (var i = 0; i < lines.Count; i++)
        {
            EnsureRoom(lineHeight);
            if (i == 0) Graphics.DrawString(lead, leadFont, XBrushes.Black, MarginLeft + leadIndent, Y, XStringFormats.TopLeft);
            Graphics.DrawString(lines[i], font, XBrushes.Black, i == 0 ? first : first + continuationIndent, Y, XStringFormats.TopLeft);
            Y += lineHeight;
        }
    }

    /// <summary>Text in a box of the given width at the cursor, without moving it (for side-by-side columns).</summary>
    public void DrawAt(string text, XFont font, double x, double y, double width, TextAlign align, XBrush? brush = null)
    {
        var saved = Y;
        Y = y;
        DrawLine(text, font, x, width, align, brush);
        Y = saved;
    }

    public void Underline(double x1, double x2, double y, double thickness = 0.6) =>
        Graphics.DrawLine(new XPen(XColors.Black, thickness), x1, y, x2, y);

    /// <summary>A grid table: the header row repeats on each page; a row moves whole to the next page, or splits only if taller than a page.</summary>
    public void Table(IReadOnlyList<PdfColumn> columns, IEnumerable<IReadOnlyList<string>> rows, XFont headerFont, XFont bodyFont)
    {
        var headerCells = columns.Select(c => Wrap(c.Header, headerFont, c.Width - 2 * CellPadding)).ToList();
        var headerLine = LineHeight(headerFont);
        var headerHeight = headerCells.Max(lines => lines.Count) * headerLine + 2 * CellPadding;
        var bodyLine = LineHeight(bodyFont);

        void Header()
        {
            var x = MarginLeft;
            for (var i = 0; i < columns.Count; i++)
            {
                Graphics.DrawRectangle(GridPen, HeaderFill, x, Y, columns[i].Width, headerHeight);
                var lines = headerCells[i];
                var top = Y + (headerHeight - lines.Count * headerLine) / 2;
                for (var l = 0; l < lines.Count; l++)
                    DrawAt(lines[l], headerFont, x + CellPadding, top + l * headerLine, columns[i].Width - 2 * CellPadding, TextAlign.Center);
                x += columns[i].Width;
            }
            Y += headerHeight;
        }

        EnsureRoom(headerHeight + bodyLine + 2 * CellPadding);
        Header();
        foreach (var row in rows)
        {
            var cells = columns.Select((c, i) => Wrap(i < row.Count ? row[i] : "", bodyFont, c.Width - 2 * CellPadding)).ToList();
            var lineCount = Math.Max(1, cells.Max(lines => lines.Count));
            var height = lineCount * bodyLine + 2 * CellPadding;
            var fitsOnAPage = height <= ContentBottom - MarginTop - headerHeight;
            if (Y + height > ContentBottom && fitsOnAPage)
            {
                NewPage();
                Header();
            }
            var start = 0;
            while (start < lineCount)
            {
                var room = (int)Math.Floor((ContentBottom - Y - 2 * CellPadding) / bodyLine);
                if (room < 1)
                {
                    NewPage();
                    Header();
                    continue;
                }
                var take = Math.Min(room, lineCount - start);
                var sliceHeight = take * bodyLine + 2 * CellPadding;
                var x = MarginLeft;
                for (var i = 0; i < columns.Count; i++)
                {
                    Graphics.DrawRectangle(GridPen, x, Y, columns[i].Width, sliceHeight);
                    var lines = cells[i];
                    for (var l = start; l < Math.Min(lines.Count, start + take); l++)
                        DrawAt(lines[l], bodyFont, x + CellPadding, Y + CellPadding + (l - start) * bodyLine, columns[i].Width - 2 * CellPadding, columns[i].Align);
                    x += columns[i].Width;
                }
                Y += sliceHeight;
                start += take;
            }
        }
    }

    /// <summary>Draws on every finished page (footers, page numbers) once the page count is known.</summary>
    public void OnEveryPage(Action<XGraphics, int, int> draw)
    {
        gfx?.Dispose();
        gfx = null;
        var count = Document.PageCount;
        for (var i = 0; i < count; i++)
        {
            using var page = XGraphics.FromPdfPage(Document.Pages[i], XGraphicsPdfPageOptions.Append);
            draw(page, i + 1, count);
        }
    }

    /// <summary>Words onto lines no wider than <paramref name="width"/>; explicit line breaks are kept, a word longer than a line is cut.</summary>
    public IReadOnlyList<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (Measure(candidate, font) <= width)
                {
                    line = candidate;
                    continue;
                }
                if (line.Length > 0) lines.Add(line);
                line = word;
                while (Measure(line, font) > width && line.Length > 1)
                {
                    var cut = line.Length - 1;
                    while (cut > 1 && Measure(line[..cut], font) > width) cut--;
                    lines.Add(line[..cut]);
                    line = line[cut..];
                }
            }
            lines.Add(line);
        }
        return lines;
    }

    private void DrawLine(string line, XFont font, double x, double width, TextAlign align, XBrush? brush)
    {
        if (line.Length == 0) return;
        var left = align switch
        {
            TextAlign.Center => x + (width - Measure(line, font)) / 2,
            TextAlign.Right => x + width - Measure(line, font),
            _ => x,
        };
        Graphics.DrawString(line, font, brush ?? XBrushes.Black, left, Y, XStringFormats.TopLeft);
    }

    public void Dispose()
    {
        gfx?.Dispose();
        measure.Dispose();
        Document.Dispose();
    }
}
