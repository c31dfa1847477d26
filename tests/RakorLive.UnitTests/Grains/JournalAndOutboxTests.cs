using RakorLive.Commands;
using RakorLive.GrainInterfaces;
using RakorLive.Model;
using RakorLive.UnitTests.Infrastructure;

namespace RakorLive.UnitTests.Grains;

/// <summary>The event-first core: what is appended, what a failed append leaves, replays, snapshots and the outbox.</summary>
[Collection(ClusterCollection.Name)]
public sealed class JournalAndOutboxTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;
    private static TestJournal Journal => ClusterFixture.Journal;

    [Fact]
    public async Task A_failed_append_refuses_the_command_changes_nothing_and_the_same_commandId_then_lands_once()
    {
        var meeting = await TestData.CreateMeeting(Grains, agendaItems: 1);
        await meeting.Start(Callers.Chair, TestData.Command());
        var before = await meeting.GetSnapshot(Caller.System);
        var command = TestData.ActionPoint();

        Journal.FailNextAppends(1);
        await Assert.ThrowsAsync<TimeoutException>(() => meeting.AddActionPoint(Callers.Secretariat, command));

        var unchanged = await meeting.GetSnapshot(Caller.System);
        Assert.Equal((before.Seq, before.ActionPoints.Count), (unchanged.Seq, unchanged.ActionPoints.Count));
        var first = await meeting.AddActionPoint(Callers.Secretariat, command);
        var again = await meeting.AddActionPoint(Callers.Secretariat, command);
        Assert.Equal((false, before.Seq + 1), (first.Replayed, first.Seq));
        Assert.Equal((true, first.Value.Id, first.Seq), (again.Replayed, again.Value.Id, again.Seq));
        Assert.Single((await meeting.GetSnapshot(Caller.System)).ActionPoints);
    }

    [Fact]
    public async Task Concurrent_commands_on_one_meeting_share_appends_and_still_get_consecutive_seqs()
    {
        var meeting = await TestData.CreateMeeting(Grains, agendaItems: 1);
        await meeting.Start(Callers.Chair, TestData.Command());
        var start = (await meeting.GetSnapshot(Caller.System)).Seq;
        var appendsBefore = Journal.Appends;

        var replies = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => meeting.AddActionPoint(Callers.Secretariat, TestData.ActionPoint())));

        Assert.Equal(Enumerable.Range(1, 40).Select(i => start + i), replies.Select(r => r.Seq).Order());
        var appends = Journal.Appends - appendsBefore;
        Assert.True(appends < 40, $"40 concurrent commands took {appends} appends: they should have been written together.");
        // The last ten are retained for catch-up (ClusterFixture.EventRetention), in order and without gaps.
        var events = await meeting.GetEventsAfter(Caller.System, start + 30, null);
        Assert.Equal(Enumerable.Range(31, 10).Select(i => start + i), events.Events.Select(e => e.Seq));
    }

    [Fact]
    public async Task A_commandId_from_long_before_replays_after_snapshots_and_reactivation()
    {
        var meeting = await TestData.CreateMeeting(Grains, agendaItems: 1);
        await meeting.Start(Callers.Chair, TestData.Command());
        var oldest = TestData.ActionPoint();
        var first = await meeting.AddActionPoint(Callers.Secretariat, oldest);
        // Far more commands than the retained history (10) and several snapshots (every 8 entries) later.
        for (var i = 0; i < 30; i++)
            await meeting.CheckIn(Callers.Secretariat, new CheckIn(TestData.NewCommandId(), "PUPR", $"Peserta {i}", "Staf"));
        await Journal.Settled(meeting.GetPrimaryKeyString());
        Assert.True(Journal.SnapshotVersion(meeting.GetPrimaryKeyString()) >= 24, "The meeting wrote no snapshot.");

        await fixture.Cluster.DeactivateAsync(meeting.GetGrainId());
        var replay = await meeting.AddActionPoint(Callers.Secretariat, oldest);

        Assert.Equal((true, first.Value.Id, first.Seq), (replay.Replayed, replay.Value.Id, replay.Seq));
        var snapshot = await meeting.GetSnapshot(Caller.System);
        Assert.Equal((first.Seq + 30, 30, 1), (snapshot.Seq, snapshot.Attendance.Count, snapshot.ActionPoints.Count));
    }

    [Fact]
    public async Task A_failing_read_model_is_retried_until_it_converges_while_the_meeting_goes_on()
    {
        var followUps = ClusterFixture.FollowUps;
        var meeting = await TestData.CreateMeeting(Grains, agendaItems: 1);
        await meeting.Start(Callers.Chair, TestData.Command());

        followUps.FailNextUpserts(3);
        var failedBefore = followUps.Failed;
        var added = await meeting.AddActionPoint(Callers.Secretariat, TestData.ActionPoint("DLH"));
        // The command was answered although its read model could not be written; later commands are not held up either.
        var edited = await meeting.UpdateActionPoint(Callers.Secretariat, added.Value.Id, 1,
            new UpdateActionPoint(TestData.NewCommandId(), null, null, null, "Peta jalan versi kedua", null, null, null, null));
        await Journal.Settled(meeting.GetPrimaryKeyString());

        Assert.Equal(3, followUps.Failed - failedBefore);
        var readModel = await followUps.Find("DLH", added.Value.Id);
        Assert.Equal((edited.Value.Version, "Peta jalan versi kedua"), (readModel!.Version, readModel.Description));
        Assert.Single(await Grains.GetGrain<IOpdGrain>("DLH").GetLedger(), e => e.ActionPointId == added.Value.Id);
    }

    [Fact]
    public async Task A_command_confirmed_while_the_outbox_writes_a_snapshot_still_has_its_side_effects_done()
    {
        var meeting = await TestData.CreateMeeting(Grains, agendaItems: 1);
        var id = meeting.GetPrimaryKeyString();
        var (started, release) = Journal.HoldNextSnapshot(id);
        await meeting.Start(Callers.Chair, TestData.Command());
        // Enough entries for the outbox to begin a snapshot (every 8), which the journal holds.
        for (var i = 0; i < ClusterFixture.SnapshotEvery; i++)
            await meeting.CheckIn(Callers.Secretariat, new CheckIn(TestData.NewCommandId(), "PUPR", $"Peserta {i}", "Staf"));
        await started.WaitAsync(TimeSpan.FromSeconds(10));

        // Confirmed while the snapshot is still being written: nothing else will wake the outbox afterwards.
        var late = await meeting.AddActionPoint(Callers.Secretariat, TestData.ActionPoint("DLH"));
        release();

        await Journal.Settled(id);
        var readModel = await ClusterFixture.FollowUps.Find("DLH", late.Value.Id);
        Assert.Equal(late.Value.Version, readModel?.Version);
    }

    [Fact]
    public async Task A_meeting_of_more_commitments_than_SnapshotEvery_is_snapshotted_once_per_as_many_entries_as_it_holds_commitments()
    {
        var meeting = await TestData.CreateMeeting(Grains, agendaItems: 1);
        var id = meeting.GetPrimaryKeyString();
        await meeting.Start(Callers.Chair, TestData.Command());
        var commitments = ClusterFixture.SnapshotEvery * 2;
        string first = "";
        for (var i = 0; i < commitments; i++)
        {
            var added = await meeting.AddActionPoint(Callers.Secretariat, TestData.ActionPoint("DLH"));
            if (i == 0) first = added.Value.Id;
        }
        await Journal.Settled(id);
        var snapshot = Journal.SnapshotVersion(id);
        Assert.True(snapshot > 0, "The first SnapshotEvery entries are snapshotted.");

        // One entry at a time, each drained before the next, so the outbox weighs every version on its own.
        var version = 1;
        async Task Edit()
        {
            var edited = await meeting.UpdateActionPoint(Callers.Secretariat, first, version,
                new UpdateActionPoint(TestData.NewCommandId(), null, null, null, $"Peta jalan versi {version + 1}", null, null, null, null));
            version = edited.Value.Version;
            await Journal.Settled(id);
        }
        while (Journal.AppendedVersion(id) < snapshot + commitments - 1)
        {
            await Edit();
            Assert.Equal(snapshot, Journal.SnapshotVersion(id));
        }
        await Edit();
        Assert.Equal(snapshot + commitments, Journal.SnapshotVersion(id));
    }

    [Fact]
    public async Task A_meeting_is_the_fold_of_its_journal_after_reactivation()
    {
        var meeting = await TestData.CreateMeeting(Grains, agendaItems: 2);
        await meeting.Start(Callers.Chair, TestData.Command());
        var added = await meeting.AddActionPoint(Callers.PuprHead, TestData.ActionPoint());
        await meeting.UpdateActionPoint(Callers.PuprHead, added.Value.Id, 1,
            new UpdateActionPoint(TestData.NewCommandId(), null, null, ["DISHUB"], null, null, null, null, null, Status: "InProgress"));
        await meeting.Advance(Callers.Chair, TestData.Command());
        var before = await meeting.GetSnapshot(Caller.System);

        await fixture.Cluster.DeactivateAsync(meeting.GetGrainId());
        var after = await meeting.GetSnapshot(Caller.System);

        Assert.Equal(Json(before), Json(after));
    }

    private static string Json(MeetingSnapshot snapshot) => System.Text.Json.JsonSerializer.Serialize(snapshot, RakorLive.Json.RakorLiveJson.Options);
}
