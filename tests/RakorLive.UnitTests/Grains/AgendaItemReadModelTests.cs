using RakorLive.Commands;
using RakorLive.GrainInterfaces;
using RakorLive.Model;
using RakorLive.UnitTests.Infrastructure;

namespace RakorLive.UnitTests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class AgendaItemReadModelTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task An_agenda_item_view_follows_its_item_and_the_commitments_made_under_it()
    {
        var meeting = await TestData.CreateMeeting(Grains, agendaItems: 2);
        var live = (await meeting.Start(Callers.Chair, TestData.Command())).Value;
        var first = live.Agenda[0].Id;
        var second = live.Agenda[1].Id;

        var added = (await meeting.AddActionPoint(Callers.Secretariat, TestData.ActionPoint())).Value;
        var underFirst = await meeting.GetAgendaItem(Callers.Viewer, first);
        Assert.Equal((live.Id, AgendaItemStatus.Active), (underFirst!.MeetingId, underFirst.Item.Status));
        Assert.Equal([added.Id], underFirst.ActionPointIds);

        // Moving the commitment to the second item updates both items; advancing completes the first.
        await meeting.UpdateActionPoint(Callers.Secretariat, added.Id, 1, new UpdateActionPoint(null, second, null, null, null, null, null, null, null));
        await meeting.Advance(Callers.Chair, TestData.Command());

        var firstAfter = await meeting.GetAgendaItem(Callers.Viewer, first);
        var secondAfter = await meeting.GetAgendaItem(Callers.Viewer, second);
        Assert.Equal((AgendaItemStatus.Done, 0), (firstAfter!.Item.Status, firstAfter.ActionPointIds.Count));
        Assert.Equal(AgendaItemStatus.Active, secondAfter!.Item.Status);
        Assert.Equal([added.Id], secondAfter.ActionPointIds);
        var missing = await Assert.ThrowsAsync<RakorLive.Rules.RakorProblem>(() => meeting.GetAgendaItem(Callers.Viewer, Guid.NewGuid().ToString()));
        Assert.Equal(404, missing.Status);
    }
}
