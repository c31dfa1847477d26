using RakorLive.Commands;
using RakorLive.Model;
using RakorLive.UnitTests.Infrastructure;

namespace RakorLive.UnitTests.Grains;

/// <summary>Replaying a commandId returns the first result and changes nothing (tablets retry after weak wifi).</summary>
[Collection(ClusterCollection.Name)]
public sealed class IdempotencyTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task Replaying_an_action_point_returns_the_same_one_and_emits_nothing()
    {
        var meeting = await TestData.CreateMeeting(Grains, agendaItems: 1);
        var command = TestData.ActionPoint();
        var first = await meeting.AddActionPoint(Callers.PuprHead, command);

        var replay = await meeting.AddActionPoint(Callers.PuprHead, command);

        Assert.False(first.Replayed);
        Assert.True(replay.Replayed);
        Assert.Equal((first.Value.Id, first.Value.Version, first.Value.CreatedAt), (replay.Value.Id, replay.Value.Version, replay.Value.CreatedAt));
        Assert.Equal(first.Seq, replay.Seq);
        var snapshot = await meeting.GetSnapshot(Caller.System);
        Assert.Equal(first.Seq, snapshot.Seq);
        Assert.Single(snapshot.ActionPoints);
        Assert.Empty((await meeting.GetEventsAfter(Caller.System, first.Seq, snapshot.Epoch)).Events);
    }

    [Fact]
    public async Task A_replay_with_a_changed_body_still_returns_the_first_result()
    {
        var meeting = await TestData.CreateMeeting(Grains);
        var command = TestData.ActionPoint();
        var first = await meeting.AddActionPoint(Callers.Secretariat, command);

        var replay = await meeting.AddActionPoint(Callers.Secretariat, command with { Description = "Deskripsi lain", DueDate = "2026-04-01" });

        Assert.True(replay.Replayed);
        Assert.Equal(first.Value.Description, replay.Value.Description);
        Assert.Equal(first.Value.DueDate, replay.Value.DueDate);
        Assert.Single((await meeting.GetSnapshot(Caller.System)).ActionPoints);
    }

    [Fact]
    public async Task Action_point_ids_derive_from_the_meeting_and_the_command_id()
    {
        var first = await TestData.CreateMeeting(Grains);
        var second = await TestData.CreateMeeting(Grains);
        var commandId = TestData.NewCommandId();

        var inFirst = (await first.AddActionPoint(Callers.Secretariat, TestData.ActionPoint(commandId: commandId))).Value;
        var inSecond = await second.AddActionPoint(Callers.Secretariat, TestData.ActionPoint(commandId: commandId));

        Assert.Equal(Ids.ActionPoint(first.GetPrimaryKeyString(), commandId), inFirst.Id);
        Assert.Equal(Ids.ActionPoint(second.GetPrimaryKeyString(), commandId), inSecond.Value.Id);
        Assert.NotEqual(inFirst.Id, inSecond.Value.Id);
        Assert.False(inSecond.Replayed);
    }

    [Fact]
    public async Task Replaying_meeting_commands_emits_nothing()
    {
        var meeting = await TestData.CreateMeeting(Grains);
        var addItem = TestData.AgendaItem("Paparan Dinkes", "DINKES");
        var item = await meeting.AddAgendaItem(Callers.Secretariat, addItem);
        var start = TestData.Command();
        var started = await meeting.Start(Callers.Chair, start);
        var checkIn = new CheckIn(TestData.NewCommandId(), "DINKES", "dr. Ratna", "Kepala Dinas");
        var checkedIn = await meeting.CheckIn(Callers.DinkesHead, checkIn);

        var itemAgain = await meeting.AddAgendaItem(Callers.Secretariat, addItem);
        var startAgain = await meeting.Start(Callers.Chair, start);
        var checkInAgain = await meeting.CheckIn(Callers.DinkesHead, checkIn);

        Assert.True(itemAgain.Replayed && startAgain.Replayed && checkInAgain.Replayed);
        Assert.Equal(item.Value.Id, itemAgain.Value.Id);
        Assert.Equal((item.Seq, started.Seq, checkedIn.Seq), (itemAgain.Seq, startAgain.Seq, checkInAgain.Seq));
        Assert.Equal(checkedIn.Value, checkInAgain.Value);
        var snapshot = await meeting.GetSnapshot(Caller.System);
        Assert.Equal(checkedIn.Seq, snapshot.Seq);
        Assert.Single(snapshot.Agenda);
        Assert.Single(snapshot.Attendance);
    }

    [Fact]
    public async Task A_command_id_used_for_another_kind_of_command_is_a_conflict()
    {
        var meeting = await TestData.CreateMeeting(Grains, agendaItems: 1);
        var commandId = TestData.NewCommandId();
        await meeting.AddAgendaItem(Callers.Secretariat, TestData.AgendaItem("Paparan", commandId: commandId));
        var seq = (await meeting.GetSnapshot(Caller.System)).Seq;

        await TestData.Problem(409, () => meeting.Start(Callers.Chair, new MeetingCommand(commandId)));
        await TestData.Problem(409, () => meeting.AddActionPoint(Callers.Secretariat, TestData.ActionPoint(commandId: commandId)));
        await TestData.Problem(409, () => meeting.CheckIn(Callers.Secretariat, new CheckIn(commandId, "PUPR", "Ir. Budi", "Kepala Dinas")));

        var snapshot = await meeting.GetSnapshot(Caller.System);
        Assert.Equal(MeetingStatus.Scheduled, snapshot.Status);
        Assert.Equal(seq, snapshot.Seq);
        Assert.Empty(snapshot.ActionPoints);
    }

    [Fact]
    public async Task Replaying_an_edit_returns_the_edited_action_point_and_emits_nothing()
    {
        var meeting = await TestData.CreateMeeting(Grains);
        var added = (await meeting.AddActionPoint(Callers.PuprHead, TestData.ActionPoint())).Value;
        var edit = new UpdateActionPoint(TestData.NewCommandId(), null, null, null, null, "Peta jalan final", null, null, null);
        var edited = await meeting.UpdateActionPoint(Callers.PuprHead, added.Id, 1, edit);

        // The retry carries the version the tablet had before its first attempt.
        var replay = await meeting.UpdateActionPoint(Callers.PuprHead, added.Id, 1, edit);

        Assert.False(edited.Replayed);
        Assert.True(replay.Replayed);
        Assert.Equal((2, "Peta jalan final"), (replay.Value.Version, replay.Value.Target));
        Assert.Equal(edited.Seq, replay.Seq);
        Assert.Equal(edited.Seq, (await meeting.GetSnapshot(Caller.System)).Seq);
    }

    [Fact]
    public async Task An_edit_command_id_reused_for_another_action_point_is_a_conflict()
    {
        var meeting = await TestData.CreateMeeting(Grains);
        var first = (await meeting.AddActionPoint(Callers.Secretariat, TestData.ActionPoint())).Value;
        var second = (await meeting.AddActionPoint(Callers.Secretariat, TestData.ActionPoint())).Value;
        var edit = new UpdateActionPoint(TestData.NewCommandId(), null, null, null, null, "Target baru", null, null, null);
        await meeting.UpdateActionPoint(Callers.Secretariat, first.Id, 1, edit);

        await TestData.Problem(409, () => meeting.UpdateActionPoint(Callers.Secretariat, second.Id, 1, edit));

        Assert.Equal(1, (await meeting.GetSnapshot(Caller.System)).ActionPoints.Single(a => a.Id == second.Id).Version);
    }

    [Fact]
    public async Task Creating_a_meeting_twice_returns_the_first_meeting()
    {
        var commandId = TestData.NewCommandId();
        var meeting = Grains.GetGrain<RakorLive.GrainInterfaces.IMeetingGrain>(Ids.Meeting(commandId));
        var command = new CreateMeeting(commandId, "Rakor April", TestData.MeetingStart, "Aula", "Bupati", null);
        var first = await meeting.Create(Callers.Chair, command);

        var again = await meeting.Create(Callers.Chair, command with { Title = "Judul lain" });

        Assert.True(again.Replayed);
        Assert.Equal("Rakor April", again.Value.Title);
        Assert.Equal(first.Value.Epoch, again.Value.Epoch);
        Assert.Equal("Asia/Jakarta", again.Value.TimeZone);
    }
}
