using RakorLive.Commands;
using RakorLive.GrainInterfaces;
using RakorLive.Model;
using RakorLive.Rules;

namespace RakorLive.UnitTests.Infrastructure;

internal static class Callers
{
    public static readonly Caller Secretariat = new("sekretariat", Role.Secretariat, null, "Sekretariat Daerah");
    public static readonly Caller Chair = new("bupati", Role.Chair, null, "Bupati");
    public static readonly Caller PuprHead = new("kadis.pupr", Role.OpdHead, "PUPR", "Kepala Dinas PUPR");
    public static readonly Caller DinkesHead = new("kadis.dinkes", Role.OpdHead, "DINKES", "Kepala Dinas Kesehatan");
    public static readonly Caller Viewer = new("layar", Role.Viewer, null, "Layar");
}

/// <summary>Builds meetings through the grains' public interface, each with fresh commandIds so tests never share state.</summary>
internal static class TestData
{
    /// <summary>09.00 WIB on the fake clock's first day: the meeting's local date is 2026-03-02.</summary>
    public static readonly DateTimeOffset MeetingStart = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(7));

    public static string NewCommandId() => "t-" + Guid.NewGuid().ToString("N");

    public static async Task<IMeetingGrain> CreateMeeting(IGrainFactory grains, int agendaItems = 0, DateTimeOffset? start = null)
    {
        var commandId = NewCommandId();
        var meeting = grains.GetGrain<IMeetingGrain>(Ids.Meeting(commandId));
        await meeting.Create(Callers.Secretariat,
            new CreateMeeting(commandId, "Rakor Bulanan Maret", start ?? MeetingStart, "Ruang Rapat Bupati", "Bupati", "Asia/Jakarta"));
        for (var i = 1; i <= agendaItems; i++)
            await meeting.AddAgendaItem(Callers.Secretariat, AgendaItem($"Paparan {i}"));
        return meeting;
    }

    public static AddAgendaItem AgendaItem(string title, string presenter = "PUPR", string? commandId = null) =>
        new(commandId ?? NewCommandId(), title, presenter, 15);

    public static CreateActionPoint ActionPoint(
        string owner = "PUPR", IReadOnlyList<string>? supporting = null, string dueDate = "2026-03-16", string? commandId = null) =>
        new(commandId ?? NewCommandId(), null, owner, supporting ?? [],
            "Menyusun peta jalan perbaikan jalan kabupaten",
            "Peta jalan selesai dan disahkan",
            "Warga pengguna jalan kabupaten",
            "Perjalanan lebih aman dan cepat",
            dueDate);

    public static MeetingCommand Command(bool? skip = null) => new(NewCommandId(), skip);

    /// <summary>Runs <paramref name="action"/>, which must fail with a <see cref="RakorProblem"/> of <paramref name="status"/>.</summary>
    public static async Task<RakorProblem> Problem(int status, Func<Task> action)
    {
        var problem = await Assert.ThrowsAsync<RakorProblem>(action);
        Assert.Equal(status, problem.Status);
        return problem;
    }
}
