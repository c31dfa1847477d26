using PdfSharp.Drawing;

namespace RakorLive.Documents;

/// <summary>
/// The notulen as an A4 PDF with real, extractable text: the same content in the same order as
/// <see cref="NotulenHtml"/>, page numbers, and on every page the SHA-256 of the version and a QR
/// code pointing to the verify URL.
/// </summary>
public static class NotulenPdf
{
    private const double LabelWidth = 95;
    private const double QrSize = PdfComposer.FooterHeight - 4;

    public static byte[] Render(NotulenDocument notulen)
    {
        using var output = new MemoryStream();
        Write(notulen, output);
        return output.ToArray();
    }

    public static void Write(NotulenDocument notulen, Stream output)
    {
        ArgumentNullException.ThrowIfNull(notulen);
        ArgumentNullException.ThrowIfNull(output);
        var hash = NotulenText.Hash(notulen);
        using var pdf = new PdfComposer();
        pdf.Document.Info.Title = "Notulen Rapat - " + notulen.MeetingTitle;
        pdf.Document.Info.Author = notulen.Region.Name;
        pdf.Document.Info.Subject = "SHA-256 " + hash;

        Letterhead(pdf, notulen);
        Particulars(pdf, notulen);
        Attendance(pdf, notulen);
        Discussion(pdf, notulen);
        Signatures(pdf, notulen);
        pdf.OnEveryPage((gfx, page, pages) => Footer(pdf, gfx, notulen, hash, page, pages));
        pdf.Document.Save(output, false);
    }

    private static void Letterhead(PdfComposer pdf, NotulenDocument notulen)
    {
        pdf.Paragraph(NotulenText.Letterhead(notulen.Region), pdf.Font(15, bold: true), TextAlign.Center);
        pdf.Space(4);
        // The double rule under a government letterhead: a thick line over a thin one.
        pdf.Rule(2, 1.2);
        pdf.Rule(0.6, 10);
        if (notulen.Status != NotulenStatus.Approved)
            pdf.Paragraph(DocumentLabels.Notulen(notulen.Status).ToUpper(IndonesianFormat.Culture), pdf.Font(9, bold: true), TextAlign.Right, brush: XBrushes.DarkRed);
        pdf.Paragraph(NotulenText.Title, pdf.Font(13, bold: true), TextAlign.Center);
        pdf.Space(2);
        pdf.Paragraph(notulen.MeetingTitle, pdf.Font(11, bold: true), TextAlign.Center);
        pdf.Space(12);
    }

    private static void Particulars(PdfComposer pdf, NotulenDocument notulen)
    {
        var font = pdf.Font(10.5);
        // ": " opens the value so that the extracted text reads "Hari/tanggal: Selasa, …"; the value's
        // next lines align after the colon.
        var colon = pdf.Measure(": ", font);
        foreach (var (label, value) in NotulenText.Particulars(notulen))
            pdf.Hanging(label, font, 0, ": " + value, font, LabelWidth, colon);
        pdf.Space(10);
    }

    private static void Attendance(PdfComposer pdf, NotulenDocument notulen)
    {
        Heading(pdf, "A. Daftar Hadir");
        if (notulen.Attendees.Count == 0)
        {
            pdf.Paragraph("Belum ada peserta yang tercatat hadir.", pdf.Font(10));
            pdf.Space(8);
            return;
        }
        var name = 140.0;
        var opd = 175.0;
        PdfColumn[] columns =
        [
            new("No", 24, TextAlign.Center),
            new("OPD", opd),
            new("Nama", name),
            new("Jabatan", PdfComposer.ContentWidth - 24 - opd - name),
        ];
        var rows = notulen.Attendees.Select((a, i) => (IReadOnlyList<string>)[(i + 1).ToString(IndonesianFormat.Culture), a.Opd.Name, a.Name, a.Position]);
        pdf.Table(columns, rows, pdf.Font(9, bold: true), pdf.Font(9));
        pdf.Space(10);
    }

