using RakorLive.Client;
using RakorLive.Commands;

namespace RakorLive.Bench;

/// <summary>The meeting under load, as the secretariat sets it up: created, given an agenda, started.</summary>
public sealed record BenchMeeting(string Id, string CurrentItemId, string DueDate, long SeqAfterStart)
{
    private const string TimeZone = "Asia/Jakarta";

    private static readonly (string Title, string Presenter)[] Agenda =
    [
        ("Percepatan perbaikan jalan kabupaten", "PUPR"),
        ("Penurunan angka stunting", "DINKES"),
        ("Rehabilitasi gedung sekolah dasar", "DISDIK"),
        ("Sinkronisasi RKPD tahun depan", "BAPPEDA"),
    ];

    public static async Task<BenchMeeting> CreateAsync(RakorLiveClient secretariat, CancellationToken cancellationToken)
    {
        // Today at the next full hour, in the meeting's zone; commitments fall due a month later.
        var zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone);
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, now.Offset).AddHours(1);
        var created = await secretariat.CreateMeetingAsync(
            new CreateMeeting(null, $"Rakor beban uji {now:yyyy-MM-dd HH:mm:ss}", start, "Ruang Rapat Bupati", "Bupati Sukamaju", TimeZone),
            cancellationToken);
        var meetingId = created.Value.Id;
        foreach (var (title, presenter) in Agenda)
            await secretariat.AddAgendaItemAsync(meetingId, new AddAgendaItem(null, title, presenter, 30), cancellationToken);
        var started = await secretariat.StartMeetingAsync(meetingId, cancellationToken: cancellationToken);
        var snapshot = started.Value;
        return new BenchMeeting(meetingId, snapshot.CurrentItemId ?? throw new InvalidOperationException("The started meeting has no current agenda item."),
            DateOnly.FromDateTime(start.Date).AddDays(30).ToString("yyyy-MM-dd"), snapshot.Seq);
    }
}
