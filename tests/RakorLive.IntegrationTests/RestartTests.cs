using System.Diagnostics;
using RakorLive.Client;
using RakorLive.Events;
using RakorLive.IntegrationTests.Infrastructure;
using RakorLive.IntegrationTests.Live;
using RakorLive.Model;

namespace RakorLive.IntegrationTests;

/// <summary>
/// Acceptance item 4: what the server acknowledged survives a graceful restart and a crash (SIGKILL)
/// on the same data directory, with seq and epoch intact, and commandIds from before still replay.
/// </summary>
public abstract class RestartTests
{
    protected abstract Engine Engine { get; }

    [Fact]
    public async Task GracefulRestart_KeepsMeetingsAgendaActionPointsSeqAndEpoch_AndOldCommandIdsReplay()
    {
        await using var server = await ServerProcess.StartAsync(Engine);
        await using var secretariat = await Participant.SignInAsync(server, "sekretariat");
        await using var pupr = await Participant.SignInAsync(server, "kadis.pupr");
        var meeting = (await secretariat.Client.CreateMeetingAsync(Rakor.Meeting("Rakor sebelum dan sesudah restart"))).Value;
        var addItem = Rakor.AgendaItem("Paparan Dinas PUPR", "PUPR");
        var item = await secretariat.Client.AddAgendaItemAsync(meeting.Id, addItem);
        await secretariat.Client.AddAgendaItemAsync(meeting.Id, Rakor.AgendaItem("Paparan Dinas Kesehatan", "DINKES"));
        await secretariat.Client.StartMeetingAsync(meeting.Id, Rakor.Command());
        var advance = Rakor.Command();
        await secretariat.Client.AdvanceMeetingAsync(meeting.Id, advance);
        var checkIn = Rakor.CheckIn("PUPR", "Ir. Bambang Sutrisno");
        await pupr.Client.CheckInAsync(meeting.Id, checkIn);
        var create = Rakor.ActionPoint("PUPR", "Perbaikan jalan poros desa Sukamaju", "DISHUB", "DLH");
        var created = await pupr.Client.CreateActionPointAsync(meeting.Id, create);
        var edited = await pupr.Client.UpdateActionPointAsync(created.Value.Id, created.Value.Version, Rakor.Retarget("12 km jalan mantap"));

        // A live screen stays connected through the restart.
        await pupr.Feed.JoinAsync(meeting.Id);
        var before = await secretariat.Client.GetMeetingAsync(meeting.Id);
        var ledgerBefore = await pupr.Client.GetOpdActionPointsAsync("PUPR");
        Assert.Equal(edited.Seq, before.Seq);

        // ServerProcess falls back to SIGKILL after 30 s; a stop that slow would make this a crash test in disguise.
        var stopping = Stopwatch.StartNew();
        await server.StopAsync();
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(20), $"the graceful stop took {stopping.Elapsed.TotalSeconds:0.0} s; server log:\n{server.Output}");
        await server.StartAsync();

        var after = await secretariat.Client.GetMeetingAsync(meeting.Id);
        EventAssert.SameJson(before, after, "the meeting after the restart");
        Assert.Contains(await secretariat.Client.GetMeetingsAsync(), m => m.Id == meeting.Id && m.Status == MeetingStatus.Live);
        EventAssert.SameJson(edited.Value, await pupr.Client.GetActionPointAsync(created.Value.Id), "the action point after the restart");
        EventAssert.SameJson(ledgerBefore, await pupr.Client.GetOpdActionPointsAsync("PUPR"), "the PUPR ledger after the restart");
        var history = await pupr.Client.GetEventsAsync(meeting.Id, 0, before.Epoch);
        EventAssert.Contiguous(history.Events, 1, before.Seq, "GET /events after the restart");

        // Every commandId from before the restart answers with its first result and changes nothing.
        var actionPointReplay = await pupr.Client.CreateActionPointAsync(meeting.Id, create);
        var agendaReplay = await secretariat.Client.AddAgendaItemAsync(meeting.Id, addItem);
        var checkInReplay = await pupr.Client.CheckInAsync(meeting.Id, checkIn);
        var advanceReplay = await secretariat.Client.AdvanceMeetingAsync(meeting.Id, advance);
        Assert.Equal([true, true, true, true], new[] { actionPointReplay.Replayed, agendaReplay.Replayed, checkInReplay.Replayed, advanceReplay.Replayed });
        Assert.Equal(created.Value.Id, actionPointReplay.Value.Id);
        Assert.Equal(item.Value.Id, agendaReplay.Value.Id);
        EventAssert.SameJson(before, await secretariat.Client.GetMeetingAsync(meeting.Id), "the meeting after the replays");