    private static void Discussion(PdfComposer pdf, NotulenDocument notulen)
    {
        Heading(pdf, "B. Pembahasan");
        var number = 0;
        var text = pdf.Font(10);
        foreach (var section in NotulenSections.Of(notulen))
        {
            var title = pdf.Font(10.5, bold: true);
            pdf.EnsureRoom(PdfComposer.LineHeight(title) * 2 + PdfComposer.LineHeight(text) * 3);
            var lead = $"{++number}.";
            pdf.Hanging(lead, title, 0, section.Title, title, 16);
            if (section.Item is { } item)
            {
                if (item.Presenter is { } presenter) pdf.Paragraph("Penyaji: " + NotulenText.Presenter(presenter), text, indent: 16);
                if (item.Status != AgendaStatus.Done) pdf.Paragraph("Status: " + DocumentLabels.Agenda(item.Status), text, indent: 16);
            }
            Outcomes(pdf, OutcomeKind.Note, section.Notes);
            Outcomes(pdf, OutcomeKind.Decision, section.Decisions);
            Outcomes(pdf, OutcomeKind.Directive, section.Directives);
            Commitments(pdf, section.Commitments);
            pdf.Space(6);
        }
    }

    private static void Outcomes(PdfComposer pdf, OutcomeKind kind, IReadOnlyList<Outcome> outcomes)
    {
        if (outcomes.Count == 0) return;
        var text = pdf.Font(10);
        var label = pdf.Font(10, bold: true);
        pdf.Space(3);
        pdf.EnsureRoom(PdfComposer.LineHeight(label) + PdfComposer.LineHeight(text) * 2);
        pdf.Paragraph(DocumentLabels.Outcome(kind), label, indent: 16);
        for (var i = 0; i < outcomes.Count; i++)
            pdf.Hanging($"{i + 1}.", text, 16, outcomes[i].Text, text, 30);
    }

    private static void Commitments(PdfComposer pdf, IReadOnlyList<Commitment> commitments)
    {
        if (commitments.Count == 0) return;
        var label = pdf.Font(10, bold: true);
        pdf.Space(3);
        pdf.EnsureRoom(PdfComposer.LineHeight(label) + 60);
        pdf.Paragraph("Rencana tindak lanjut", label, indent: 16);
        pdf.Space(2);
        PdfColumn[] columns =
        [
            new("No", 20, TextAlign.Center),
            new("Rencana Tindak Lanjut", PdfComposer.ContentWidth - 20 - 60 - 58 - 60 - 56 - 60 - 60),
            new("Target", 60),
            new("Sasaran", 58),
            new("Manfaat", 60),
            new("OPD Penanggung Jawab", 56),
            new("OPD Pendukung", 60),
            new("Batas Waktu", 60),
        ];
        var rows = commitments.Select((c, i) => (IReadOnlyList<string>)
        [
            (i + 1).ToString(IndonesianFormat.Culture),
            c.Description,
            c.Target,
            c.Beneficiaries,
            c.Benefit,
            c.Owner.Code,
            NotulenText.Supporting(c.Supporting),
            IndonesianFormat.Date(c.DueDate),
        ]);
        pdf.Table(columns, rows, pdf.Font(7.5, bold: true), pdf.Font(7.5));
    }

