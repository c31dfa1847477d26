using RakorLive.Client;
using RakorLive.IntegrationTests.Infrastructure;
using RakorLive.IntegrationTests.Live;

namespace RakorLive.IntegrationTests;

/// <summary>
/// Acceptance item 3: a client that was away gets exactly what it missed, in order; when that is no
/// longer retained, or its epoch is not the meeting's, it gets a snapshot (hub) or 410 (REST).
/// </summary>
public abstract class CatchUpTests(LiveServerFixture fixture)
{
    private ServerProcess Server => fixture.Server;

    [Fact]
    public async Task RejoinAfterLeave_ReceivesExactlyTheFiftyMissedEventsInOrder_AndRestHistoryAgrees()
    {
        await using var secretariat = await Participant.SignInAsync(Server, "sekretariat");
        await using var pupr = await Participant.SignInAsync(Server, "kadis.pupr");
        var meeting = (await secretariat.Client.CreateMeetingAsync(Rakor.Meeting("Rakor catch-up setelah keluar"))).Value;
        await pupr.Feed.JoinAsync(meeting.Id);
        var before = await MeetingActivity.WriteAsync(secretariat.Client, meeting.Id, 3, "awal");
        await pupr.Feed.WaitForSeqAsync(before[^1].Seq, Within.Seconds(20));

        var position = pupr.Feed.LastSeq;
        await pupr.Feed.LeaveAsync();
        var missed = await MeetingActivity.WriteAsync(secretariat.Client, meeting.Id, 50, "saat keluar");
        Assert.Equal(EventAssert.LongRange(position + 1, position + 50), missed.Select(m => m.Seq));
        Assert.Equal(position, pupr.Feed.LastSeq);

        var answer = await pupr.Feed.JoinAsync(meeting.Id, position);
        Assert.Null(answer.Snapshot);
        Assert.Equal(missed, answer.Events.Select(e => (e.Seq, e.Type)));
        Assert.All(answer.Events, e => Assert.Equal(meeting.Epoch, e.Epoch));
        await pupr.Feed.WaitForSeqAsync(position + 50, Within.Seconds(20));
        EventAssert.Contiguous(pupr.Feed.Received, 1, position + 50, "kadis.pupr");
        EventAssert.SameJson(await secretariat.Client.GetMeetingAsync(meeting.Id), pupr.Feed.Snapshot, "the rebuilt meeting");

        var history = await pupr.Client.GetEventsAsync(meeting.Id, position);
        EventAssert.SameJson(answer.Events, history.Events, "GET /events after the same position");
        Assert.Equal((position + 50, meeting.Epoch), (history.Seq, history.Epoch));

        // Back in the group: the next event arrives as a push, once.
        var next = await MeetingActivity.WriteAsync(secretariat.Client, meeting.Id, 1, "kembali");
        await pupr.Feed.WaitForSeqAsync(next[0].Seq, Within.Seconds(20));
        Assert.Equal(0, pupr.Feed.DuplicatesDropped);
        Assert.Equal(0, pupr.Feed.GapsDetected);
    }

    [Fact]
    public async Task ReconnectAfterDisconnect_CatchesUpExactlyTheMissedEvents()
    {
        await using var secretariat = await Participant.SignInAsync(Server, "sekretariat");
        await using var dinkes = await Participant.SignInAsync(Server, "kadis.dinkes");
        var meeting = (await secretariat.Client.CreateMeetingAsync(Rakor.Meeting("Rakor catch-up setelah terputus"))).Value;
        await dinkes.Feed.JoinAsync(meeting.Id);
        var before = await MeetingActivity.WriteAsync(secretariat.Client, meeting.Id, 2, "awal");
        await dinkes.Feed.WaitForSeqAsync(before[^1].Seq, Within.Seconds(20));

        // The tablet drops off the wifi: its connection is gone, its position is not.
        await dinkes.Feed.DisconnectAsync();
        Assert.False(dinkes.Feed.IsConnected);
        var missed = await MeetingActivity.WriteAsync(secretariat.Client, meeting.Id, 50, "saat terputus");

        var answer = await dinkes.Feed.ReconnectAsync();
        Assert.NotNull(answer);
        Assert.Null(answer.Snapshot);
        Assert.Equal(missed, answer.Events.Select(e => (e.Seq, e.Type)));
        await dinkes.Feed.WaitForSeqAsync(missed[^1].Seq, Within.Seconds(20));
        EventAssert.Contiguous(dinkes.Feed.Received, 1, missed[^1].Seq, "kadis.dinkes");
        Assert.Equal(1, dinkes.Feed.SnapshotsLoaded);
        EventAssert.SameJson(await secretariat.Client.GetMeetingAsync(meeting.Id), dinkes.Feed.Snapshot, "the rebuilt meeting");
    }

