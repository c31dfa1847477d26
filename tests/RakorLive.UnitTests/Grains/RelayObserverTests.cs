using RakorLive.Model;
using RakorLive.Events;
using RakorLive.GrainInterfaces;
using RakorLive.UnitTests.Infrastructure;

namespace RakorLive.UnitTests.Grains;

/// <summary>A silo's relay, registered with Subscribe, receives every event of the meeting in seq order.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RelayObserverTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task A_subscribed_relay_receives_each_commands_events_as_one_batch_in_seq_order()
    {
        var meeting = await TestData.CreateMeeting(Grains, agendaItems: 1);
        var relay = new RecordingObserver();
        var reference = Grains.CreateObjectReference<IMeetingObserver>(relay);
        try
        {
            var position = await meeting.Subscribe(reference, TimeSpan.FromMinutes(5));
            Assert.Equal(1, position.Seq);
            Assert.Null(position.Snapshot);

            await meeting.AddAgendaItem(Callers.Secretariat, TestData.AgendaItem("Paparan Dinkes", "DINKES")); // 2
            await meeting.Start(Callers.Chair, TestData.Command());                                               // 3, 4
            var actionPoint = await meeting.AddActionPoint(Callers.PuprHead, TestData.ActionPoint());            // 5
            await meeting.Advance(Callers.Chair, TestData.Command(skip: true));                                  // 6, 7
            var last = await meeting.Close(Callers.Chair, TestData.Command());                                    // 8, 9
            await relay.Reached(last.Seq);

            Assert.Equal([[2L], [3, 4], [5], [6, 7], [8, 9]], relay.Batches.Select(b => b.Select(e => e.Seq).ToArray()));
            Assert.Equal(
                [
                    MeetingEventTypes.AgendaItemAdded, MeetingEventTypes.MeetingStarted, MeetingEventTypes.AgendaItemActivated,
                    MeetingEventTypes.ActionPointAdded, MeetingEventTypes.AgendaItemCompleted, MeetingEventTypes.AgendaItemActivated,
                    MeetingEventTypes.AgendaItemCompleted, MeetingEventTypes.MeetingClosed,
                ],
                relay.Events.Select(e => e.Type));
            Assert.Equal(actionPoint.Value.Id, ((ActionPointData)relay.Events[3].Data).ActionPoint.Id);
            // What the relay was pushed is exactly what a reconnecting client reads back.
            Assert.Equal(
                (await meeting.GetEventsAfter(Caller.System, position.Seq, position.Epoch)).Events.Select(e => (e.Seq, e.Epoch, e.Type, e.OccurredAt)),
                relay.Events.Select(e => (e.Seq, e.Epoch, e.Type, e.OccurredAt)));
        }
        finally
        {
            await meeting.Unsubscribe(reference);
            Grains.DeleteObjectReference<IMeetingObserver>(reference);
        }
    }

    [Fact]
    public async Task Replays_and_refused_commands_push_nothing()
    {
        var meeting = await TestData.CreateMeeting(Grains);
        var relay = new RecordingObserver();
        var reference = Grains.CreateObjectReference<IMeetingObserver>(relay);
        try
        {
            await meeting.Subscribe(reference, TimeSpan.FromMinutes(5));
            var command = TestData.ActionPoint();
            await meeting.AddActionPoint(Callers.Secretariat, command);                                     // 1
            await meeting.AddActionPoint(Callers.Secretariat, command);                                     // replay
            await TestData.Problem(403, () => meeting.AddActionPoint(Callers.DinkesHead, TestData.ActionPoint("PUPR")));
            await TestData.Problem(409, () => meeting.Advance(Callers.Chair, TestData.Command()));
            var last = await meeting.AddAgendaItem(Callers.Secretariat, TestData.AgendaItem("Paparan"));    // 2
            await relay.Reached(last.Seq);

            // Pushes from one meeting reach a relay in order, so had the replay or a refusal pushed anything it would sit between these.
            Assert.Equal([[1L], [2L]], relay.Batches.Select(b => b.Select(e => e.Seq).ToArray()));
        }
        finally
        {
            await meeting.Unsubscribe(reference);
            Grains.DeleteObjectReference<IMeetingObserver>(reference);
        }
    }

    [Fact]
    public async Task Every_subscribed_relay_gets_the_events()
    {
        var meeting = await TestData.CreateMeeting(Grains);
        var relays = new[] { new RecordingObserver(), new RecordingObserver() };
        var references = relays.Select(r => Grains.CreateObjectReference<IMeetingObserver>(r)).ToArray();
        try
        {
            foreach (var reference in references) await meeting.Subscribe(reference, TimeSpan.FromMinutes(5));

            var last = await meeting.AddAgendaItem(Callers.Secretariat, TestData.AgendaItem("Paparan"));
            await Task.WhenAll(relays.Select(r => r.Reached(last.Seq)));

            Assert.All(relays, r => Assert.Equal([1L], r.Events.Select(e => e.Seq)));
        }
        finally
        {
            foreach (var reference in references)
            {
                await meeting.Unsubscribe(reference);
                Grains.DeleteObjectReference<IMeetingObserver>(reference);
            }
        }
    }
}