    private static void Signatures(PdfComposer pdf, NotulenDocument notulen)
    {
        var font = pdf.Font(10.5);
        var bold = pdf.Font(10.5, bold: true);
        var line = PdfComposer.LineHeight(font);
        const double signingSpace = 58;
        var nameLines = Math.Max(
            pdf.Wrap(notulen.Notulis, bold, PdfComposer.ContentWidth / 2 - 20).Count,
            pdf.Wrap(notulen.Chair, bold, PdfComposer.ContentWidth / 2 - 20).Count);
        var closing = pdf.Wrap(NotulenText.Closing, font, PdfComposer.ContentWidth).Count * line;
        pdf.Space(10);
        // The closing sentence and the signatures stay together on one page.
        pdf.EnsureRoom(closing + 14 + line * 2 + signingSpace + line * nameLines + 4);
        pdf.Paragraph(NotulenText.Closing, font);
        pdf.Space(14);

        var half = PdfComposer.ContentWidth / 2;
        var left = PdfComposer.MarginLeft;
        var right = PdfComposer.MarginLeft + half;
        var top = pdf.Y;
        // The left column leaves its first line empty so that "Notulis" stands level with "Pemimpin Rapat".
        pdf.DrawAt(NotulenText.PlaceAndDate(notulen), font, right, top, half, TextAlign.Center);
        pdf.DrawAt("Notulis", font, left, top + line, half, TextAlign.Center);
        pdf.DrawAt("Pemimpin Rapat", font, right, top + line, half, TextAlign.Center);
        var nameTop = top + line * 2 + signingSpace;
        SignatureName(pdf, notulen.Notulis, bold, left, nameTop, half);
        SignatureName(pdf, notulen.Chair, bold, right, nameTop, half);
        pdf.Y = nameTop + line * nameLines + 4;
    }

    private static void SignatureName(PdfComposer pdf, string name, XFont font, double x, double y, double width)
    {
        var lines = pdf.Wrap(name, font, width - 20);
        var line = PdfComposer.LineHeight(font);
        for (var i = 0; i < lines.Count; i++)
        {
            pdf.DrawAt(lines[i], font, x, y + i * line, width, TextAlign.Center);
            var w = pdf.Measure(lines[i], font);
            pdf.Underline(x + (width - w) / 2, x + (width + w) / 2, y + i * line + font.Size * 1.08);
        }
    }

    private static void Heading(PdfComposer pdf, string text)
    {
        var font = pdf.Font(11, bold: true);
        pdf.EnsureRoom(PdfComposer.LineHeight(font) + 40);
        pdf.Paragraph(text, font);
        pdf.Space(3);
    }

    private static void Footer(PdfComposer pdf, XGraphics gfx, NotulenDocument notulen, string hash, int page, int pages)
    {
        var top = PdfComposer.PageHeight - PdfComposer.MarginBottom - PdfComposer.FooterHeight;
        var left = PdfComposer.MarginLeft;
        var hasQr = NotulenText.IsWebAddress(notulen.VerifyUrl);
        var textWidth = PdfComposer.ContentWidth - (hasQr ? QrSize + 10 : 0);
        gfx.DrawLine(new XPen(XColors.Black, 0.5), left, top, PdfComposer.Right, top);

        var small = pdf.Font(7);
        var bold = pdf.Font(7.5, bold: true);
        var y = top + 5;
        var pageText = $"Halaman {page} dari {pages}";
        gfx.DrawString(pageText, bold, XBrushes.Black, left + textWidth - pdf.Measure(pageText, bold), y, XStringFormats.TopLeft);
        foreach (var line in pdf.Wrap(NotulenText.VersionLine(notulen), small, textWidth - pdf.Measure(pageText, bold) - 10).Take(2))
        {
            gfx.DrawString(line, small, XBrushes.Black, left, y, XStringFormats.TopLeft);
            y += PdfComposer.LineHeight(bold);
        }
        gfx.DrawString("SHA-256: " + hash, small, XBrushes.Black, left, y, XStringFormats.TopLeft);
        y += PdfComposer.LineHeight(small);
        if (notulen.VerifyUrl is { } url)
        {
            foreach (var line in pdf.Wrap("Verifikasi keaslian: " + url, small, textWidth).Take(2))
            {
                gfx.DrawString(line, small, XBrushes.Black, left, y, XStringFormats.TopLeft);
                y += PdfComposer.LineHeight(small);
            }
        }
        if (hasQr)
        {
            gfx.DrawString("Pindai kode QR untuk memeriksa keaslian salinan ini.", pdf.Font(6.5, italic: true), XBrushes.DimGray, left, y, XStringFormats.TopLeft);
            QrDrawing.Draw(gfx, notulen.VerifyUrl!, PdfComposer.Right - QrSize, top + 3, QrSize);
        }
    }
}
