using System.Text;
using RakorLive.Documents;

namespace RakorLive.DocumentTests;

public class OddTextTests
{
    // Texts typed on tablets: a control character, an emoji (a surrogate pair the fonts have no glyph for),
    // a lone surrogate, a non-character, Arabic-script and Chinese names.
    private const string Odd = "Catatan\u0001 rapat 😀 \uD800 akhir\uFFFF مسجد 会议";

    [Fact]
    public void Odd_characters_break_no_document()
    {
        var notulen = SampleData.LebongRakor(commitments: 2);
        notulen = notulen with
        {
            MeetingTitle = Odd,
            Agenda = [notulen.Agenda[0] with { Outcomes = [new Outcome(OutcomeKind.Note, Odd)] }, .. notulen.Agenda.Skip(1)],
            Commitments = [notulen.Commitments[0] with { Description = Odd, AgendaItemId = "a1" }, notulen.Commitments[1]],
        };

        Assert.Contains("rapat", NotulenHtml.Render(notulen));
        Assert.Contains("akhir", string.Join("", PdfText.Pages(NotulenPdf.Render(notulen))));
        Assert.Matches("^[0-9a-f]{64}$", NotulenCanonical.Sha256(notulen));

        var matrix = FollowUpMatrix.ForMeeting(notulen);
        using (var xlsx = new XlsxReader(FollowUpMatrixXlsx.Render(matrix)))
            Assert.Equal("Catatan rapat 😀 \uFFFD akhir مسجد 会议", xlsx.Text("C7"));
        Assert.Contains(Odd, Encoding.UTF8.GetString(FollowUpMatrixCsv.Render(matrix)).Replace("\uFFFD", "\uD800", StringComparison.Ordinal));
        using (var xlsx = new XlsxReader(AttendanceXlsx.Render(notulen)))
            Assert.Equal(Odd.Replace("\u0001", "", StringComparison.Ordinal).Replace("\uD800", "\uFFFD", StringComparison.Ordinal).Replace("\uFFFF", "", StringComparison.Ordinal), xlsx.Text("A3"));
    }
}
