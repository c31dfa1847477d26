using RakorLive.Commands;
using RakorLive.Events;
using RakorLive.Model;
using RakorLive.UnitTests.Infrastructure;

namespace RakorLive.UnitTests.Grains;

/// <summary>Scheduled → Live (start) → Closed, and how the agenda moves along the way.</summary>
[Collection(ClusterCollection.Name)]
public sealed class MeetingStateMachineTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private static AgendaItemStatus[] Statuses(MeetingSnapshot snapshot) =>
        [.. snapshot.Agenda.OrderBy(i => i.Order).Select(i => i.Status)];

    [Fact]
    public async Task A_new_meeting_is_scheduled_with_its_agenda_pending()
    {
        var meeting = await TestData.CreateMeeting(Grains, agendaItems: 3);

        var snapshot = await meeting.GetSnapshot(Caller.System);

        Assert.Equal(MeetingStatus.Scheduled, snapshot.Status);
        Assert.Equal([AgendaItemStatus.Pending, AgendaItemStatus.Pending, AgendaItemStatus.Pending], Statuses(snapshot));
        Assert.Equal([1, 2, 3], snapshot.Agenda.Select(i => i.Order));
        Assert.Null(snapshot.CurrentItemId);
        Assert.Null(snapshot.StartedAt);
    }

    [Fact]
    public async Task Start_makes_the_meeting_live_and_activates_the_first_pending_item()
    {
        var meeting = await TestData.CreateMeeting(Grains, agendaItems: 3);
        var before = await meeting.GetSnapshot(Caller.System);

        var reply = await meeting.Start(Callers.Chair, TestData.Command());

        var snapshot = reply.Value;
        Assert.False(reply.Replayed);
        Assert.Equal(MeetingStatus.Live, snapshot.Status);
        Assert.Equal(ClusterFixture.Clock.GetUtcNow(), snapshot.StartedAt);
        Assert.Equal(before.Agenda[0].Id, snapshot.CurrentItemId);
        Assert.Equal([AgendaItemStatus.Active, AgendaItemStatus.Pending, AgendaItemStatus.Pending], Statuses(snapshot));
        var events = (await meeting.GetEventsAfter(Caller.System, before.Seq, before.Epoch)).Events;
        Assert.Equal([MeetingEventTypes.MeetingStarted, MeetingEventTypes.AgendaItemActivated], events.Select(e => e.Type));
        Assert.Equal(before.Agenda[0].Id, ((MeetingStartedData)events[0].Data).CurrentItemId);
    }

    [Fact]
    public async Task A_meeting_without_agenda_starts_with_no_current_item()
    {
        var meeting = await TestData.CreateMeeting(Grains);

        var snapshot = (await meeting.Start(Callers.Secretariat, TestData.Command())).Value;

        Assert.Equal(MeetingStatus.Live, snapshot.Status);
        Assert.Null(snapshot.CurrentItemId);
    }

    [Fact]
    public async Task Starting_twice_is_a_conflict_and_changes_nothing()
    {
        var meeting = await TestData.CreateMeeting(Grains, agendaItems: 2);
        var started = (await meeting.Start(Callers.Chair, TestData.Command())).Value;

        await TestData.Problem(409, () => meeting.Start(Callers.Chair, TestData.Command()));

        var after = await meeting.GetSnapshot(Caller.System);
        Assert.Equal(started.Seq, after.Seq);
        Assert.Equal(started.StartedAt, after.StartedAt);
    }

    [Fact]
    public async Task Advance_before_start_is_a_conflict()
    {
        var meeting = await TestData.CreateMeeting(Grains, agendaItems: 2);

        await TestData.Problem(409, () => meeting.Advance(Callers.Chair, TestData.Command()));

        var snapshot = await meeting.GetSnapshot(Caller.System);
        Assert.Equal(MeetingStatus.Scheduled, snapshot.Status);
        Assert.Equal([AgendaItemStatus.Pending, AgendaItemStatus.Pending], Statuses(snapshot));
    }

    [Fact]
    public async Task Close_before_start_is_a_conflict()
    {
        var meeting = await TestData.CreateMeeting(Grains, agendaItems: 1);

        await TestData.Problem(409, () => meeting.Close(Callers.Chair, TestData.Command()));

        Assert.Equal(MeetingStatus.Scheduled, (await meeting.GetSnapshot(Caller.System)).Status);
    }

    [Fact]
    public async Task Advance_completes_the_active_item_and_activates_the_next_pending_one()
    {
        var meeting = await TestData.CreateMeeting(Grains, agendaItems: 3);
        var started = (await meeting.Start(Callers.Chair, TestData.Command())).Value;

        var snapshot = (await meeting.Advance(Callers.Chair, TestData.Command())).Value;

        Assert.Equal([AgendaItemStatus.Done, AgendaItemStatus.Active, AgendaItemStatus.Pending], Statuses(snapshot));
        Assert.Equal(started.Agenda[1].Id, snapshot.CurrentItemId);
        Assert.NotNull(snapshot.Agenda[0].CompletedAt);
        Assert.NotNull(snapshot.Agenda[1].ActivatedAt);
        var events = (await meeting.GetEventsAfter(Caller.System, started.Seq, started.Epoch)).Events;
        Assert.Equal([MeetingEventTypes.AgendaItemCompleted, MeetingEventTypes.AgendaItemActivated], events.Select(e => e.Type));
        Assert.Equal(new AgendaItemCompletedData(started.Agenda[0].Id, AgendaItemStatus.Done, ClusterFixture.Clock.GetUtcNow()), events[0].Data);
        Assert.Equal(started.Agenda[1].Id, ((AgendaItemActivatedData)events[1].Data).ItemId);
    }

    [Fact]
    public async Task Advance_with_skip_marks_the_active_item_skipped()
    {
        var meeting = await TestData.CreateMeeting(Grains, agendaItems: 3);
        await meeting.Start(Callers.Chair, TestData.Command());

        var snapshot = (await meeting.Advance(Callers.Chair, TestData.Command(skip: true))).Value;

        Assert.Equal([AgendaItemStatus.Skipped, AgendaItemStatus.Active, AgendaItemStatus.Pending], Statuses(snapshot));
        var completed = (await meeting.GetEventsAfter(Caller.System, snapshot.Seq - 2, snapshot.Epoch)).Events[0];
        Assert.Equal(AgendaItemStatus.Skipped, ((AgendaItemCompletedData)completed.Data).Status);
    }

    [Fact]
    public async Task Advancing_past_the_last_item_leaves_no_current_item_and_a_further_advance_is_a_conflict()
    {
        var meeting = await TestData.CreateMeeting(Grains, agendaItems: 2);
        await meeting.Start(Callers.Chair, TestData.Command());
        await meeting.Advance(Callers.Chair, TestData.Command());

        var last = (await meeting.Advance(Callers.Chair, TestData.Command())).Value;

        Assert.Null(last.CurrentItemId);
        Assert.Equal(MeetingStatus.Live, last.Status);
        Assert.Equal([AgendaItemStatus.Done, AgendaItemStatus.Done], Statuses(last));
        await TestData.Problem(409, () => meeting.Advance(Callers.Chair, TestData.Command()));
        Assert.Equal(last.Seq, (await meeting.GetSnapshot(Caller.System)).Seq);
    }

    [Fact]
    public async Task An_item_added_after_the_agenda_ran_out_is_activated_by_the_next_advance()
    {
        var meeting = await TestData.CreateMeeting(Grains, agendaItems: 1);
        await meeting.Start(Callers.Chair, TestData.Command());
        await meeting.Advance(Callers.Chair, TestData.Command());
        var added = (await meeting.AddAgendaItem(Callers.Secretariat, TestData.AgendaItem("Usulan tambahan", "BAPPEDA"))).Value;

        var snapshot = (await meeting.Advance(Callers.Chair, TestData.Command())).Value;

        Assert.Equal(added.Id, snapshot.CurrentItemId);
        Assert.Equal([AgendaItemStatus.Done, AgendaItemStatus.Active], Statuses(snapshot));
    }

    [Fact]
    public async Task Close_marks_the_active_item_done_and_the_pending_ones_skipped()
    {
        var meeting = await TestData.CreateMeeting(Grains, agendaItems: 4);
        await meeting.Start(Callers.Chair, TestData.Command());
        var live = (await meeting.Advance(Callers.Chair, TestData.Command(skip: true))).Value;

        var closed = (await meeting.Close(Callers.Chair, TestData.Command())).Value;

        Assert.Equal(MeetingStatus.Closed, closed.Status);
        Assert.Equal(ClusterFixture.Clock.GetUtcNow(), closed.ClosedAt);
        Assert.Null(closed.CurrentItemId);
        Assert.Equal([AgendaItemStatus.Skipped, AgendaItemStatus.Done, AgendaItemStatus.Skipped, AgendaItemStatus.Skipped], Statuses(closed));
        var events = (await meeting.GetEventsAfter(Caller.System, live.Seq, live.Epoch)).Events;
        Assert.Equal(
            [MeetingEventTypes.AgendaItemCompleted, MeetingEventTypes.AgendaItemCompleted, MeetingEventTypes.AgendaItemCompleted, MeetingEventTypes.MeetingClosed],
            events.Select(e => e.Type));
        Assert.Equal(
            [AgendaItemStatus.Done, AgendaItemStatus.Skipped, AgendaItemStatus.Skipped],
            events.Take(3).Select(e => ((AgendaItemCompletedData)e.Data).Status));
    }

    [Fact]
    public async Task A_closed_meeting_takes_no_commitments_check_ins_agenda_items_or_moves()
    {
        var meeting = await TestData.CreateMeeting(Grains, agendaItems: 1);
        await meeting.Start(Callers.Chair, TestData.Command());
        var closed = (await meeting.Close(Callers.Chair, TestData.Command())).Value;

        await TestData.Problem(409, () => meeting.AddActionPoint(Callers.Secretariat, TestData.ActionPoint()));
        await TestData.Problem(409, () => meeting.CheckIn(Callers.Secretariat, new CheckIn(TestData.NewCommandId(), "DINKES", "dr. Ratna", "Kepala Dinas")));
        await TestData.Problem(409, () => meeting.AddAgendaItem(Callers.Secretariat, TestData.AgendaItem("Terlambat masuk")));
        await TestData.Problem(409, () => meeting.Advance(Callers.Chair, TestData.Command()));
        await TestData.Problem(409, () => meeting.Start(Callers.Chair, TestData.Command()));
        await TestData.Problem(409, () => meeting.Close(Callers.Chair, TestData.Command()));

        var after = await meeting.GetSnapshot(Caller.System);
        Assert.Equal(closed.Seq, after.Seq);
        Assert.Empty(after.ActionPoints);
        Assert.Empty(after.Attendance);
        Assert.Single(after.Agenda);
    }

    [Fact]
    public async Task Only_the_chair_and_the_secretariat_run_the_meeting()
    {
        var meeting = await TestData.CreateMeeting(Grains, agendaItems: 1);

        await TestData.Problem(403, () => meeting.Start(Callers.PuprHead, TestData.Command()));
        await TestData.Problem(403, () => meeting.Start(Callers.Viewer, TestData.Command()));

        Assert.Equal(MeetingStatus.Scheduled, (await meeting.GetSnapshot(Caller.System)).Status);
    }
}