        // The feed found the server again by itself, rejoined from its position in the same epoch, and goes on.
        var next = await pupr.Client.CreateActionPointAsync(meeting.Id, Rakor.ActionPoint("PUPR", "Normalisasi saluran drainase"));
        Assert.Equal(before.Seq + 1, next.Seq);
        await pupr.Feed.WaitForSeqAsync(before.Seq + 1, Within.Seconds(30));
        Assert.True(pupr.Feed.Rejoins >= 1, "the feed did not rejoin after the restart");
        Assert.Equal(1, pupr.Feed.SnapshotsLoaded);
        Assert.Equal(before.Epoch, pupr.Feed.Epoch);
        EventAssert.Contiguous(pupr.Feed.Received, before.Seq + 1, before.Seq + 1, "kadis.pupr after the restart");
        EventAssert.SameJson(await secretariat.Client.GetMeetingAsync(meeting.Id), pupr.Feed.Snapshot, "the meeting the feed rebuilt");
    }

    [Fact]
    public async Task KillRightAfterAcknowledgedWrites_TheWritesSurviveTheRestart()
    {
        await using var server = await ServerProcess.StartAsync(Engine);
        using var secretariat = new RakorLiveClient(server.BaseAddress);
        await secretariat.SignInAsync("sekretariat", ServerProcess.DemoPassword);
        using var pupr = new RakorLiveClient(server.BaseAddress);
        await pupr.SignInAsync("kadis.pupr", ServerProcess.DemoPassword);
        var meeting = (await secretariat.CreateMeetingAsync(Rakor.Meeting("Rakor dengan server yang mati mendadak"))).Value;
        await secretariat.AddAgendaItemAsync(meeting.Id, Rakor.AgendaItem("Paparan Dinas PUPR", "PUPR"));

        // Acknowledged, then the process dies before anything else can run.
        var create = Rakor.ActionPoint("PUPR", "Pengaspalan ruas Sukamaju–Cibening", "DISHUB");
        var created = await pupr.CreateActionPointAsync(meeting.Id, create);
        await server.KillAsync();

        // A check-in sent while the server is down is retried with its commandId until the server is back, and lands once.
        using var patient = new RakorLiveClient(server.BaseAddress, new RakorLiveClientOptions { MaxAttempts = 60, MaxDelay = TimeSpan.FromSeconds(1) })
        {
            AccessToken = pupr.AccessToken,
        };
        var sentWhileDown = patient.CheckInAsync(meeting.Id, Rakor.CheckIn("PUPR", "Ir. Bambang Sutrisno"));
        await server.StartAsync();
        var checkedIn = await sentWhileDown.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(checkedIn.Attempts > 1, "the check-in was never retried");
        Assert.False(checkedIn.Replayed);
        Assert.Equal(created.Seq + 1, checkedIn.Seq);

        var afterCrash = await secretariat.GetMeetingAsync(meeting.Id);
        Assert.Equal((checkedIn.Seq!.Value, meeting.Epoch), (afterCrash.Seq, afterCrash.Epoch));
        EventAssert.SameJson(created.Value, Assert.Single(afterCrash.ActionPoints), "the action point in the meeting");
        EventAssert.SameJson(created.Value, await pupr.GetActionPointAsync(created.Value.Id), "the action point");
        Assert.Contains(await pupr.GetOpdActionPointsAsync("PUPR"), a => a.Id == created.Value.Id);
        var events = (await secretariat.GetEventsAsync(meeting.Id, 0)).Events;
        Assert.Equal([MeetingEventTypes.AgendaItemAdded, MeetingEventTypes.ActionPointAdded, MeetingEventTypes.AttendeeCheckedIn], events.Select(e => e.Type));

        // The tablet never saw the answer and sends the command again: same action point, nothing new.
        var replay = await pupr.CreateActionPointAsync(meeting.Id, create);
        Assert.True(replay.Replayed);
        Assert.Equal(created.Value.Id, replay.Value.Id);
        Assert.Equal(afterCrash.Seq, (await secretariat.GetMeetingAsync(meeting.Id)).Seq);

        // The same for an edit: acknowledged, killed, there after the restart.
        var edited = await pupr.UpdateActionPointAsync(created.Value.Id, created.Value.Version, Rakor.Describe("Pengaspalan ruas Sukamaju–Cibening 4,2 km"));
        await server.KillAsync();
        await server.StartAsync();

        var afterSecondCrash = await pupr.GetActionPointAsync(created.Value.Id);
        EventAssert.SameJson(edited.Value, afterSecondCrash, "the edited action point");
        Assert.Equal(2, afterSecondCrash.Version);
        var meetingNow = await secretariat.GetMeetingAsync(meeting.Id);
        Assert.Equal((edited.Seq!.Value, meeting.Epoch), (meetingNow.Seq, meetingNow.Epoch));
        Assert.Equal(MeetingEventTypes.ActionPointUpdated, (await secretariat.GetEventsAsync(meeting.Id, edited.Seq.Value - 1)).Events.Single().Type);
    }
}
