using System.Reflection;
using RakorLive.Events;
using RakorLive.Grains.Meetings;
using RakorLive.Grains.Meetings.Journal;
using RakorLive.Model;
using RakorLive.TestFixtures;

namespace RakorLive.UnitTests.Fixtures;

/// <summary>
/// The server's fold checked against the recorded streams (tests/fixtures/events): the meeting grain's own
/// <see cref="MeetingModel.Apply(JournalEntry)"/>, fed journal entries as an activation reads them. The .NET client
/// (RakorLive.ClientTests) and the JS client (clients/web/test/fixtures.test.js) check their folds against the same files.
/// </summary>
public sealed class MeetingFoldFixtureTests
{
    public static TheoryData<string> Files => EventFixtures.Files();

    [Theory]
    [MemberData(nameof(Files))]
    public void The_grains_fold_of_a_recorded_stream_is_the_recorded_snapshot_at_every_checkpoint(string file)
    {
        var fixture = EventFixtures.Load(file);
        var model = Fold(fixture, (seq, meeting, snapshot, label) => EventFixtures.AssertSameJson(snapshot, meeting, $"{file}, {label}"));
        Assert.Equal(fixture.Events[^1].Seq, model.Seq);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void The_folded_model_survives_the_snapshot_row_an_activation_reloads(string file)
    {
        var fixture = EventFixtures.Load(file);
        var model = Fold(fixture, (_, _, _, _) => { });
        var reloaded = MeetingSnapshots.Read(MeetingSnapshots.Write(model));
        EventFixtures.AssertSameJson(fixture.Expected, reloaded.Meeting!, $"{file}, expected after a snapshot round trip");
    }

    /// <summary>The streams together exercise every event type of the contract and the rules the clients got wrong before.</summary>
    [Fact]
    public void The_recorded_streams_cover_every_event_type_and_rule_of_the_contract()
    {
        var fixtures = EventFixtures.FileNames().Select(EventFixtures.Load).ToList();
        var events = fixtures.SelectMany(f => f.Events).ToList();
        var contractTypes = typeof(MeetingEventTypes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();

        Assert.All(contractTypes, type => Assert.Contains(events, e => e.Type == type));
        Assert.Contains(events, e => !contractTypes.Contains(e.Type) && e.Data is UnknownEventData);
        Assert.Contains(events, e => e.Data is MeetingStartedData { CurrentItemId: not null });
        Assert.Contains(events, e => e.Data is MeetingStartedData { CurrentItemId: null });
        Assert.Contains(events, e => e.Data is AgendaItemCompletedData { Status: AgendaItemStatus.Done });
        Assert.Contains(events, e => e.Data is AgendaItemCompletedData { Status: AgendaItemStatus.Skipped });
        Assert.Contains(events, e => e.Data is AgendaItemData { Item.CarriedActionPointIds.Count: > 0 });
        Assert.Contains(events, e => e.Data is ActionPointData { ActionPoint: { Status: ActionPointStatus.Dropped, StatusReason: not null } });
        // A re-check-in that is the same attendee only without regard to letter case, with another position.
        Assert.Contains(fixtures, f => f.Events.Select(e => e.Data).OfType<AttendeeData>().Select(a => a.Attendee)
            .GroupBy(a => (a.Opd, Name: a.Name.ToUpperInvariant()))
            .Any(g => g.Select(a => a.Name).Distinct().Count() > 1 && g.Select(a => a.Position).Distinct().Count() > 1));
        // A reopen after a drop, whose payload no longer carries the reason.
        Assert.Contains(fixtures, f => f.Events.Select(e => e.Data).OfType<ActionPointData>().Select(d => d.ActionPoint)
            .Zip(f.Events.Select(e => e.Data).OfType<ActionPointData>().Select(d => d.ActionPoint).Skip(1))
            .Any(p => p.First.Id == p.Second.Id && p.First.Status == ActionPointStatus.Dropped && p.Second.StatusReason is null));
    }

    /// <summary>
    /// Folds a stream the way an activation does: the creation's fact, then one journal entry per event, checking each
    /// stated snapshot when its seq is reached. Fails when a stated snapshot is never reached.
    /// </summary>
    private static MeetingModel Fold(EventFixture fixture, Action<long, MeetingSnapshot, System.Text.Json.Nodes.JsonNode, string> check)
    {
        var stated = fixture.Snapshots().ToList();
        var next = 0;
        var at = fixture.Initial.ScheduledStart;
        var model = MeetingModel.Empty.Apply(Entry(1, 0, at, [], [new MeetingCreated(fixture.Initial, at, "fixtures")]));
        foreach (var evt in fixture.Events)
        {
            model = model.Apply(Entry(model.Version + 1, evt.Seq, evt.OccurredAt, [evt], []));
            for (; next < stated.Count && stated[next].Seq == evt.Seq; next++)
                check(evt.Seq, model.Meeting!, stated[next].Snapshot, stated[next].Label);
        }
        Assert.True(next == stated.Count, $"{fixture.File}: no event reaches the {stated[Math.Min(next, stated.Count - 1)].Label}.");
        return model;
    }

    private static JournalEntry Entry(long version, long seq, DateTimeOffset at, IReadOnlyList<MeetingEvent> events, IReadOnlyList<MeetingFact> facts) =>
        new(version, $"fixture-{version}", "Fixture", "", seq, at, "fixtures", events, facts, [], []);
}
