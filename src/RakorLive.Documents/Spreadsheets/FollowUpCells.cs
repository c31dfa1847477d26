using System.Globalization;

namespace RakorLive.Documents;

/// <summary>What each column of the matriks tindak lanjut says for a row, shared by the XLSX and the CSV.</summary>
internal static class FollowUpCells
{
    public static string Agenda(FollowUpRow row) => row.Meeting is { Length: > 0 } meeting ? $"{row.Agenda} ({meeting})" : row.Agenda;

    /// <summary>Empty when the lead agency works alone (a lone "-" would trip the CSV's formula guard).</summary>
    public static string Supporting(FollowUpRow row) => string.Join(", ", row.Supporting.Select(a => a.Name));

    public static bool IsLate(FollowUpRow row) => row.IsOverdue && row.Status is not (CommitmentStatus.Done or CommitmentStatus.Dropped);

    public static string Status(FollowUpRow row) => DocumentLabels.Status(row.Status, row.IsOverdue);

    public static int Progress(FollowUpRow row) => Math.Clamp(row.ProgressPercent, 0, 100);

    public static string ProgressText(FollowUpRow row) => Progress(row).ToString(CultureInfo.InvariantCulture) + "%";

    /// <summary>Keterangan: the status reason, then the late note ("Terlambat 5 hari dari batas waktu").</summary>
    public static string Remarks(FollowUpRow row)
    {
        var parts = new List<string>(2);
        if (!string.IsNullOrWhiteSpace(row.StatusReason)) parts.Add(row.StatusReason.Trim());
        if (IsLate(row))
        {
            parts.Add(row.DaysOverdue is > 0 and var days
                ? $"{DocumentLabels.Overdue} {days.ToString(CultureInfo.InvariantCulture)} hari dari batas waktu"
                : $"{DocumentLabels.Overdue}: batas waktu terlewati");
        }
        return string.Join("; ", parts);
    }

    /// <summary>The lines above the table: letterhead, document name, title, subtitle and the as-of date.</summary>
    public static IReadOnlyList<string> TitleLines(FollowUpMatrix matrix)
    {
        var lines = new List<string> { NotulenText.Letterhead(matrix.Region), "MATRIKS TINDAK LANJUT", matrix.Title };
        if (matrix.Subtitle is { Length: > 0 } subtitle) lines.Add(subtitle);
        if (matrix.AsOf is { } asOf) lines.Add("Posisi per " + IndonesianFormat.Date(asOf));
        return lines;
    }
}
