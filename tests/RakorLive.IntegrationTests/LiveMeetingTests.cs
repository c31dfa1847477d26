using System.Collections.Concurrent;
using RakorLive.Client;
using RakorLive.Events;
using RakorLive.IntegrationTests.Infrastructure;
using RakorLive.IntegrationTests.Live;
using RakorLive.Model;

namespace RakorLive.IntegrationTests;

/// <summary>
/// Acceptance item 2: the chair, three kepala OPD and the secretariat follow one meeting over real
/// WebSockets while all five write to it at once; every screen ends with the same complete, ordered,
/// duplicate-free sequence, and retried commands add nothing.
/// </summary>
public abstract class LiveMeetingTests
{
    protected abstract Engine Engine { get; }

    private const int OperationsPerWriter = 40;

    /// <summary>What the writers did, gathered across their threads.</summary>
    private sealed class Ledger
    {
        public ConcurrentDictionary<string, byte> AgendaItems { get; } = new();
        public ConcurrentDictionary<string, byte> Attendees { get; } = new();
        public ConcurrentDictionary<string, string> ActionPoints { get; } = new();
        public ConcurrentBag<string> Edits { get; } = [];
        public int Operations;
        public int Replays;
        public int StaleEdits;

        public void Count() => Interlocked.Increment(ref Operations);
    }

    [Fact]
    public async Task FiveParticipantsWritingConcurrently_AllHoldTheSameGapFreeSequence_AndReplaysAddNothing()
    {
        await using var server = await ServerProcess.StartAsync(Engine);
        await using var secretariat = await Participant.SignInAsync(server, "sekretariat");
        await using var chair = await Participant.SignInAsync(server, "bupati");
        await using var pupr = await Participant.SignInAsync(server, "kadis.pupr");
        await using var dinkes = await Participant.SignInAsync(server, "kadis.dinkes");
        await using var disdik = await Participant.SignInAsync(server, "kadis.disdik");
        Participant[] everyone = [chair, pupr, dinkes, disdik, secretariat];

        var meeting = (await secretariat.Client.CreateMeetingAsync(Rakor.Meeting("Rakor evaluasi triwulan I"))).Value;
        var joins = await Task.WhenAll(everyone.Select(p => p.Feed.JoinAsync(meeting.Id)));
        // Everyone starts from the same snapshot, so everyone must end with the same range of events.
        Assert.All(joins, j => Assert.Equal((meeting.Seq, meeting.Epoch), (j.Snapshot!.Seq, j.Epoch)));

        var ledger = new Ledger();
        await Task.WhenAll(
            Task.Run(() => ChairAsync(chair.Client, meeting.Id, ledger)),
            Task.Run(() => SecretariatAsync(secretariat.Client, meeting.Id, ledger)),
            Task.Run(() => OpdHeadAsync(pupr.Client, "PUPR", meeting.Id, ledger)),
            Task.Run(() => OpdHeadAsync(dinkes.Client, "DINKES", meeting.Id, ledger)),
            Task.Run(() => OpdHeadAsync(disdik.Client, "DISDIK", meeting.Id, ledger)));
        Assert.Equal(5 * OperationsPerWriter, ledger.Operations);

        var final = await secretariat.Client.GetMeetingAsync(meeting.Id);
        await Task.WhenAll(everyone.Select(p => p.Feed.WaitForSeqAsync(final.Seq, Within.Seconds(30))));

        var reference = chair.Feed.Received;
        foreach (var participant in everyone)
        {
            var received = participant.Feed.Received;
            EventAssert.Contiguous(received, meeting.Seq + 1, final.Seq, participant.Username);
            Assert.Equal(final.Seq - meeting.Seq, received.Count);
            Assert.Equal(0, participant.Feed.DuplicatesDropped);
            Assert.Equal(0, participant.Feed.GapsDetected);
            Assert.Equal(0, participant.Feed.Rejoins);
            EventAssert.SameJson(reference, received, $"{participant.Username}'s events");
            // Applying the events to the join snapshot rebuilds exactly the server's meeting.
            EventAssert.SameJson(final, participant.Feed.Snapshot, $"{participant.Username}'s meeting");
            var added = received.Where(e => e.Type == MeetingEventTypes.ActionPointAdded)
                .Select(e => ((ActionPointData)e.Data).ActionPoint.Id).ToList();
            Assert.Equal(ledger.ActionPoints.Keys.Order(), added.Order());
        }

        // A replayed commandId answered with the first result and emitted nothing: one event per distinct command.
        int Count(string type) => reference.Count(e => e.Type == type);
        Assert.True(ledger.Replays >= 30, $"only {ledger.Replays} replays were exercised");
        Assert.Equal(1, Count(MeetingEventTypes.MeetingStarted));
        Assert.Equal(ledger.AgendaItems.Count, Count(MeetingEventTypes.AgendaItemAdded));
        Assert.Equal(ledger.Attendees.Count, Count(MeetingEventTypes.AttendeeCheckedIn));
        Assert.Equal(ledger.ActionPoints.Count, Count(MeetingEventTypes.ActionPointAdded));
        Assert.Equal(ledger.Edits.Count, Count(MeetingEventTypes.ActionPointUpdated));
        Assert.Equal(final.Agenda.Count(i => i.ActivatedAt is not null), Count(MeetingEventTypes.AgendaItemActivated));
        Assert.Equal(final.Agenda.Count(i => i.Status is AgendaItemStatus.Done or AgendaItemStatus.Skipped), Count(MeetingEventTypes.AgendaItemCompleted));
        Assert.Equal(final.Seq - meeting.Seq, (long)(Count(MeetingEventTypes.MeetingStarted) + ledger.AgendaItems.Count + ledger.Attendees.Count
            + ledger.ActionPoints.Count + ledger.Edits.Count + Count(MeetingEventTypes.AgendaItemActivated) + Count(MeetingEventTypes.AgendaItemCompleted)));
        Assert.Equal(ledger.ActionPoints.Count, final.ActionPoints.Count);
        Assert.Equal(ledger.Attendees.Count, final.Attendance.Count);

        // The REST history holds the very same events.
        var history = await pupr.Client.GetEventsAsync(meeting.Id, meeting.Seq);
        EventAssert.SameJson(reference, history.Events, "GET /events");
    }

