using System.Diagnostics;
using RakorLive.Client;
using RakorLive.Events;
using RakorLive.IntegrationTests.Infrastructure;
using RakorLive.IntegrationTests.Live;
using RakorLive.Model;
using Xunit.Abstractions;

namespace RakorLive.IntegrationTests;

/// <summary>
/// Acceptance item 4 and issue 9's crash item: what the server acknowledged survives a graceful restart and a crash
/// (SIGKILL mid-load) on the same data directory, with seq and epoch intact, and commandIds from before still replay.
/// </summary>
public abstract class RestartTests(ITestOutputHelper output)
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
        // The ledger is a read model, kept after the reply: compared once it shows the edit.
        var ledgerBefore = await pupr.Client.GetOpdActionPointsAsync("PUPR");
        for (var waited = Stopwatch.StartNew(); !ledgerBefore.Any(a => a.Id == created.Value.Id && a.Version == edited.Value.Version) && waited.Elapsed < TimeSpan.FromSeconds(10);)
        {
            await Task.Delay(50);
            ledgerBefore = await pupr.Client.GetOpdActionPointsAsync("PUPR");
        }
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

    private const int PerWriter = 12;
    private const int KillAfter = 80;

    /// <summary>
    /// 20 writers with retries add and edit commitments, check in and add agenda items; the server is SIGKILLed
    /// after 80 acknowledgements and started again on the same data while they keep retrying. Afterwards every
    /// acknowledged command is there exactly once and every side effect (follow-ups, ledgers) is done.
    /// </summary>
    [Fact]
    public async Task Killed_mid_load_every_acknowledged_command_is_there_exactly_once_after_the_restart_and_the_outbox_drains()
    {
        await using var server = await ServerProcess.StartAsync(Engine);
        using var secretariat = new RakorLiveClient(server.BaseAddress);
        await secretariat.SignInAsync("sekretariat", ServerProcess.DemoPassword);
        var meeting = (await secretariat.CreateMeetingAsync(Rakor.Meeting("Rakor dengan server yang mati mendadak"))).Value;
        await secretariat.AddAgendaItemAsync(meeting.Id, Rakor.AgendaItem("Paparan Dinas PUPR", "PUPR"));
        var started = await secretariat.StartMeetingAsync(meeting.Id, Rakor.Command());

        var load = new CommandLoad([server.BaseAddress], meeting.Id);
        var running = load.RunAsync(PerWriter);
        await load.WhenAcknowledged(KillAfter).WaitAsync(TimeSpan.FromSeconds(120));
        await server.KillAsync();
        var acknowledgedBeforeKill = load.Count;
        var down = Stopwatch.StartNew();
        await server.StartAsync();
        output.WriteLine($"killed after {acknowledgedBeforeKill} acknowledged commands; ready again after {down.Elapsed.TotalSeconds:F1} s");
        await running.WaitAsync(TimeSpan.FromSeconds(180));

        var audit = await LoadAudit.CheckAsync(load, secretariat, Store.Of(server), meeting.Id, started.Seq!.Value);
        audit.AssertClean(output, $"SIGKILL mid-load on {Engine}");
        Assert.Equal(CommandLoad.Writers * PerWriter, audit.Acknowledged);
        // The kill cut commands short: their clients sent them again with the same commandId after the restart.
        Assert.True(audit.Retried > 0, "no command was retried across the kill");
        output.WriteLine($"answered as replays (the first attempt had landed before the kill): {load.Acknowledgements.Count(a => a.Replayed)}");
    }
}
