using System.Collections.Concurrent;
using RakorLive.Events;
using RakorLive.Model;
using RakorLive.TestFixtures;

namespace RakorLive.Client.Tests;

/// <summary>
/// The .NET client's fold checked against the streams recorded from the server (tests/fixtures/events): each stream goes
/// through <see cref="MeetingFeed"/> itself, its loop, ordering and Apply, fed as the hub would feed it (a join answer,
/// then pushes), so what is tested is what a screen on the client holds.
/// </summary>
public sealed class MeetingFeedFixtureTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static TheoryData<string> Files => EventFixtures.Files();

    [Theory]
    [MemberData(nameof(Files))]
    public async Task A_feed_joined_at_the_initial_snapshot_that_receives_every_push_holds_the_recorded_snapshots(string file)
    {
        var fixture = EventFixtures.Load(file);
        await using var feed = NewFeed();
        var held = Holdings(feed);
        await JoinAtInitial(feed, fixture);

        foreach (var evt in fixture.Events) feed.Push(evt);

        await AssertHolds(feed, fixture, held);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task A_feed_that_catches_up_by_a_rejoin_holds_the_recorded_snapshots(string file)
    {
        var fixture = EventFixtures.Load(file);
        await using var feed = NewFeed();
        var held = Holdings(feed);
        await JoinAtInitial(feed, fixture);

        // What JoinMeeting(meetingId, afterSeq) answers when the events after the position are still retained.
        await feed.AcceptJoinAnswerAsync(fixture.Initial.Id, feed.LastSeq,
            new CatchUp(null, fixture.Events, fixture.Events[^1].Seq, fixture.Initial.Epoch));

        await AssertHolds(feed, fixture, held);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task A_feed_that_receives_the_pushes_backwards_and_twice_still_applies_each_once_in_order(string file)
    {
        var fixture = EventFixtures.Load(file);
        await using var feed = NewFeed();
        var held = Holdings(feed);
        await JoinAtInitial(feed, fixture);

        foreach (var evt in fixture.Events.Reverse())
        {
            feed.Push(evt);
            feed.Push(evt);
        }

        await AssertHolds(feed, fixture, held);
    }

    /// <summary>Not connected: nothing here reaches a server, the nodes only have to be well-formed.</summary>
    private static MeetingFeed NewFeed() => new([new Uri("http://127.0.0.1:9/")], _ => ValueTask.FromResult<string?>(null));

    /// <summary>What JoinMeeting(meetingId, 0) answers right after the meeting's creation: its snapshot and no events.</summary>
    private static Task JoinAtInitial(MeetingFeed feed, EventFixture fixture) =>
        feed.AcceptJoinAnswerAsync(fixture.Initial.Id, 0, new CatchUp(fixture.Initial, [], fixture.Initial.Seq, fixture.Initial.Epoch));

    /// <summary>The feed's snapshot after each applied event, by seq (taken on the feed's loop, as a subscriber sees it).</summary>
    private static ConcurrentDictionary<long, MeetingSnapshot> Holdings(MeetingFeed feed)
    {
        var held = new ConcurrentDictionary<long, MeetingSnapshot>();
        feed.EventApplied += evt => held[evt.Seq] = feed.Snapshot!;
        return held;
    }

    private static async Task AssertHolds(MeetingFeed feed, EventFixture fixture, ConcurrentDictionary<long, MeetingSnapshot> held)
    {
        await feed.WaitForSeqAsync(fixture.Events[^1].Seq).WaitAsync(Patience);
        Assert.Equal(fixture.Events.Select(e => e.Seq), feed.Received.Select(e => e.Seq));
        foreach (var (seq, snapshot, label) in fixture.Snapshots())
        {
            Assert.True(held.TryGetValue(seq, out var at), $"{fixture.File}: the feed never held seq {seq}.");
            EventFixtures.AssertSameJson(snapshot, at, $"{fixture.File}, {label}");
        }
        EventFixtures.AssertSameJson(fixture.Expected, feed.Snapshot!, $"{fixture.File}, the feed's final snapshot");
    }
}