    /// <summary>Starts the meeting, then alternates new agenda items with advancing, and re-sends some commands.</summary>
    private static async Task ChairAsync(RakorLiveClient chair, string meetingId, Ledger ledger)
    {
        await chair.StartMeetingAsync(meetingId, Rakor.Command());
        ledger.Count();
        var agendaCommands = new List<Commands.AddAgendaItem>();
        var advanceCommands = new List<Commands.MeetingCommand>();
        string[] presenters = ["BAPPEDA", "DISHUB", "DLH", "PUPR", "DINKES", "DISDIK"];
        for (var i = 0; i < 13; i++)
        {
            var add = Rakor.AgendaItem($"Paparan pimpinan {i + 1}", presenters[i % presenters.Length]);
            var item = await chair.AddAgendaItemAsync(meetingId, add);
            Assert.False(item.Replayed);
            ledger.AgendaItems.TryAdd(item.Value.Id, 0);
            agendaCommands.Add(add);
            ledger.Count();
            // There is always an item pending (the one just added), so advancing is always allowed.
            var advance = Rakor.Command();
            Assert.False((await chair.AdvanceMeetingAsync(meetingId, advance)).Replayed);
            advanceCommands.Add(advance);
            ledger.Count();
        }
        for (var i = 0; i < 6; i++)
        {
            var created = await chair.CreateActionPointAsync(meetingId, Rakor.ActionPoint(i % 2 == 0 ? "BAPPEDA" : "DISHUB", $"Arahan pimpinan {i + 1}", "PUPR"));
            ledger.ActionPoints.TryAdd(created.Value.Id, created.CommandId!);
            ledger.Count();
        }
        foreach (var add in agendaCommands.Take(4))
        {
            var again = await chair.AddAgendaItemAsync(meetingId, add);
            AssertReplay(again, ledger);
            Assert.Contains(again.Value.Id, ledger.AgendaItems.Keys);
            ledger.Count();
        }
        foreach (var advance in advanceCommands.Take(3))
        {
            AssertReplay(await chair.AdvanceMeetingAsync(meetingId, advance), ledger);
            ledger.Count();
        }
    }

