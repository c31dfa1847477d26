using RakorLive.Commands;
using RakorLive.GrainInterfaces;
using RakorLive.Model;
using RakorLive.UnitTests.Infrastructure;

namespace RakorLive.UnitTests.Grains;

/// <summary>Outcomes, the speakers' queue and the notulen's approval: the state rules and the lock, in the meeting grain.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RecordRulesTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private static RecordOutcome Outcome(string kind = "Decision", string text = "Jalan poros desa diprioritaskan 2027.") => new(TestData.NewCommandId(), kind, text);

    private static NotulenCommand Notulen(string? note = null) => new(TestData.NewCommandId(), note);

    private static async Task<(IMeetingGrain Meeting, string ItemId)> LiveMeeting(IGrainFactory grains)
    {
        var meeting = await TestData.CreateMeeting(grains, agendaItems: 2);
        await meeting.Start(Callers.Chair, TestData.Command());
        return (meeting, (await meeting.GetSnapshot(Caller.System)).CurrentItemId!);
    }

    [Fact]
    public async Task Outcomes_are_written_by_the_secretariat_or_the_chair_and_edited_with_their_version()
    {
        var (meeting, item) = await LiveMeeting(Grains);
        var note = (await meeting.RecordOutcome(Callers.Secretariat, item, Outcome("Note", "Catatan awal"))).Value;
        await meeting.RecordOutcome(Callers.Chair, item, Outcome("Directive", "Arahan Bupati"));
        await TestData.Problem(403, () => meeting.RecordOutcome(Callers.PuprHead, item, Outcome()));
        await TestData.Problem(403, () => meeting.RecordOutcome(Callers.Viewer, item, Outcome()));
        await TestData.Problem(400, () => meeting.RecordOutcome(Callers.Secretariat, item, Outcome("Opinion")));
        await TestData.Problem(400, () => meeting.RecordOutcome(Callers.Secretariat, item, Outcome(text: "  ")));
        await TestData.Problem(404, () => meeting.RecordOutcome(Callers.Secretariat, Guid.NewGuid().ToString(), Outcome()));

        var edited = await meeting.UpdateOutcome(Callers.Secretariat, note.Id, 1, new UpdateOutcome(TestData.NewCommandId(), "Decision", "Keputusan"));
        Assert.Equal((2, OutcomeKind.Decision, "Keputusan"), (edited.Value.Version, edited.Value.Kind, edited.Value.Text));
        await TestData.Problem(412, () => meeting.UpdateOutcome(Callers.Secretariat, note.Id, 1, new UpdateOutcome(TestData.NewCommandId(), Text: "Basi")));

        var snapshot = await meeting.GetSnapshot(Caller.System);
        Assert.Equal(["Decision", "Directive"], snapshot.Outcomes!.Select(o => o.Kind.ToString()));
    }

    [Fact]
    public async Task A_replayed_outcome_answers_the_first_and_records_nothing_more()
    {
        var (meeting, item) = await LiveMeeting(Grains);
        var command = Outcome();
        var first = await meeting.RecordOutcome(Callers.Secretariat, item, command);
        var again = await meeting.RecordOutcome(Callers.Secretariat, item, command);
        Assert.True(again.Replayed);
        Assert.Equal(first.Value, again.Value);
        Assert.Single((await meeting.GetSnapshot(Caller.System)).Outcomes!);
    }

    [Fact]
    public async Task Speakers_queue_on_the_active_item_and_the_chair_calls_the_earliest_waiting()
    {
        var (meeting, item) = await LiveMeeting(Grains);
        var pupr = (await meeting.RequestSpeaker(Callers.PuprHead, new RequestSpeaker(TestData.NewCommandId()))).Value;
        var dishub = (await meeting.RequestSpeaker(Callers.Secretariat, new RequestSpeaker(TestData.NewCommandId(), "DISHUB"))).Value;
        var dinkes = (await meeting.RequestSpeaker(Callers.DinkesHead, new RequestSpeaker(TestData.NewCommandId()))).Value;
        Assert.Equal((item, "PUPR", SpeakerStatus.Waiting), (pupr.AgendaItemId, pupr.Opd, pupr.Status));

        // One place per agency: asking again answers the place held.
        var twice = await meeting.RequestSpeaker(Callers.PuprHead, new RequestSpeaker(TestData.NewCommandId()));
        Assert.Equal(pupr.Id, twice.Value.Id);
        await TestData.Problem(403, () => meeting.RequestSpeaker(Callers.PuprHead, new RequestSpeaker(TestData.NewCommandId(), "DINKES")));
        await TestData.Problem(403, () => meeting.RequestSpeaker(Callers.Viewer, new RequestSpeaker(TestData.NewCommandId(), "DINKES")));
        await TestData.Problem(403, () => meeting.RequestSpeaker(Callers.Viewer, new RequestSpeaker(TestData.NewCommandId())));
        await TestData.Problem(403, () => meeting.RequestSpeaker(Callers.Chair, new RequestSpeaker(TestData.NewCommandId())));
        await TestData.Problem(403, () => meeting.WithdrawSpeaker(Callers.PuprHead, dinkes.Id, TestData.Command()));
        await TestData.Problem(403, () => meeting.CallNextSpeaker(Callers.Secretariat, TestData.Command()));

        Assert.Equal(SpeakerStatus.Withdrawn, (await meeting.WithdrawSpeaker(Callers.DinkesHead, dinkes.Id, TestData.Command())).Value.Status);
        var first = await meeting.CallNextSpeaker(Callers.Chair, TestData.Command());
        Assert.Equal((pupr.Id, SpeakerStatus.Called), (first.Value.Id, first.Value.Status));
        await TestData.Problem(409, () => meeting.WithdrawSpeaker(Callers.PuprHead, pupr.Id, TestData.Command()));
        Assert.Equal(dishub.Id, (await meeting.CallNextSpeaker(Callers.Chair, TestData.Command())).Value.Id);
        await TestData.Problem(409, () => meeting.CallNextSpeaker(Callers.Chair, TestData.Command()));
    }

    [Fact]
    public async Task Nobody_asks_to_speak_before_the_meeting_is_live()
    {
        var meeting = await TestData.CreateMeeting(Grains, agendaItems: 1);
        var problem = await TestData.Problem(409, () => meeting.RequestSpeaker(Callers.PuprHead, new RequestSpeaker(TestData.NewCommandId())));
        Assert.Contains("live", problem.Detail);
    }

    [Fact]
    public async Task The_notulen_is_submitted_after_close_approved_locked_and_corrected_into_a_new_version()
    {
        var (meeting, item) = await LiveMeeting(Grains);
        var decision = (await meeting.RecordOutcome(Callers.Secretariat, item, Outcome())).Value;
        await TestData.Problem(409, () => meeting.SubmitNotulen(Callers.Secretariat, Notulen()));
        await meeting.Close(Callers.Chair, TestData.Command());

        await TestData.Problem(403, () => meeting.SubmitNotulen(Callers.Chair, Notulen()));
        await TestData.Problem(409, () => meeting.ApproveNotulen(Callers.Chair, Notulen()));
        var submitted = (await meeting.SubmitNotulen(Callers.Secretariat, Notulen())).Value;
        Assert.Equal((1, NotulenStatus.Submitted, "Sekretariat Daerah"), (submitted.Number, submitted.Status, submitted.Notulis));
        await TestData.Problem(409, () => meeting.UpdateOutcome(Callers.Secretariat, decision.Id, 1, new UpdateOutcome(TestData.NewCommandId(), Text: "x")));
        await TestData.Problem(400, () => meeting.ReturnNotulen(Callers.Chair, Notulen()));
        var returned = (await meeting.ReturnNotulen(Callers.Chair, Notulen("Lengkapi daftar hadir."))).Value;
        Assert.Equal((NotulenStatus.Draft, "Lengkapi daftar hadir."), (returned.Status, returned.ReturnNote));
        await meeting.UpdateOutcome(Callers.Secretariat, decision.Id, 1, new UpdateOutcome(TestData.NewCommandId(), Text: "Diperbaiki"));

        await meeting.SubmitNotulen(Callers.Secretariat, Notulen());
        await TestData.Problem(403, () => meeting.ApproveNotulen(Callers.Secretariat, Notulen()));
        var approved = (await meeting.ApproveNotulen(Callers.Chair, Notulen())).Value;
        Assert.Equal(NotulenStatus.Approved, approved.Status);
        Assert.Matches("^[0-9a-f]{64}$", approved.Sha256!);

        // The lock: no edit and no new outcome, and the message says how to correct.
        var locked = await TestData.Problem(409, () => meeting.UpdateOutcome(Callers.Secretariat, decision.Id, 2, new UpdateOutcome(TestData.NewCommandId(), Text: "Sesudah disahkan")));
        Assert.Contains("notulen/correct", locked.Detail);
        await TestData.Problem(409, () => meeting.RecordOutcome(Callers.Secretariat, item, Outcome()));
        Assert.Equal("approved", (await meeting.VerifyNotulen(approved.Sha256!)).Status);

        // The frozen content hashes to the approved hash, whatever happens to the meeting later.
        var frozen = await meeting.GetNotulenSource(Caller.System, 1);
        Assert.Equal(approved.Sha256, RakorLive.Grains.Meetings.NotulenMapping.Sha256(frozen));

        await TestData.Problem(403, () => meeting.CorrectNotulen(Callers.Chair, Notulen()));
        var draft = (await meeting.CorrectNotulen(Callers.Secretariat, Notulen("Salah ketik"))).Value;
        Assert.Equal((2, NotulenStatus.Draft), (draft.Number, draft.Status));
        await TestData.Problem(409, () => meeting.CorrectNotulen(Callers.Secretariat, Notulen()));
        await meeting.UpdateOutcome(Callers.Secretariat, decision.Id, 2, new UpdateOutcome(TestData.NewCommandId(), Text: "Koreksi"));
        Assert.Equal("approved", (await meeting.VerifyNotulen(approved.Sha256!)).Status);
        await meeting.SubmitNotulen(Callers.Secretariat, Notulen());
        var second = (await meeting.ApproveNotulen(Callers.Chair, Notulen())).Value;
        Assert.NotEqual(approved.Sha256, second.Sha256);

        var old = await meeting.VerifyNotulen(approved.Sha256!);
        Assert.Equal(("superseded", 1, 2, second.Sha256), (old.Status, old.Version, old.NewerVersion, old.NewerSha256));
        Assert.Equal("approved", (await meeting.VerifyNotulen(second.Sha256!)).Status);
        Assert.Equal("unknown", (await meeting.VerifyNotulen(new string('a', 64))).Status);
        var versions = (await meeting.GetSnapshot(Caller.System)).Notulen!;
        Assert.Equal([NotulenStatus.Superseded, NotulenStatus.Approved], versions.Select(v => v.Status));
        Assert.Equal(2, versions[0].SupersededBy);
        // The first version still prints what was approved, not the correction.
        var first = await meeting.GetNotulenSource(Caller.System, 1);
        Assert.Equal("Diperbaiki", Assert.Single(first.Meeting.Outcomes!).Text);
        Assert.Equal(NotulenStatus.Superseded, first.Status);
    }

    [Fact]
    public async Task The_agenda_is_reordered_with_every_item_named_once()
    {
        var meeting = await TestData.CreateMeeting(Grains, agendaItems: 3);
        var ids = (await meeting.GetSnapshot(Caller.System)).Agenda.Select(i => i.Id).ToList();
        await TestData.Problem(400, () => meeting.ReorderAgenda(Callers.Secretariat, new ReorderAgenda(TestData.NewCommandId(), [ids[0], ids[1]])));
        await TestData.Problem(403, () => meeting.ReorderAgenda(Callers.PuprHead, new ReorderAgenda(TestData.NewCommandId(), [ids[2], ids[0], ids[1]])));
        var reordered = await meeting.ReorderAgenda(Callers.Secretariat, new ReorderAgenda(TestData.NewCommandId(), [ids[2], ids[0], ids[1]]));
        Assert.Equal([ids[2], ids[0], ids[1]], reordered.Value.Agenda.OrderBy(i => i.Order).Select(i => i.Id));
        Assert.Equal([1, 2, 3], reordered.Value.Agenda.Select(i => i.Order));
    }
}