    [Fact]
    public async Task JoinAtAnotherEpoch_AnswersWithSnapshot_AndRestAnswers410()
    {
        await using var secretariat = await Participant.SignInAsync(Server, "sekretariat");
        await using var disdik = await Participant.SignInAsync(Server, "kadis.disdik");
        await using var chair = await Participant.SignInAsync(Server, "bupati");
        var meeting = (await secretariat.Client.CreateMeetingAsync(Rakor.Meeting("Rakor epoch lain"))).Value;
        var written = await MeetingActivity.WriteAsync(secretariat.Client, meeting.Id, 3, "epoch");

        var stranger = await disdik.Feed.JoinAtAsync(meeting.Id, 2, meeting.Epoch + 1);
        Assert.NotNull(stranger.Snapshot);
        Assert.Empty(stranger.Events);
        Assert.Equal((3L, meeting.Epoch), (stranger.Snapshot.Seq, stranger.Epoch));
        Assert.Equal((3L, meeting.Epoch), (disdik.Feed.LastSeq, disdik.Feed.Epoch));

        // The same position in the meeting's own epoch is answered with the one missed event.
        var member = await chair.Feed.JoinAtAsync(meeting.Id, 2, meeting.Epoch);
        Assert.Null(member.Snapshot);
        Assert.Equal([written[2]], member.Events.Select(e => (e.Seq, e.Type)));

        var problem = await Assert.ThrowsAsync<RakorLiveProblemException>(() => disdik.Client.GetEventsAsync(meeting.Id, 2, meeting.Epoch + 1));
        Assert.Equal(410, problem.Status);
        Assert.Single((await disdik.Client.GetEventsAsync(meeting.Id, 2, meeting.Epoch)).Events);

        // Both continue live from where their answers left them.
        var next = await MeetingActivity.WriteAsync(secretariat.Client, meeting.Id, 1, "lanjut");
        await Task.WhenAll(disdik.Feed.WaitForSeqAsync(next[0].Seq, Within.Seconds(20)), chair.Feed.WaitForSeqAsync(next[0].Seq, Within.Seconds(20)));
        Assert.Equal([next[0].Seq], disdik.Feed.Received.Select(e => e.Seq));
        Assert.Equal([3L, next[0].Seq], chair.Feed.Received.Select(e => e.Seq));
    }

    [Fact]
    public async Task PositionOlderThanRetainedHistory_GetsSnapshot_AndRestAnswers410()
    {
        const int retention = 20;
        await using var server = await ServerProcess.StartAsync(fixture.Engine, $"--RakorLive:EventRetention={retention}");
        await using var secretariat = await Participant.SignInAsync(server, "sekretariat");
        await using var pupr = await Participant.SignInAsync(server, "kadis.pupr");
        await using var dinkes = await Participant.SignInAsync(server, "kadis.dinkes");
        var meeting = (await secretariat.Client.CreateMeetingAsync(Rakor.Meeting("Rakor riwayat pendek"))).Value;
        await pupr.Feed.JoinAsync(meeting.Id);
        var before = await MeetingActivity.WriteAsync(secretariat.Client, meeting.Id, 2, "awal");
        await pupr.Feed.WaitForSeqAsync(before[^1].Seq, Within.Seconds(20));
        var position = pupr.Feed.LastSeq;
        await pupr.Feed.LeaveAsync();

        var missed = await MeetingActivity.WriteAsync(secretariat.Client, meeting.Id, 50, "riwayat");
        var last = missed[^1].Seq;

        var answer = await pupr.Feed.JoinAsync(meeting.Id, position);
        Assert.NotNull(answer.Snapshot);
        Assert.Empty(answer.Events);
        Assert.Equal(last, answer.Seq);
        Assert.Equal((last, 2), (pupr.Feed.LastSeq, pupr.Feed.SnapshotsLoaded));
        EventAssert.SameJson(await secretariat.Client.GetMeetingAsync(meeting.Id), pupr.Feed.Snapshot, "the snapshot after the gap");

        var gone = await Assert.ThrowsAsync<RakorLiveProblemException>(() => pupr.Client.GetEventsAsync(meeting.Id, position));
        Assert.Equal(410, gone.Status);

        // Exactly the last `retention` events are kept: one position older is already gone, on both channels.
        var oldest = last - retention;
        var retained = await pupr.Client.GetEventsAsync(meeting.Id, oldest);
        Assert.Equal(missed.TakeLast(retention), retained.Events.Select(e => (e.Seq, e.Type)));
        Assert.Equal(410, (await Assert.ThrowsAsync<RakorLiveProblemException>(() => pupr.Client.GetEventsAsync(meeting.Id, oldest - 1))).Status);
        var fromOldest = await dinkes.Feed.JoinAsync(meeting.Id, oldest);
        Assert.Null(fromOldest.Snapshot);
        Assert.Equal(missed.TakeLast(retention), fromOldest.Events.Select(e => (e.Seq, e.Type)));

        // From the snapshot on, the feed follows live events again.
        var next = await MeetingActivity.WriteAsync(secretariat.Client, meeting.Id, 1, "lanjut");
        await pupr.Feed.WaitForSeqAsync(next[0].Seq, Within.Seconds(20));
        EventAssert.Contiguous(pupr.Feed.Received.Where(e => e.Seq > position).ToList(), next[0].Seq, next[0].Seq, "kadis.pupr after the snapshot");
    }
}