    /// <summary>Agenda items, check-ins for other agencies, commitments and edits, with re-sends and stale edits.</summary>
    private static async Task SecretariatAsync(RakorLiveClient secretariat, string meetingId, Ledger ledger)
    {
        string[] opds = ["BAPPEDA", "DISHUB", "DLH", "DUKCAPIL", "DISKOMINFO", "KEC-SUKAMAJU", "BPKAD", "INSPEKTORAT", "BPBD", "SATPOLPP"];
        for (var i = 0; i < 10; i++)
        {
            var item = await secretariat.AddAgendaItemAsync(meetingId, Rakor.AgendaItem($"Laporan {opds[i]}", opds[i]));
            ledger.AgendaItems.TryAdd(item.Value.Id, 0);
            ledger.Count();
        }
        var checkIns = new List<Commands.CheckIn>();
        for (var i = 0; i < 10; i++)
        {
            var checkIn = Rakor.CheckIn(opds[i], $"Kepala {opds[i]}");
            var attendee = await secretariat.CheckInAsync(meetingId, checkIn);
            Assert.False(attendee.Replayed);
            ledger.Attendees.TryAdd(attendee.Value.Opd + "/" + attendee.Value.Name, 0);
            checkIns.Add(checkIn);
            ledger.Count();
        }
        var mine = new List<CommandResult<ActionPoint>>();
        for (var i = 0; i < 8; i++)
        {
            var created = await secretariat.CreateActionPointAsync(meetingId, Rakor.ActionPoint(opds[i], $"Tindak lanjut sekretariat {i + 1}", "DLH" == opds[i] ? "DISHUB" : "DLH"));
            ledger.ActionPoints.TryAdd(created.Value.Id, created.CommandId!);
            mine.Add(created);
            ledger.Count();
        }
        var versions = mine.ToDictionary(m => m.Value.Id, m => m.Value.Version);
        for (var i = 0; i < 6; i++)
        {
            var id = mine[i % 4].Value.Id;
            var edited = await secretariat.UpdateActionPointAsync(id, versions[id], Rakor.Describe($"Tindak lanjut sekretariat, revisi {i + 1}"));
            Assert.Equal(versions[id] + 1, edited.Value.Version);
            versions[id] = edited.Value.Version;
            ledger.Edits.Add(edited.CommandId!);
            ledger.Count();
        }
        foreach (var checkIn in checkIns.Take(2))
        {
            AssertReplay(await secretariat.CheckInAsync(meetingId, checkIn), ledger);
            ledger.Count();
        }
        foreach (var created in mine.Take(2))
        {
            var again = await secretariat.CreateActionPointAsync(meetingId, Rakor.ActionPoint("BAPPEDA", "ignored on replay") with { CommandId = created.CommandId });
            AssertReplay(again, ledger);
            Assert.Equal(created.Value.Id, again.Value.Id);
            ledger.Count();
        }
        for (var i = 0; i < 2; i++)
        {
            await AssertStaleAsync(secretariat, mine[i].Value.Id, ledger);
            ledger.Count();
        }
    }

