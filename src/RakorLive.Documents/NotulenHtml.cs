using System.Text;

namespace RakorLive.Documents;

/// <summary>The notulen as a print-ready A4 HTML page in Bahasa Indonesia. Every text from the input is HTML-escaped.</summary>
public static class NotulenHtml
{
    public static string Render(NotulenDocument notulen)
    {
        ArgumentNullException.ThrowIfNull(notulen);
        var hash = NotulenText.Hash(notulen);
        var html = new StringBuilder(16 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"id\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<title>Notulen Rapat - ").Append(E(notulen.MeetingTitle)).Append("</title>\n");
        // The hash is checked to be hex (NotulenText.Hash), so it is safe inside the CSS string.
        html.Append("<style>\n").Append(Css.Replace("{hash}", hash, StringComparison.Ordinal)).Append("</style>\n</head>\n<body>\n");

        html.Append("<header class=\"kop\">\n<div class=\"pemda\">").Append(E(NotulenText.Letterhead(notulen.Region))).Append("</div>\n</header>\n");
        if (notulen.Status != NotulenStatus.Approved)
            html.Append("<p class=\"status\">").Append(E(DocumentLabels.Notulen(notulen.Status))).Append("</p>\n");
        html.Append("<h1>").Append(NotulenText.Title).Append("</h1>\n");
        html.Append("<p class=\"judul\">").Append(E(notulen.MeetingTitle)).Append("</p>\n");

        html.Append("<table class=\"info\">\n");
        foreach (var (label, value) in NotulenText.Particulars(notulen))
            html.Append("<tr><td class=\"label\">").Append(E(label)).Append("</td><td class=\"colon\">:</td><td>").Append(E(value)).Append("</td></tr>\n");
        html.Append("</table>\n");

        Attendance(html, notulen);
        Discussion(html, notulen);
        Signatures(html, notulen);

        html.Append("<footer>\n<div>").Append(E(NotulenText.VersionLine(notulen))).Append("</div>\n");
        html.Append("<div>SHA-256: <code>").Append(hash).Append("</code></div>\n");
        if (notulen.VerifyUrl is { } url)
        {
            html.Append("<div>Verifikasi keaslian: ");
            if (NotulenText.IsWebAddress(url)) html.Append("<a href=\"").Append(E(url)).Append("\">").Append(E(url)).Append("</a>");
            else html.Append(E(url));
            html.Append("</div>\n");
        }
        html.Append("</footer>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Attendance(StringBuilder html, NotulenDocument notulen)
    {
        html.Append("<h2>A. Daftar Hadir</h2>\n");
        if (notulen.Attendees.Count == 0)
        {
            html.Append("<p>Belum ada peserta yang tercatat hadir.</p>\n");
            return;
        }
        html.Append("<table class=\"grid hadir\">\n<thead><tr><th class=\"no\">No</th><th>OPD</th><th>Nama</th><th>Jabatan</th></tr></thead>\n<tbody>\n");
        var number = 0;
        foreach (var attendee in notulen.Attendees)
        {
            html.Append("<tr><td class=\"no\">").Append(++number).Append("</td><td>").Append(E(attendee.Opd.Name))
                .Append("</td><td>").Append(E(attendee.Name)).Append("</td><td>").Append(E(attendee.Position)).Append("</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
    }

    private static void Discussion(StringBuilder html, NotulenDocument notulen)
    {
        html.Append("<h2>B. Pembahasan</h2>\n");
        var number = 0;
        foreach (var section in NotulenSections.Of(notulen))
        {
            html.Append("<section class=\"agenda\">\n<h3>").Append(++number).Append(". ").Append(E(section.Title)).Append("</h3>\n");
            if (section.Item is { } item)
            {
                if (item.Presenter is { } presenter)
                    html.Append("<p class=\"penyaji\">Penyaji: ").Append(E(NotulenText.Presenter(presenter))).Append("</p>\n");
                if (item.Status != AgendaStatus.Done)
                    html.Append("<p class=\"penyaji\">Status: ").Append(E(DocumentLabels.Agenda(item.Status))).Append("</p>\n");
            }
            Outcomes(html, OutcomeKind.Note, section.Notes);
            Outcomes(html, OutcomeKind.Decision, section.Decisions);
            Outcomes(html, OutcomeKind.Directive, section.Directives);
            Commitments(html, section.Commitments);
            html.Append("</section>\n");
        }
    }

    private static void Outcomes(StringBuilder html, OutcomeKind kind, IReadOnlyList<Outcome> outcomes)
    {
        if (outcomes.Count == 0) return;
        html.Append("<h4>").Append(DocumentLabels.Outcome(kind)).Append("</h4>\n<ol class=\"hasil\">\n");
        foreach (var outcome in outcomes) html.Append("<li class=\"text\">").Append(E(outcome.Text)).Append("</li>\n");
        html.Append("</ol>\n");
    }

    private static void Commitments(StringBuilder html, IReadOnlyList<Commitment> commitments)
    {
        if (commitments.Count == 0) return;
        html.Append("<h4>Rencana tindak lanjut</h4>\n<table class=\"grid rtl\">\n<thead><tr><th class=\"no\">No</th><th>Rencana Tindak Lanjut</th><th>Target</th>")
            .Append("<th>Sasaran</th><th>Manfaat</th><th>OPD Penanggung Jawab</th><th>OPD Pendukung</th><th>Batas Waktu</th></tr></thead>\n<tbody>\n");
        var number = 0;
        foreach (var c in commitments)
        {
            html.Append("<tr><td class=\"no\">").Append(++number)
                .Append("</td><td class=\"text\">").Append(E(c.Description))
                .Append("</td><td class=\"text\">").Append(E(c.Target))
                .Append("</td><td class=\"text\">").Append(E(c.Beneficiaries))
                .Append("</td><td class=\"text\">").Append(E(c.Benefit))
                .Append("</td><td>").Append(Abbreviation(c.Owner))
                .Append("</td><td>").Append(c.Supporting.Count == 0 ? "-" : string.Join(", ", c.Supporting.Select(Abbreviation)))
                .Append("</td><td class=\"tanggal\">").Append(E(IndonesianFormat.Date(c.DueDate)))
                .Append("</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
    }

    /// <summary>The agency's code, with its full name on hover (see <see cref="NotulenText.Supporting"/>).</summary>
    private static string Abbreviation(Agency agency) => $"<abbr title=\"{E(agency.Name)}\">{E(agency.Code)}</abbr>";

    private static void Signatures(StringBuilder html, NotulenDocument notulen)
    {
        html.Append("<p class=\"penutup\">").Append(E(NotulenText.Closing)).Append("</p>\n");
        // The left column starts with an empty line so that "Notulis" stands level with "Pemimpin Rapat".
        html.Append("<div class=\"ttd\">\n<div class=\"kiri\"><div>&nbsp;</div><div>Notulis</div><div class=\"nama\">")
            .Append(E(notulen.Notulis)).Append("</div></div>\n");
        html.Append("<div class=\"kanan\"><div>").Append(E(NotulenText.PlaceAndDate(notulen))).Append("</div><div>Pemimpin Rapat</div><div class=\"nama\">")
            .Append(E(notulen.Chair)).Append("</div></div>\n</div>\n");
    }

    /// <summary>Escapes the five characters that matter in text and in quoted attributes; everything else stays readable UTF-8.</summary>
    internal static string E(string text)
    {
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0) return text;
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': escaped.Append("&amp;"); break;
                case '<': escaped.Append("&lt;"); break;
                case '>': escaped.Append("&gt;"); break;
                case '"': escaped.Append("&quot;"); break;
                case '\'': escaped.Append("&#39;"); break;
                default: escaped.Append(c); break;
            }
        }
        return escaped.ToString();
    }

    private const string Css = """
        @page {
          size: A4;
          margin: 20mm 20mm 22mm 25mm;
          @bottom-left { content: "SHA-256 {hash}"; font: 7pt Arial, "Liberation Sans", sans-serif; }
          @bottom-right { content: "Halaman " counter(page) " dari " counter(pages); font: 8pt Arial, "Liberation Sans", sans-serif; }
        }
        * { box-sizing: border-box; }
        body { font-family: Arial, "Liberation Sans", "DejaVu Sans", sans-serif; font-size: 11pt; line-height: 1.35; color: #000; max-width: 170mm; margin: 0 auto; }
        @media screen { body { padding: 12mm 0; } }
        .kop { text-align: center; border-bottom: 3px double #000; padding-bottom: 6px; margin-bottom: 12px; }
        .kop .pemda { font-size: 15pt; font-weight: bold; letter-spacing: 0.04em; }
        .status { text-align: right; font-weight: bold; color: #a00; margin: 0; }
        h1 { text-align: center; font-size: 13pt; margin: 10px 0 2px; letter-spacing: 0.04em; }
        .judul { text-align: center; font-weight: bold; margin: 0 0 12px; }
        table.info { border-collapse: collapse; margin-bottom: 8px; }
        table.info td { padding: 1px 4px 1px 0; vertical-align: top; }
        table.info td.label { width: 34mm; }
        table.info td.colon { width: 4mm; }
        h2 { font-size: 11pt; margin: 16px 0 6px; }
        h3 { font-size: 11pt; margin: 12px 0 4px; break-after: avoid; }
        h4 { font-size: 10pt; margin: 8px 0 2px; break-after: avoid; }
        .penyaji { margin: 0 0 2px; }
        ol.hasil { margin: 0 0 4px; padding-left: 6mm; }
        .text { white-space: pre-line; }
        table.grid { width: 100%; border-collapse: collapse; font-size: 8.5pt; margin: 2px 0 6px; }
        table.grid th, table.grid td { border: 0.6pt solid #000; padding: 2px 3px; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
        table.grid th { background: #e6e6e6; text-align: center; }
        table.grid td.no { text-align: center; width: 7mm; }
        table.grid td.tanggal { white-space: nowrap; }
        table.grid thead { display: table-header-group; }
        table.grid tr { break-inside: avoid; }
        .penutup { margin: 16px 0 0; break-after: avoid; }
        abbr { text-decoration: none; }
        .ttd { display: flex; justify-content: space-between; margin-top: 24px; break-inside: avoid; }
        .ttd > div { width: 45%; text-align: center; }
        .ttd .nama { margin-top: 60px; font-weight: bold; text-decoration: underline; }
        footer { margin-top: 24px; border-top: 0.6pt solid #000; padding-top: 4px; font-size: 8pt; overflow-wrap: anywhere; }
        footer code { font-size: 7.5pt; }
        footer a { color: inherit; }

        """;
}
