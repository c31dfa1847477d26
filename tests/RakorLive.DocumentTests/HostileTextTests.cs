using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using RakorLive.Documents;

namespace RakorLive.DocumentTests;

/// <summary>
/// HTML, script and spreadsheet formulas typed into every text field of a meeting: the notulen's HTML shows them as
/// text (escaped), the PDF and the workbooks carry them as text, and no spreadsheet cell becomes a formula.
/// </summary>
public class HostileTextTests
{
    public static readonly string[] Payloads =
    [
        "<img src=x onerror=window.__xss=1>",
        "</script><script>window.__xss=1</script>",
        "\"><svg onload=window.__xss=1>",
        "=HYPERLINK(\"http://x.invalid\",\"klik\")",
        "+62 812 <b>tebal</b>",
        "-1+1 & 'kutip'",
        "@SUM(A1:A2)",
    ];

    public static IEnumerable<object[]> Each() => Payloads.Select(p => new object[] { p });

    /// <summary>A meeting whose every text field holds <paramref name="payload"/>, tagged with the field's name so each one can be found.</summary>
    private static NotulenDocument Hostile(string payload)
    {
        string T(string field) => payload + " " + field;
        var opd = new Agency("PUPR", T("agency"));
        var support = new Agency("DISHUB", T("support-agency"));
        return new NotulenDocument
        {
            Region = new DocumentRegion(T("region"), T("city")),
            MeetingTitle = T("title"),
            ScheduledStart = SampleData.LebongStart,
            TimeZoneId = "Asia/Jakarta",
            Location = T("location"),
            Chair = T("chair"),
            Notulis = T("notulis"),
            Attendees = [new Attendee(opd, T("attendee"), T("position"), SampleData.LebongStart)],
            Agenda =
            [
                new AgendaItem
                {
                    Id = "a1", Title = T("agenda"), Presenter = opd,
                    Outcomes = [new Outcome(OutcomeKind.Note, T("note")), new Outcome(OutcomeKind.Decision, T("decision")), new Outcome(OutcomeKind.Directive, T("directive"))],
                },
            ],
            Commitments =
            [
                new Commitment
                {
                    Id = "c1", AgendaItemId = "a1", Owner = opd, Supporting = [support], Description = T("description"), Target = T("target"),
                    Beneficiaries = T("beneficiaries"), Benefit = T("benefit"), DueDate = new DateOnly(2026, 12, 15), Status = CommitmentStatus.Dropped,
                    StatusReason = T("reason"),
                },
            ],
            Status = NotulenStatus.Approved,
            ApprovedAt = SampleData.LebongStart.AddDays(1),
            ApprovedBy = T("approved-by"),
        };
    }

    /// <summary>What the notulen (HTML and PDF) shows; the region is printed in capitals, the drop reason and supporting agencies are the matrix's.</summary>
    private static readonly string[] Fields =
    [
        "city", "title", "location", "chair", "notulis", "attendee", "position", "agency", "agenda", "note", "decision", "directive",
        "description", "target", "beneficiaries", "benefit",
    ];

    [Theory]
    [MemberData(nameof(Each))]
    public void The_notulen_html_escapes_every_field(string payload)
    {
        var html = NotulenHtml.Render(Hostile(payload));
        // No payload survives as markup anywhere in the page.
        foreach (var tag in new[] { "<img", "<svg", "<script>window", "</script><script", "<b>" })
            if (payload.Contains(tag, StringComparison.Ordinal)) Assert.DoesNotContain(tag, html, StringComparison.OrdinalIgnoreCase);
        // Each field shows it as text: escaped in the markup, literal once the HTML is decoded.
        var missing = Fields.Where(field => !Decoded(html).Contains(payload + " " + field, StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"not shown literally: {string.Join(", ", missing)}");
    }

    [Theory]
    [MemberData(nameof(Each))]
    public void The_notulen_pdf_carries_every_field_as_text(string payload)
    {
        var text = PdfText.Squeeze(string.Join("", PdfText.Pages(NotulenPdf.Render(Hostile(payload)))));
        var missing = Fields.Where(field => !text.Contains(PdfText.Squeeze(payload + " " + field), StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"not in the PDF's text: {string.Join(", ", missing)}");
    }

    [Theory]
    [MemberData(nameof(Each))]
    public void The_workbooks_hold_every_field_as_a_string_and_no_formula(string payload)
    {
        var notulen = Hostile(payload);
        foreach (var (name, bytes) in new[] { ("matrix", FollowUpMatrixXlsx.Render(FollowUpMatrix.ForMeeting(notulen))), ("attendance", AttendanceXlsx.Render(notulen)) })
        {
            using var xlsx = new XlsxReader(bytes);
            var cells = xlsx.Worksheet.Descendants<Cell>().ToList();
            Assert.Empty(cells.Where(c => c.CellFormula is not null).Select(c => c.CellReference?.Value));
            var texts = cells.Select(c => CellText(xlsx.Workbook, c)).ToList();
            var hostile = texts.Where(t => t.StartsWith(payload, StringComparison.Ordinal)).ToList();
            Assert.True(hostile.Count > 0, $"{name}: no cell holds the payload");
            // Every cell that starts with the payload is a string cell, never a number or a formula.
            foreach (var cell in cells.Where(c => CellText(xlsx.Workbook, c).StartsWith(payload, StringComparison.Ordinal)))
                Assert.True(cell.DataType?.Value == CellValues.SharedString || cell.DataType?.Value == CellValues.InlineString || cell.DataType?.Value == CellValues.String,
                    $"{name} {cell.CellReference}: data type {cell.DataType?.Value}");
        }
        using (var matrix = new XlsxReader(FollowUpMatrixXlsx.Render(FollowUpMatrix.ForMeeting(notulen))))
        {
            var all = matrix.Worksheet.Descendants<Cell>().Select(c => CellText(matrix.Workbook, c)).ToList();
            foreach (var field in new[] { "agenda", "description", "target", "beneficiaries", "benefit" })
                Assert.Contains(payload + " " + field, all);
        }
    }

    [Theory]
    [MemberData(nameof(Each))]
    public void The_csv_neutralizes_a_formula_at_the_start_of_every_cell(string payload)
    {
        var csv = Encoding.UTF8.GetString(FollowUpMatrixCsv.Render(FollowUpMatrix.ForMeeting(Hostile(payload))));
        var records = Rfc4180.Parse(csv.TrimStart('\uFEFF'));
        var cells = records.SelectMany(r => r).ToList();
        Assert.DoesNotContain(cells, c => c.Length > 0 && c[0] is '=' or '+' or '-' or '@' or '\t' or '\r');
        var expected = payload[0] is '=' or '+' or '-' or '@' ? "'" + payload : payload;
        foreach (var field in new[] { "agenda", "description", "target", "beneficiaries", "benefit", "agency", "reason" })
            Assert.Contains(cells, c => c.Contains(expected + " " + field, StringComparison.Ordinal));
    }

    private static string Decoded(string html) => System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(html, "<[^>]*>", " "))
        .Replace("\r", "", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static string CellText(WorkbookPart workbook, Cell cell)
    {
        if (cell.DataType?.Value == CellValues.SharedString && int.TryParse(cell.CellValue?.Text, out var index))
            return workbook.SharedStringTablePart!.SharedStringTable.Elements<SharedStringItem>().ElementAt(index).InnerText;
        if (cell.DataType?.Value == CellValues.InlineString) return cell.InlineString?.InnerText ?? "";
        return cell.CellValue?.Text ?? "";
    }
}