    /// <summary>A kepala OPD: checks in, adds and edits the agency's own commitments, and retries like a tablet on weak wifi.</summary>
    private static async Task OpdHeadAsync(RakorLiveClient head, string opd, string meetingId, Ledger ledger)
    {
        var checkIn = Rakor.CheckIn(opd, $"Kepala Dinas {opd}");
        var attendee = await head.CheckInAsync(meetingId, checkIn);
        ledger.Attendees.TryAdd(attendee.Value.Opd + "/" + attendee.Value.Name, 0);
        ledger.Count();
        AssertReplay(await head.CheckInAsync(meetingId, checkIn), ledger);
        ledger.Count();

        var mine = new List<CommandResult<ActionPoint>>();
        for (var i = 0; i < 12; i++)
        {
            var created = await head.CreateActionPointAsync(meetingId, Rakor.ActionPoint(opd, $"Komitmen {opd} nomor {i + 1}", "DISHUB", "DLH"));
            Assert.Equal(opd, created.Value.OwnerOpd);
            ledger.ActionPoints.TryAdd(created.Value.Id, created.CommandId!);
            mine.Add(created);
            ledger.Count();
        }
        // A tablet that did not see the answer sends the same command again while the first is still in flight.
        for (var i = 0; i < 2; i++)
        {
            var command = Rakor.ActionPoint(opd, $"Komitmen {opd} dikirim ganda {i + 1}", "BAPPEDA");
            var both = await Task.WhenAll(head.CreateActionPointAsync(meetingId, command), head.CreateActionPointAsync(meetingId, command));
            Assert.Single(both, r => !r.Replayed);
            Assert.Equal(both[0].Value.Id, both[1].Value.Id);
            ledger.ActionPoints.TryAdd(both[0].Value.Id, command.CommandId!);
            mine.Add(both.Single(r => !r.Replayed));
            Interlocked.Increment(ref ledger.Replays);
            ledger.Count();
            ledger.Count();
        }

        var versions = mine.ToDictionary(m => m.Value.Id, m => m.Value.Version);
        var edits = new List<(string Id, int Version, Commands.UpdateActionPoint Change)>();
        for (var i = 0; i < 7; i++)
        {
            var id = mine[i].Value.Id;
            foreach (var change in new[] { Rakor.Describe($"Komitmen {opd} nomor {i + 1} (diperjelas)"), Rakor.Retarget($"Target {opd} {i + 1}: 100%") })
            {
                var edited = await head.UpdateActionPointAsync(id, versions[id], change);
                Assert.False(edited.Replayed);
                Assert.Equal($"\"{versions[id] + 1}\"", edited.ETag);
                edits.Add((id, versions[id], change));
                versions[id] = edited.Value.Version;
                ledger.Edits.Add(edited.CommandId!);
                ledger.Count();
            }
        }
        // The retried edit carries its old If-Match; the commandId makes it a replay, not a 412.
        foreach (var (id, version, change) in edits.Take(4))
        {
            var again = await head.UpdateActionPointAsync(id, version, change);
            AssertReplay(again, ledger);
            Assert.Equal(versions[id], again.Value.Version);
            ledger.Count();
        }
        for (var i = 0; i < 2; i++)
        {
            await AssertStaleAsync(head, mine[i].Value.Id, ledger);
            ledger.Count();
        }
        foreach (var created in mine.Skip(10).Take(2))
        {
            var again = await head.CreateActionPointAsync(meetingId, Rakor.ActionPoint(opd, "ignored on replay") with { CommandId = created.CommandId });
            AssertReplay(again, ledger);
            Assert.Equal(created.Value.Id, again.Value.Id);
            ledger.Count();
        }
    }

    private static void AssertReplay<T>(CommandResult<T> result, Ledger ledger)
    {
        Assert.True(result.Replayed, $"commandId {result.CommandId} was executed twice");
        Interlocked.Increment(ref ledger.Replays);
    }

    /// <summary>An edit against version 1 of an action point that has moved on: 412, final, and nothing changes.</summary>
    private static async Task AssertStaleAsync(RakorLiveClient client, string actionPointId, Ledger ledger)
    {
        var problem = await Assert.ThrowsAsync<RakorLiveProblemException>(() =>
            client.UpdateActionPointAsync(actionPointId, 1, Rakor.Describe("Perubahan dari versi lama")));
        Assert.Equal(412, problem.Status);
        Interlocked.Increment(ref ledger.StaleEdits);
    }
}
