using RakorLive.Client;
using RakorLive.Commands;

namespace RakorLive.IntegrationTests.Live;

/// <summary>Valid commands for test meetings, so each test states only what it is about.</summary>
public static class Rakor
{
    /// <summary>A fixed future meeting date, so due dates are valid whatever day the tests run.</summary>
    public static readonly DateTimeOffset MeetingStart = new(2030, 3, 4, 9, 0, 0, TimeSpan.FromHours(7));

    public const string DueDate = "2030-03-18";

    public static CreateMeeting Meeting(string title) =>
        new(RakorLiveClient.NewCommandId(), title, MeetingStart, "Ruang Rapat Bupati", "Bupati Sukamaju", "Asia/Jakarta");

    public static AddAgendaItem AgendaItem(string title, string presenterOpd, string? commandId = null) =>
        new(commandId ?? RakorLiveClient.NewCommandId(), title, presenterOpd, 15);

    public static CheckIn CheckIn(string opd, string name, string? commandId = null) =>
        new(commandId ?? RakorLiveClient.NewCommandId(), opd, name, "Kepala " + opd);

    public static CreateActionPoint ActionPoint(string ownerOpd, string description, params string[] supportingOpds) =>
        new(RakorLiveClient.NewCommandId(), null, ownerOpd, supportingOpds, description,
            "Peta jalan selesai", "Warga kecamatan terdampak", "Jalan kembali dapat dilalui", DueDate);

    public static UpdateActionPoint Describe(string description) =>
        new(RakorLiveClient.NewCommandId(), null, null, null, description, null, null, null, null);

    public static UpdateActionPoint Retarget(string target) =>
        new(RakorLiveClient.NewCommandId(), null, null, null, null, target, null, null, null);

    public static MeetingCommand Command() => new(RakorLiveClient.NewCommandId());
}
