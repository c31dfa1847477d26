using System.Text.Json;
using RakorLive.Commands;
using RakorLive.Events;
using RakorLive.GrainInterfaces;
using RakorLive.Grains.Meetings;
using RakorLive.Grains.Meetings.Journal;
using RakorLive.Json;
using RakorLive.Model;
using RakorLive.TestFixtures;
using RakorLive.UnitTests.Infrastructure;

namespace RakorLive.UnitTests.Fixtures;

/// <summary>Runs only with RAKORLIVE_RECORD_FIXTURES=1, so the normal suite reads the committed streams and never rewrites them.</summary>
public sealed class RecorderFactAttribute : FactAttribute
{
    public const string Variable = "RAKORLIVE_RECORD_FIXTURES";

    public RecorderFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
            Skip = $"Re-records tests/fixtures/events only when {Variable}=1 (see tests/fixtures/events/README.md).";
    }
}

/// <summary>
/// Records tests/fixtures/events from the real meeting grain: real commands on the in-process silo, the events as the
/// journal holds them, the snapshots as the grain answers them. Fixed commandIds and the fake clock make a re-recording
/// reproduce the same files unless the server's behaviour changed, so the diff of a re-recording is the change.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class EventFixtureRecorder(ClusterFixture fixture)
{
    /// <summary>Not a type of the contract: stands for whatever a newer server will send.</summary>
    public const string FutureEventType = "FutureEventTypeForFixtures";

    private IGrainFactory Grains => fixture.Grains;

    [RecorderFact]
    public async Task Records_the_event_fixtures_from_the_meeting_grain()
    {
        // Other tests move the shared clock; recorded times (and epochs) are only reproducible from its start.
        Assert.True(ClusterFixture.Clock.GetUtcNow() == ClusterFixture.ClockStart,
            "Run the recorder alone: RAKORLIVE_RECORD_FIXTURES=1 dotnet test tests/RakorLive.UnitTests --filter FullyQualifiedName~EventFixtureRecorder");
        var folder = EventFixtures.SourceDirectory();
        Directory.CreateDirectory(folder);

        var lifecycle = await Lifecycle();
        var withoutAgenda = await StartWithoutAgenda();
        var attendance = await Attendance();
        var (actionPoints, lastMeetingId) = await ActionPoints();
        var progress = await ProgressAndVerification();
        var carryOver = await CarryOver(lastMeetingId);
        var unknown = await UnknownEventType();
        var record = await RoomAndRecord();

        foreach (var (file, recorded) in new[]
        {
            ("01-meeting-lifecycle.json", lifecycle),
            ("02-start-without-agenda.json", withoutAgenda),
            ("03-attendance.json", attendance),
            ("04-action-points.json", actionPoints),
            ("05-progress-and-verification.json", progress),
            ("06-carry-over.json", carryOver),
            ("07-unknown-event-type.json", unknown),
            ("08-room-and-record.json", record),
        })
            await File.WriteAllTextAsync(Path.Combine(folder, file), EventFixtures.Write(recorded));
    }

    private async Task<EventFixtureFile> Lifecycle()
    {
        var r = new Recording(Grains, "lifecycle");
        await r.Create("Rakor Bulanan Maret 2026", TestData.MeetingStart);
        var pupr = await r.AddItem("Paparan Dinas PUPR: perbaikan jalan kabupaten", "PUPR", 15);
        await r.AddItem("Paparan Dinas Kesehatan: percepatan penurunan stunting", "DINKES", 10);
        await r.AddItem("Paparan Dinas Pendidikan: rehabilitasi ruang kelas", "DISDIK", 10);
        r.Tick(5);
        await r.Meeting.Start(Callers.Chair, r.Command());
        await r.Checkpoint();
        r.CheckpointWithinCommand(r.LastSeq - 1, "MeetingStarted names the first item as currentItemId before AgendaItemActivated does");
        r.Tick(15);
        await r.Meeting.Advance(Callers.Chair, r.Command());
        r.Tick(12);
        await r.Meeting.Advance(Callers.Chair, r.Command(skip: true));
        await r.Checkpoint();
        r.Tick(3);
        await r.AddItem("Paparan Bappeda: sinkronisasi RKPD 2027", "BAPPEDA", 10);
        r.Tick(10);
        await r.Meeting.Close(Callers.Chair, r.Command());
        Assert.Equal(AgendaItemStatus.Done, (await r.Meeting.GetAgendaItem(Caller.System, pupr)).Item.Status);
        return await r.Finish("A rakor from start to close",
            "Three agenda items, then start: MeetingStarted names the first pending item as currentItemId and AgendaItemActivated "
            + "follows. Advance completes the active item (Done) and activates the next; advance with skip completes it as Skipped. "
            + "A fourth item is added while the meeting is live. Close completes the active item (Done), skips the pending one "
            + "(Skipped), and ends with MeetingClosed.");
    }

    private async Task<EventFixtureFile> StartWithoutAgenda()
    {
        var r = new Recording(Grains, "no-agenda");
        await r.Create("Rakor Koordinasi Penanganan Banjir", TestData.MeetingStart.AddHours(4));
        r.Tick(2);
        await r.Meeting.Start(Callers.Secretariat, r.Command());
        await r.Checkpoint();
        r.Tick(3);
        await r.AddItem("Arahan Bupati: penanganan darurat banjir", "BAPPEDA", 20);
        r.Tick(1);
        await r.Meeting.Advance(Callers.Secretariat, r.Command());
        await r.Checkpoint();
        r.Tick(20);
        await r.Meeting.Close(Callers.Secretariat, r.Command());
        return await r.Finish("A rakor started without an agenda",
            "Start with no agenda item: MeetingStarted carries no currentItemId and the meeting has no current item. An item "
            + "added while live stays Pending; advance only activates it (nothing was active to complete). Close completes it as Done.");
    }

    private async Task<EventFixtureFile> Attendance()
    {
        var r = new Recording(Grains, "attendance");
        await r.Create("Rakor Evaluasi Program Prioritas", TestData.MeetingStart.AddDays(1));
        await r.AddItem("Evaluasi program prioritas triwulan I", "BAPPEDA", 30);
        r.Tick(1);
        await r.CheckIn(Callers.Secretariat, "PUPR", "Ir. Budi Santoso, M.T.", "Kepala Dinas");
        r.Tick(1);
        await r.CheckIn(Callers.DinkesHead, "DINKES", "dr. Sari Wulandari", "Kepala Dinas");
        r.Tick(2);
        await r.Meeting.Start(Callers.Chair, r.Command());
        r.Tick(1);
        await r.CheckIn(Callers.Secretariat, "DISHUB", "Ir. Budi Santoso, M.T.", "Sekretaris Dinas");
        await r.Checkpoint();
        r.Tick(1);
        // The same person (same agency, the name in other letter case) with a new position: replaces the first line.
        await r.CheckIn(Callers.PuprHead, "PUPR", "IR. BUDI SANTOSO, M.T.", "Plt. Kepala Dinas");
        // The same person again, other letter case, same position: the server answers the existing line and emits nothing.
        var replay = await r.Meeting.CheckIn(Callers.DinkesHead, new CheckIn(r.Next(), "DINKES", "DR. SARI WULANDARI", "Kepala Dinas"));
        Assert.True(replay.Replayed);
        r.Tick(30);
        await r.Meeting.Close(Callers.Chair, r.Command());
        return await r.Finish("Attendance: one line per person of an agency",
            "Who is the same attendee: the agency exactly and the name without regard to letter case "
            + "(MeetingProjection.SameAttendee). PUPR's Ir. Budi Santoso checks in, then checks in again as \"IR. BUDI SANTOSO, M.T.\" "
            + "with a new position: the second AttendeeCheckedIn replaces the first line in place (its name, position, time and "
            + "recorder). The same name in another agency (DISHUB) is another line. A check-in with only the letter case changed "
            + "and the same position emits no event. Check-in works before the start and while live.");
    }

    private async Task<(EventFixtureFile Fixture, string MeetingId)> ActionPoints()
    {
        var r = new Recording(Grains, "action-points");
        await r.Create("Rakor Bulanan Februari 2026", TestData.MeetingStart.AddDays(-7).AddHours(1));
        await r.AddItem("Paparan Dinas PUPR: perbaikan jalan kabupaten", "PUPR", 15);
        var dinkes = await r.AddItem("Paparan Dinas Kesehatan: percepatan penurunan stunting", "DINKES", 15);
        r.Tick(5);
        await r.Meeting.Start(Callers.Chair, r.Command());
        r.Tick(4);
        // Under the active item (no agendaItemId given), by the owning agency's head.
        var roadmap = await r.AddActionPoint(Callers.PuprHead, "PUPR", ["DISHUB", "DLH"], null,
            "Menyusun peta jalan perbaikan jalan kabupaten", "Peta jalan selesai dan disahkan", "Warga pengguna jalan kabupaten",
            "Perjalanan lebih aman dan cepat", "2026-03-16");
        r.Tick(2);
        // Under a named item that is not the active one.
        var stunting = await r.AddActionPoint(Callers.Secretariat, "DINKES", ["DISDIK"], dinkes,
            "Pendataan balita stunting per desa", "Data by name by address seluruh desa", "Balita dan ibu hamil",
            "Intervensi gizi tepat sasaran", "2026-03-31");
        r.Tick(1);
        var signs = await r.AddActionPoint(Callers.Secretariat, "DISHUB", [], null,
            "Pemasangan rambu di ruas rawan kecelakaan", "12 titik rawan terpasang rambu", "Pengguna jalan",
            "Angka kecelakaan turun", "2026-04-15");
        await r.Checkpoint();
        r.Tick(3);
        // An edit of the owner agency's own commitment.
        roadmap = await r.Update(Callers.PuprHead, roadmap, new(r.Next(), null, null, null,
            "Menyusun peta jalan perbaikan 120 km jalan kabupaten", "Peta jalan disahkan dengan Peraturan Bupati", null, null, "2026-03-20"));
        r.Tick(1);
        // The secretariat hands a commitment to another agency; the former owner now supports it.
        signs = await r.Update(Callers.Secretariat, signs, new(r.Next(), null, "PUPR", ["DISHUB"], null, null, null, null, null));
        r.Tick(1);
        stunting = await r.Update(Callers.DinkesHead, stunting, Status(r.Next(), "InProgress"));
        r.Tick(6);
        await r.Meeting.Advance(Callers.Chair, r.Command());
        r.Tick(2);
        roadmap = await r.Update(Callers.Secretariat, roadmap, Status(r.Next(), "Dropped", "Dialihkan ke APBD Provinsi"));
        await r.Checkpoint();
        r.Tick(2);
        // Reopening clears the reason, which therefore disappears from the wire (null is not written).
        roadmap = await r.Update(Callers.Secretariat, roadmap, Status(r.Next(), "Open"));
        Assert.Null(roadmap.StatusReason);
        r.Tick(1);
        signs = await r.Update(Callers.Secretariat, signs, Status(r.Next(), "Dropped", "Ruas sudah ditangani Balai Jalan Nasional"));
        r.Tick(10);
        await r.Meeting.Close(Callers.Chair, r.Command());
        var recorded = await r.Finish("Commitments: added, edited, handed over, dropped and reopened",
            "ActionPointAdded under the active item (agendaItemId taken from currentItemId) and under a named item. "
            + "ActionPointUpdated for an edit (description, target, due date), an owner change by the secretariat (the former owner "
            + "becomes a supporting agency), a status change Open -> InProgress, a drop with its reason, and a reopen Dropped -> Open "
            + "that clears the reason (statusReason disappears). Every ActionPoint event carries the whole action point after the "
            + "change, and it replaces the earlier one as a whole. 06-carry-over.json carries this meeting's unfinished commitments.");
        Assert.Equal([ActionPointStatus.Open, ActionPointStatus.InProgress, ActionPointStatus.Dropped],
            new[] { roadmap, stunting, signs }.Select(a => recorded.Expected.ActionPoints.Single(x => x.Id == a.Id).Status));
        return (recorded, r.MeetingId);
    }

    private async Task<EventFixtureFile> ProgressAndVerification()
    {
        var r = new Recording(Grains, "progress");
        await r.Create("Rakor Percepatan Realisasi Anggaran", TestData.MeetingStart.AddDays(2));
        await r.AddItem("Realisasi anggaran Dinas Kesehatan", "DINKES", 15);
        r.Tick(1);
        await r.Meeting.Start(Callers.Chair, r.Command());
        r.Tick(3);
        var clinic = await r.AddActionPoint(Callers.DinkesHead, "DINKES", ["PUPR"], null,
            "Rehabilitasi puskesmas pembantu Desa Sukamaju", "Pustu beroperasi kembali", "Warga Desa Sukamaju",
            "Layanan kesehatan dasar lebih dekat", "2026-04-30");
        r.Tick(2);
        clinic = await r.Progress(Callers.DinkesHead, clinic, new(r.Next(), 40, "Atap dan lantai selesai", null, "https://dinkes.example.go.id/pustu-sukamaju"));
        await r.Checkpoint();
        r.Tick(5);
        await r.Meeting.Close(Callers.Chair, r.Command());
        r.Tick(60 * 24 * 7);
        clinic = await r.Progress(Callers.DinkesHead, clinic, new(r.Next(), 100, "Pustu beroperasi sejak Senin"));
        await r.Checkpoint();
        r.Tick(60);
        clinic = await r.Verify(Callers.Secretariat, clinic, new(r.Next(), false, "Lampirkan berita acara serah terima"));
        await r.Checkpoint();
        r.Tick(60 * 24);
        clinic = await r.Progress(Callers.DinkesHead, clinic, new(r.Next(), 100, "Berita acara terlampir", null, "https://dinkes.example.go.id/bast-pustu"));
        r.Tick(30);
        await r.Verify(Callers.Secretariat, clinic, new(r.Next(), true, null));
        return await r.Finish("Progress and verification carry the whole action point",
            "ProgressReported and ActionPointVerified carry the whole action point, exactly like ActionPointUpdated, and replace it. "
            + "Progress 40 % (InProgress, with an evidence link), the meeting closes, a week later 100 % (AwaitingVerification), the "
            + "secretariat returns it with a note (InProgress, verificationNote), 100 % again, then accepts it (Done, completedAt). "
            + "Every step is a line of its history (kind ProgressReported or Verified, percent, note, evidence, accepted).");
    }

    private async Task<EventFixtureFile> CarryOver(string lastMeetingId)
    {
        var r = new Recording(Grains, "carry-over");
        await r.Create("Rakor Bulanan Maret 2026 (tindak lanjut Februari)", TestData.MeetingStart.AddDays(28), carryOverFrom: lastMeetingId);
        var carried = Assert.Single(r.Created.Agenda);
        Assert.Equal(2, carried.CarriedActionPointIds?.Count);
        // The origin learns it is carried (each commitment gains this meeting in carriedInto), mirrored back here: seq 2 and 3.
        foreach (var id in carried.CarriedActionPointIds!)
            await r.UntilCarried(id, a => a.CarriedInto?.Contains(r.MeetingId) == true);
        await r.Checkpoint();
        r.Tick(1);
        await r.AddItem("Paparan Dinas Perhubungan: manajemen lalu lintas pasar", "DISHUB", 15);
        r.Tick(2);
        await r.Meeting.Start(Callers.Chair, r.Command());
        await r.Checkpoint();
        r.Tick(20);
        await r.Meeting.Advance(Callers.Chair, r.Command());
        r.Tick(5);
        await r.AddActionPoint(Callers.Secretariat, "DISHUB", ["KEC-SUKAMAJU"], null,
            "Uji coba rekayasa lalu lintas di Pasar Sukamaju", "Uji coba dua pekan dan evaluasi", "Pedagang dan pengunjung pasar",
            "Kemacetan di sekitar pasar berkurang", "2026-04-13");
        // Reported to the origin meeting (the commitment's one writer) while this rakor runs: mirrored into this sequence.
        var roadmap = r.Created.CarriedActionPoints![0];
        var head = new Caller("kadis." + roadmap.OwnerOpd.ToLowerInvariant(), Role.OpdHead, roadmap.OwnerOpd, "Kepala " + roadmap.OwnerOpd, r.MeetingId);
        r.Tick(3);
        var reported = (await Grains.GetGrain<IMeetingGrain>(lastMeetingId).ReportProgress(head, roadmap.Id,
            new ReportProgress(r.Next(), 60, "Draf peta jalan dibahas bersama Bappeda"))).Value;
        await r.UntilCarried(roadmap.Id, a => a.Version == reported.Version);
        await r.Checkpoint();
        r.Tick(10);
        await r.Meeting.Close(Callers.Chair, r.Command());
        return await r.Finish("A follow-up rakor that carries the last one's open commitments",
            "Created with carryOverFrom = the meeting of 04-action-points.json: creating it adds the first agenda item (seq 1, "
            + "AgendaItemAdded, order 1, no presenter) whose carriedActionPointIds are the ids of that meeting's commitments that are "
            + "neither Done nor Dropped (the reopened roadmap and the stunting data, not the dropped road signs). 'initial' is the "
            + "meeting at seq 0, before that item (the creation's own fact in the journal); the server's answer to the creation is "
            + "already at seq 1. Then an item is added, the meeting starts on the carry-over item, advances, takes a new commitment "
            + "and closes. The carried commitments live in carriedActionPoints (a copy at creation): the origin meeting, their one writer, "
            + "registers this meeting as a carrier (ActionPointUpdated with carriedInto, seq 2-3) and mirrors every later change here, "
            + "such as the progress reported from this rakor's tablet (ProgressReported), each in this meeting's own sequence.");
    }

    private async Task<EventFixtureFile> UnknownEventType()
    {
        var r = new Recording(Grains, "future");
        await r.Create("Rakor Persiapan Hari Jadi Kabupaten", TestData.MeetingStart.AddDays(3));
        await r.AddItem("Susunan acara dan kepanitiaan", "BAPPEDA", 15);
        r.Tick(1);
        await r.Meeting.Start(Callers.Chair, r.Command());
        await r.Checkpoint();
        var before = r.LastSeq;
        r.Tick(1);
        await r.CheckIn(Callers.Secretariat, "DISDIK", "Drs. Agus Salim", "Kepala Dinas");
        r.Tick(15);
        await r.Meeting.Close(Callers.Chair, r.Command());
        var recorded = await r.Finish("An event type this client does not know",
            $"A newer server may send event types an older client does not know: such an event only moves seq (and epoch), its "
            + $"data is kept but changes nothing, and the events after it apply as usual. The server has no such type, so the "
            + $"recorder inserted a '{FutureEventType}' event at seq {before + 1}, right after the start, and moved the seq of every later "
            + $"event and snapshot up by one; the snapshot at seq {before + 1} is the recorded one at seq {before} with that seq.");
        return WithFutureEvent(recorded, before + 1);
    }

    private async Task<EventFixtureFile> RoomAndRecord()
    {
        var r = new Recording(Grains, "record");
        await r.Create("Rakor Percepatan Pembangunan Desember 2026", TestData.MeetingStart.AddDays(4));
        var roads = await r.AddItem("Paparan Dinas PUPR: jalan poros desa", "PUPR", 15);
        var health = await r.AddItem("Paparan Dinas Kesehatan: posyandu", "DINKES", 10);
        r.Tick(1);
        await r.Step(r.Meeting.ReorderAgenda(Callers.Secretariat, new ReorderAgenda(r.Next(), [health, roads])));
        await r.Checkpoint();
        r.Tick(1);
        await r.Step(r.Meeting.Start(Callers.Chair, r.Command()));
        r.Tick(1);
        var note = await r.Step(r.Meeting.RecordOutcome(Callers.Secretariat, health, new RecordOutcome(r.Next(), "Note", "Cakupan posyandu aktif 82%.")));
        r.Tick(1);
        await r.Step(r.Meeting.RecordOutcome(Callers.Chair, health, new RecordOutcome(r.Next(), "Directive", "Dinkes melapor tiap bulan.")));
        r.Tick(1);
        await r.Step(r.Meeting.UpdateOutcome(Callers.Secretariat, note.Id, note.Version, new UpdateOutcome(r.Next(), "Decision", "Cakupan posyandu aktif ditetapkan 90% pada 2027.")));
        r.Tick(1);
        var pupr = await r.Step(r.Meeting.RequestSpeaker(Callers.PuprHead, new RequestSpeaker(r.Next())));
        r.Tick(1);
        await r.Step(r.Meeting.RequestSpeaker(Callers.Secretariat, new RequestSpeaker(r.Next(), "DISHUB", "Kadis Perhubungan")));
        r.Tick(1);
        var dinkes = await r.Step(r.Meeting.RequestSpeaker(Callers.DinkesHead, new RequestSpeaker(r.Next())));
        await r.Checkpoint();
        r.Tick(1);
        await r.Step(r.Meeting.WithdrawSpeaker(Callers.DinkesHead, dinkes.Id, r.Command()));
        r.Tick(1);
        var called = await r.Step(r.Meeting.CallNextSpeaker(Callers.Chair, r.Command()));
        Assert.Equal(pupr.Id, called.Id);
        r.Tick(10);
        await r.Step(r.Meeting.Close(Callers.Chair, r.Command()));
        r.Tick(30);
        await r.Step(r.Meeting.SubmitNotulen(Callers.Secretariat, new NotulenCommand(r.Next())));
        r.Tick(5);
        await r.Step(r.Meeting.ReturnNotulen(Callers.Chair, new NotulenCommand(r.Next(), "Lengkapi arahan untuk Dinas PUPR.")));
        r.Tick(5);
        await r.Step(r.Meeting.RecordOutcome(Callers.Secretariat, roads, new RecordOutcome(r.Next(), "Directive", "PUPR menyusun peta jalan dalam dua pekan.")));
        await r.Step(r.Meeting.SubmitNotulen(Callers.Secretariat, new NotulenCommand(r.Next())));
        r.Tick(5);
        await r.Step(r.Meeting.ApproveNotulen(Callers.Chair, new NotulenCommand(r.Next())));
        await r.Checkpoint();
        r.Tick(60);
        await r.Step(r.Meeting.CorrectNotulen(Callers.Secretariat, new NotulenCommand(r.Next(), "Salah ketik angka cakupan.")));
        await r.Step(r.Meeting.SubmitNotulen(Callers.Secretariat, new NotulenCommand(r.Next())));
        r.Tick(5);
        await r.Step(r.Meeting.ApproveNotulen(Callers.Chair, new NotulenCommand(r.Next())));
        return await r.Finish("The room and the record",
            "AgendaReordered puts the second item first (each item's order becomes its position). OutcomeRecorded (a note, a directive) "
            + "and OutcomeUpdated (the note becomes a decision) carry the whole outcome. SpeakerRequested by a kepala OPD, by the "
            + "secretariat for another agency and by a second kepala OPD; SpeakerWithdrawn; SpeakerCalled calls the earliest waiting. "
            + "After close: NotulenSubmitted, NotulenReturned (back to Draft with the note), an outcome added to the draft, "
            + "NotulenSubmitted again, NotulenApproved (with its sha256); NotulenCorrectionOpened opens version 2, which is submitted "
            + "and approved: version 1 becomes Superseded (supersededBy 2) in the fold of that approval, with no event of its own.");
    }

    // ---------- the recording of one meeting ----------

    private static UpdateActionPoint Status(string commandId, string status, string? reason = null) =>
        new(commandId, null, null, null, null, null, null, null, null, status, reason);

    /// <summary>The recorded stream with the events at the given seqs re-typed (their payloads stay the recorded ones).</summary>
    /// <summary>Inserts an event of a future type at <paramref name="seq"/>; later events and snapshots move up by one.</summary>
    private static EventFixtureFile WithFutureEvent(EventFixtureFile recorded, long seq)
    {
        var previous = recorded.Events.Single(e => e.Seq == seq - 1);
        var data = JsonSerializer.SerializeToElement(new
        {
            note = "Jenis peristiwa yang belum dikenal klien ini",
            actionPointIds = new[] { "b7d1f0c2-0000-4000-8000-000000000001" },
            count = 3,
        }, RakorLiveJson.Options);
        var future = new MeetingEvent(previous.MeetingId, seq, previous.Epoch, FutureEventType, previous.OccurredAt, new UnknownEventData(data));
        MeetingSnapshot Moved(MeetingSnapshot s) => s.Seq >= seq ? s with { Seq = s.Seq + 1 } : s;
        var atFuture = recorded.Checkpoints.Single(c => c.Seq == seq - 1).Snapshot with { Seq = seq };
        return recorded with
        {
            Events = [.. recorded.Events.Where(e => e.Seq < seq), future, .. recorded.Events.Where(e => e.Seq >= seq).Select(e => e with { Seq = e.Seq + 1 })],
            Checkpoints = [.. recorded.Checkpoints.Select(c => c.Seq >= seq ? new EventFixtureCheckpoint(c.Seq + 1, Moved(c.Snapshot)) : c)
                .Append(new EventFixtureCheckpoint(seq, atFuture)).OrderBy(c => c.Seq)],
            Expected = Moved(recorded.Expected),
        };
    }

    private sealed class Recording(IGrainFactory grains, string stream)
    {
        private readonly List<EventFixtureCheckpoint> _checkpoints = [];
        private readonly List<(long Seq, string Why)> _within = [];
        private int _commands;

        public IMeetingGrain Meeting { get; private set; } = null!;

        public MeetingSnapshot Created { get; private set; } = null!;

        public string MeetingId => Meeting.GetPrimaryKeyString();

        public long LastSeq { get; private set; }

        /// <summary>Fixed commandIds: the meeting, item and action point ids derive from them, so a re-recording keeps them.</summary>
        public string Next() => $"fixture-{stream}-{++_commands}";

        public MeetingCommand Command(bool? skip = null) => new(Next(), skip);

        /// <summary>Commands a minute apart read like a meeting and keep every timestamp distinct.</summary>
        public void Tick(int minutes) => ClusterFixture.Clock.Advance(TimeSpan.FromMinutes(minutes));

        public async Task Create(string title, DateTimeOffset start, string? carryOverFrom = null)
        {
            var commandId = Next();
            Meeting = grains.GetGrain<IMeetingGrain>(Ids.Meeting(commandId));
            var reply = await Meeting.Create(Callers.Secretariat,
                new CreateMeeting(commandId, title, start, "Ruang Rapat Bupati", "Bupati", "Asia/Jakarta", carryOverFrom));
            Created = reply.Value;
            LastSeq = reply.Seq;
        }

        public async Task<string> AddItem(string title, string presenter, int minutes)
        {
            var reply = await Meeting.AddAgendaItem(Callers.Secretariat, new AddAgendaItem(Next(), title, presenter, minutes));
            LastSeq = reply.Seq;
            return reply.Value.Id;
        }

        public async Task CheckIn(Caller caller, string opd, string name, string position)
        {
            var reply = await Meeting.CheckIn(caller, new CheckIn(Next(), opd, name, position));
            Assert.False(reply.Replayed);
            LastSeq = reply.Seq;
        }

        public async Task<ActionPoint> AddActionPoint(Caller caller, string owner, IReadOnlyList<string> supporting, string? agendaItemId,
            string description, string target, string beneficiaries, string benefit, string dueDate)
        {
            var reply = await Meeting.AddActionPoint(caller,
                new CreateActionPoint(Next(), agendaItemId, owner, supporting, description, target, beneficiaries, benefit, dueDate));
            LastSeq = reply.Seq;
            return reply.Value;
        }

        public async Task<ActionPoint> Update(Caller caller, ActionPoint current, UpdateActionPoint edit)
        {
            var reply = await Meeting.UpdateActionPoint(caller, current.Id, current.Version, edit);
            Assert.False(reply.Replayed);
            LastSeq = reply.Seq;
            return reply.Value;
        }

        public async Task<T> Step<T>(Task<CommandReply<T>> command)
        {
            var reply = await command;
            Assert.False(reply.Replayed);
            LastSeq = reply.Seq;
            return reply.Value;
        }

        public async Task<ActionPoint> Progress(Caller caller, ActionPoint current, ReportProgress report)
        {
            var reply = await Meeting.ReportProgress(caller, current.Id, report);
            Assert.False(reply.Replayed);
            LastSeq = reply.Seq;
            return reply.Value;
        }

        public async Task<ActionPoint> Verify(Caller caller, ActionPoint current, VerifyActionPoint verdict)
        {
            var reply = await Meeting.Verify(caller, current.Id, verdict);
            Assert.False(reply.Replayed);
            LastSeq = reply.Seq;
            return reply.Value;
        }

        /// <summary>Waits (without moving the clock) until the origin's mirror of a carried commitment has arrived.</summary>
        public async Task UntilCarried(string id, Func<ActionPoint, bool> condition)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!((await Meeting.GetSnapshot(Caller.System)).CarriedActionPoints?.FirstOrDefault(a => a.Id == id) is { } held && condition(held)))
            {
                Assert.True(DateTime.UtcNow < deadline, $"The mirror of {id} never arrived.");
                await Task.Delay(20);
            }
        }

        public async Task Checkpoint()
        {
            var snapshot = await Meeting.GetSnapshot(Caller.System);
            LastSeq = snapshot.Seq;
            _checkpoints.Add(new EventFixtureCheckpoint(snapshot.Seq, snapshot));
        }

        /// <summary>
        /// A snapshot between two events of one command, which no grain answer shows: the grain's own fold
        /// (<see cref="MeetingModel.Apply(JournalEntry)"/>) of the journal up to that event, made at recording time.
        /// </summary>
        public void CheckpointWithinCommand(long seq, string why) => _within.Add((seq, why));

        private async Task<EventFixtureCheckpoint> Within(long seq, string why)
        {
            var model = MeetingModel.Empty;
            foreach (var entry in await ClusterFixture.Journal.ReadEntries(MeetingId, 0, long.MaxValue))
            {
                if (entry.Events.All(e => e.Seq <= seq))
                {
                    model = model.Apply(entry);
                    continue;
                }
                model = model.Apply(entry with { Events = [.. entry.Events.Where(e => e.Seq <= seq)] });
                break;
            }
            Assert.Equal(seq, model.Seq);
            return new EventFixtureCheckpoint(seq, model.Meeting!,
                $"Inside one command, so no grain answer shows it: the meeting grain's fold (MeetingModel.Apply) of the journal up to seq {seq}, at recording. {why}.");
        }

        public async Task<EventFixtureFile> Finish(string name, string description)
        {
            // The meeting before any event, as its creation wrote it; without a carry-over item the same as the creation's answer.
            var creation = (await ClusterFixture.Journal.ReadEntries(MeetingId, 0, 1)).Single();
            var initial = creation.Facts.OfType<MeetingCreated>().Single().Meeting;
            Assert.Equal(0, initial.Seq);
            if (Created.Seq == 0)
                Assert.Equal(JsonSerializer.Serialize(Created, RakorLiveJson.Options), JsonSerializer.Serialize(initial, RakorLiveJson.Options));
            var events = await ClusterFixture.Journal.ReadEvents(MeetingId, 0, int.MaxValue);
            var expected = await Meeting.GetSnapshot(Caller.System);
            Assert.Equal(expected.Seq, events[^1].Seq);
            foreach (var (seq, why) in _within) _checkpoints.Add(await Within(seq, why));
            return new EventFixtureFile(name, description, initial, events, [.. _checkpoints.OrderBy(c => c.Seq)], expected);
        }
    }
}
