using RakorLive.Commands;
using RakorLive.Events;
using RakorLive.GrainInterfaces;
using RakorLive.Model;
using RakorLive.UnitTests.Infrastructure;

namespace RakorLive.UnitTests.Grains;

/// <summary>The meeting's event sequence: seq, epoch, catch-up and history (retention is <see cref="ClusterFixture.EventRetention"/>).</summary>
[Collection(ClusterCollection.Name)]
public sealed class EventSequenceTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private static CheckIn Attendee(int n) => new(TestData.NewCommandId(), "DINKES", $"Peserta {n}", "Staf");

    /// <summary>Adds <paramref name="count"/> check-ins, one event each.</summary>
    private static async Task CheckIns(IMeetingGrain meeting, int count, int first = 1)
    {
        for (var n = first; n < first + count; n++) await meeting.CheckIn(Callers.Secretariat, Attendee(n));
    }

    [Fact]
    public async Task Seq_starts_at_one_and_grows_by_exactly_one_per_event()
    {
        var meeting = await TestData.CreateMeeting(Grains);
        var created = await meeting.GetSnapshot(Caller.System);
        Assert.Equal(0, created.Seq);

        var replies = new List<long>
        {
            (await meeting.AddAgendaItem(Callers.Secretariat, TestData.AgendaItem("Satu"))).Seq,
            (await meeting.AddAgendaItem(Callers.Secretariat, TestData.AgendaItem("Dua"))).Seq,
            (await meeting.Start(Callers.Chair, TestData.Command())).Seq, // MeetingStarted + AgendaItemActivated
            (await meeting.CheckIn(Callers.Secretariat, Attendee(1))).Seq,
            (await meeting.Advance(Callers.Chair, TestData.Command())).Seq, // completed + activated
        };

        Assert.Equal([1L, 2, 4, 5, 7], replies);
        var history = await meeting.GetHistory(Caller.System, 0, created.Epoch, 100);
        Assert.Null(history.Snapshot);
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7], history.Events.Select(e => e.Seq));
        Assert.All(history.Events, e => Assert.Equal((meeting.GetPrimaryKeyString(), created.Epoch), (e.MeetingId, e.Epoch)));
        Assert.Equal(7, history.Seq);
    }

    [Fact]
    public async Task Events_after_n_are_exactly_the_events_with_a_higher_seq_in_order()
    {
        var meeting = await TestData.CreateMeeting(Grains, agendaItems: 2);
        await meeting.Start(Callers.Chair, TestData.Command());
        await CheckIns(meeting, 2);
        var all = (await meeting.GetHistory(Caller.System, 0, null, 100)).Events;
        Assert.Equal(6, all.Count);

        for (var n = 1; n <= 6; n++)
        {
            var catchUp = await meeting.GetEventsAfter(Caller.System, n, all[0].Epoch);
            Assert.Null(catchUp.Snapshot);
            Assert.Equal(all.Where(e => e.Seq > n), catchUp.Events);
            Assert.Equal((6L, all[0].Epoch), (catchUp.Seq, catchUp.Epoch));
        }
    }

    [Fact]
    public async Task After_seq_zero_gets_a_snapshot()
    {
        var meeting = await TestData.CreateMeeting(Grains, agendaItems: 2);

        var catchUp = await meeting.GetEventsAfter(Caller.System, 0, null);

        Assert.NotNull(catchUp.Snapshot);
        Assert.Empty(catchUp.Events);
        Assert.Equal(2, catchUp.Seq);
        Assert.Equal(2, catchUp.Snapshot.Agenda.Count);
        Assert.Equal((catchUp.Seq, catchUp.Epoch), (catchUp.Snapshot.Seq, catchUp.Snapshot.Epoch));
    }

    [Fact]
    public async Task A_position_older_than_the_retained_history_gets_a_snapshot()
    {
        var meeting = await TestData.CreateMeeting(Grains);
        await CheckIns(meeting, ClusterFixture.EventRetention + 3); // seq 13; events 4..13 are kept
        var epoch = (await meeting.GetSnapshot(Caller.System)).Epoch;

        var oldestAnswerable = await meeting.GetEventsAfter(Caller.System, 3, epoch);
        var tooOld = await meeting.GetEventsAfter(Caller.System, 2, epoch);

        Assert.Null(oldestAnswerable.Snapshot);
        Assert.Equal([4L, 5, 6, 7, 8, 9, 10, 11, 12, 13], oldestAnswerable.Events.Select(e => e.Seq));
        Assert.NotNull(tooOld.Snapshot);
        Assert.Empty(tooOld.Events);
        Assert.Equal(13, tooOld.Snapshot.Attendance.Count);
    }

    [Fact]
    public async Task A_position_from_another_epoch_gets_a_snapshot()
    {
        var meeting = await TestData.CreateMeeting(Grains, agendaItems: 3);
        var epoch = (await meeting.GetSnapshot(Caller.System)).Epoch;

        var sameEpoch = await meeting.GetEventsAfter(Caller.System, 1, epoch);
        var otherEpoch = await meeting.GetEventsAfter(Caller.System, 1, epoch - 1);

        Assert.Null(sameEpoch.Snapshot);
        Assert.Equal(2, sameEpoch.Events.Count);
        Assert.NotNull(otherEpoch.Snapshot);
        Assert.Empty(otherEpoch.Events);
        Assert.Equal(epoch, otherEpoch.Epoch);
    }

    [Fact]
    public async Task A_position_ahead_of_the_log_gets_a_snapshot_and_the_current_position_gets_nothing()
    {
        var meeting = await TestData.CreateMeeting(Grains, agendaItems: 2);
        var epoch = (await meeting.GetSnapshot(Caller.System)).Epoch;

        var ahead = await meeting.GetEventsAfter(Caller.System, 3, epoch);
        var current = await meeting.GetEventsAfter(Caller.System, 2, epoch);

        Assert.NotNull(ahead.Snapshot);
        Assert.Empty(ahead.Events);
        Assert.Null(current.Snapshot);
        Assert.Empty(current.Events);
        Assert.Equal(2, current.Seq);
    }

    [Fact]
    public async Task History_returns_retained_events_up_to_the_limit_or_a_snapshot_when_they_are_gone()
    {
        var meeting = await TestData.CreateMeeting(Grains);
        await CheckIns(meeting, 6);
        var epoch = (await meeting.GetSnapshot(Caller.System)).Epoch;

        Assert.Equal([1L, 2, 3], (await meeting.GetHistory(Caller.System, 0, epoch, 3)).Events.Select(e => e.Seq));
        Assert.Equal([5L, 6], (await meeting.GetHistory(Caller.System, 4, null, 100)).Events.Select(e => e.Seq));
        var upToDate = await meeting.GetHistory(Caller.System, 6, epoch, 100);
        Assert.Null(upToDate.Snapshot);
        Assert.Empty(upToDate.Events);
        Assert.NotNull((await meeting.GetHistory(Caller.System, 0, epoch + 1, 100)).Snapshot);
        Assert.NotNull((await meeting.GetHistory(Caller.System, 7, epoch, 100)).Snapshot);
        Assert.NotNull((await meeting.GetHistory(Caller.System, -1, epoch, 100)).Snapshot);

        await CheckIns(meeting, ClusterFixture.EventRetention, first: 7); // seq 16; events 7..16 are kept
        var gone = await meeting.GetHistory(Caller.System, 0, epoch, 100);
        Assert.NotNull(gone.Snapshot);
        Assert.Empty(gone.Events);
        Assert.Equal([7L, 8], (await meeting.GetHistory(Caller.System, 6, epoch, 2)).Events.Select(e => e.Seq));
    }

    [Fact]
    public async Task An_unknown_meeting_is_not_found()
    {
        var meeting = Grains.GetGrain<IMeetingGrain>(Ids.Meeting(TestData.NewCommandId()));

        Assert.False(await meeting.Exists());
        await TestData.Problem(404, () => meeting.GetSnapshot(Caller.System));
        await TestData.Problem(404, () => meeting.GetEventsAfter(Caller.System, 0, null));
        await TestData.Problem(404, () => meeting.Start(Callers.Chair, TestData.Command()));
    }

    [Fact]
    public async Task Epoch_and_state_survive_deactivation_and_the_sequence_continues()
    {
        var meeting = await TestData.CreateMeeting(Grains, agendaItems: 2);
        await meeting.Start(Callers.Chair, TestData.Command());
        var commandId = TestData.NewCommandId();
        var actionPoint = (await meeting.AddActionPoint(Callers.PuprHead, TestData.ActionPoint(commandId: commandId))).Value;
        await meeting.UpdateActionPoint(Callers.PuprHead, actionPoint.Id, 1,
            new UpdateActionPoint(TestData.NewCommandId(), null, null, null, null, "Peta jalan final", null, null, null));
        var before = await meeting.GetSnapshot(Caller.System);
        // A later clock must not leak into the epoch: it is chosen once, at creation.
        ClusterFixture.Clock.Advance(TimeSpan.FromSeconds(5));

        await fixture.Cluster.DeactivateAsync(meeting.GetGrainId());

        var after = await meeting.GetSnapshot(Caller.System);
        Assert.Equal((before.Seq, before.Epoch, before.Status, before.CurrentItemId), (after.Seq, after.Epoch, after.Status, after.CurrentItemId));
        Assert.Equal(before.Agenda, after.Agenda);
        var reloaded = Assert.Single(after.ActionPoints);
        Assert.Equal((actionPoint.Id, 2, "Peta jalan final"), (reloaded.Id, reloaded.Version, reloaded.Target));
        Assert.Equal(["Created", "Edited"], reloaded.History.Select(h => h.Kind));
        var retained = await meeting.GetEventsAfter(Caller.System, 1, before.Epoch);
        Assert.Null(retained.Snapshot);
        Assert.Equal([2L, 3, 4, 5, 6], retained.Events.Select(e => e.Seq));
        // Replays still answer from the persisted receipts.
        Assert.True((await meeting.AddActionPoint(Callers.PuprHead, TestData.ActionPoint(commandId: commandId))).Replayed);

        var next = await meeting.Advance(Callers.Chair, TestData.Command());
        Assert.Equal(before.Seq + 2, next.Seq);
        var missed = await meeting.GetEventsAfter(Caller.System, before.Seq, before.Epoch);
        Assert.Equal([before.Seq + 1, before.Seq + 2], missed.Events.Select(e => e.Seq));
        Assert.All(missed.Events, e => Assert.Equal(before.Epoch, e.Epoch));
    }
}
