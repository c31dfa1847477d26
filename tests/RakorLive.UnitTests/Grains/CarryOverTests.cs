using RakorLive.Commands;
using RakorLive.Events;
using RakorLive.GrainInterfaces;
using RakorLive.Model;
using RakorLive.UnitTests.Infrastructure;
using RakorLive.Vocabulary;

namespace RakorLive.UnitTests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class CarryOverTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private static UpdateActionPoint Status(string status, string? reason = null) =>
        new(null, null, null, null, null, null, null, null, null, status, reason);

    [Fact]
    public async Task A_follow_up_rakor_opens_with_the_unfinished_commitments_of_the_last_one_by_id()
    {
        var last = await TestData.CreateMeeting(Grains);
        var open = (await last.AddActionPoint(Callers.PuprHead, TestData.ActionPoint("PUPR"))).Value;
        var inProgress = (await last.AddActionPoint(Callers.Secretariat, TestData.ActionPoint("DINKES"))).Value;
        var dropped = (await last.AddActionPoint(Callers.Secretariat, TestData.ActionPoint("DLH"))).Value;
        await last.UpdateActionPoint(Callers.Secretariat, inProgress.Id, 1, Status("InProgress"));
        await last.UpdateActionPoint(Callers.Secretariat, dropped.Id, 1, Status("Dropped", "Dialihkan ke APBD Provinsi"));

        var commandId = TestData.NewCommandId();
        var next = Grains.GetGrain<IMeetingGrain>(Ids.Meeting(commandId));
        var created = (await next.Create(Callers.Secretariat, new CreateMeeting(commandId, "Rakor Bulanan April",
            TestData.MeetingStart.AddDays(30), "Ruang Rapat Bupati", "Bupati", null, last.GetPrimaryKeyString()))).Value;

        var item = Assert.Single(created.Agenda);
        Assert.Equal((Kosakata.CarryOverAgendaTitle, AgendaItemStatus.Pending), (item.Title, item.Status));
        Assert.Equal([open.Id, inProgress.Id], item.CarriedActionPointIds);
        Assert.Equal(last.GetPrimaryKeyString(), created.CarriedOverFrom);
        var events = await next.GetHistory(Caller.System, 0, null, 10);
        Assert.Equal((1L, MeetingEventTypes.AgendaItemAdded), (events.Events[0].Seq, events.Events[0].Type));
        // Then, as the origin registers this rakor as a carrier, each carried commitment's new version is mirrored here.
        Assert.All(events.Events.Skip(1), e => Assert.Equal(MeetingEventTypes.ActionPointUpdated, e.Type));
        var view = await next.GetAgendaItem(Caller.System, item.Id);
        Assert.Equal([open.Id, inProgress.Id], view!.ActionPointIds);
    }

    [Fact]
    public async Task Carrying_over_from_an_unknown_meeting_or_itself_is_refused_and_creates_nothing()
    {
        var commandId = TestData.NewCommandId();
        var id = Ids.Meeting(commandId);
        var meeting = Grains.GetGrain<IMeetingGrain>(id);
        CreateMeeting From(string source) => new(commandId, "Rakor", TestData.MeetingStart, "Ruang", "Bupati", null, source);

        var unknown = await TestData.Problem(400, () => meeting.Create(Callers.Secretariat, From(Guid.NewGuid().ToString())));
        var itself = await TestData.Problem(400, () => meeting.Create(Callers.Secretariat, From(id)));
        var malformed = await TestData.Problem(400, () => meeting.Create(Callers.Secretariat, From("rakor-kemarin")));

        Assert.All([unknown, itself, malformed], p => Assert.Equal(["carryOverFrom"], p.Errors.Keys));
        Assert.False(await meeting.Exists());
    }
}
