using RakorLive.Commands;
using RakorLive.Events;
using RakorLive.GrainInterfaces;
using RakorLive.Model;
using RakorLive.UnitTests.Infrastructure;

namespace RakorLive.UnitTests.Grains;

/// <summary>Progress, verification and carry-over mirroring on the origin meeting grain (the one writer of a commitment).</summary>
[Collection(ClusterCollection.Name)]
public sealed class FollowUpCommandTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private static ReportProgress Progress(int percent, string note = "Survei selesai", string? url = null) =>
        new(TestData.NewCommandId(), percent, note, null, url);

    private static VerifyActionPoint Verdict(bool accepted, string? note = null) => new(TestData.NewCommandId(), accepted, note);

    private static async Task<(IMeetingGrain Meeting, ActionPoint ActionPoint)> Commitment(IGrainFactory grains, string owner = "PUPR")
    {
        var meeting = await TestData.CreateMeeting(grains);
        var actionPoint = (await meeting.AddActionPoint(Callers.Secretariat, TestData.ActionPoint(owner))).Value;
        return (meeting, actionPoint);
    }

    [Fact]
    public async Task The_owner_reports_progress_and_at_100_it_awaits_verification_with_every_step_in_its_history()
    {
        var (meeting, ap) = await Commitment(Grains);
        var first = await meeting.ReportProgress(Callers.PuprHead, ap.Id, Progress(40, url: "https://pupr.example.go.id/laporan"));
        Assert.Equal((ActionPointStatus.InProgress, 40, 2), (first.Value.Status, first.Value.ProgressPercent, first.Value.Version));
        var done = await meeting.ReportProgress(Callers.PuprHead, ap.Id, Progress(100, "Peta jalan disahkan"));
        Assert.Equal((ActionPointStatus.AwaitingVerification, 100), (done.Value.Status, done.Value.ProgressPercent));

        var step = done.Value.History[^1];
        Assert.Equal((ActionPointChangeKinds.ProgressReported, "kadis.pupr", 100, "Peta jalan disahkan"), (step.Kind, step.By, step.Percent, step.Note));
        Assert.Null(step.MeetingId); // from the desk, not from a rakor's tablet
        Assert.Equal("https://pupr.example.go.id/laporan", done.Value.History[^2].EvidenceUrl);
        var events = await meeting.GetHistory(Caller.System, 0, null, 100);
        Assert.Equal([MeetingEventTypes.ActionPointAdded, MeetingEventTypes.ProgressReported, MeetingEventTypes.ProgressReported],
            events.Events.Select(e => e.Type));
        Assert.Equal((done.Value.Version, done.Value.Status), (((ActionPointData)events.Events[^1].Data).ActionPoint.Version, ((ActionPointData)events.Events[^1].Data).ActionPoint.Status));
    }

    [Fact]
    public async Task Only_the_owner_reports_and_only_the_secretariat_verifies_and_a_refusal_changes_nothing()
    {
        var (meeting, ap) = await Commitment(Grains);
        await TestData.Problem(403, () => meeting.ReportProgress(Callers.DinkesHead, ap.Id, Progress(50)));
        await TestData.Problem(403, () => meeting.ReportProgress(Callers.Secretariat, ap.Id, Progress(50)));
        await TestData.Problem(403, () => meeting.ReportProgress(Callers.Chair, ap.Id, Progress(50)));
        await meeting.ReportProgress(Callers.PuprHead, ap.Id, Progress(100));
        await TestData.Problem(403, () => meeting.Verify(Callers.PuprHead, ap.Id, Verdict(true)));
        await TestData.Problem(403, () => meeting.Verify(Callers.Chair, ap.Id, Verdict(true)));
        await TestData.Problem(403, () => meeting.Verify(Callers.DinkesHead, ap.Id, Verdict(true)));
        var now = await meeting.GetActionPoint(Caller.System, ap.Id);
        Assert.Equal((ActionPointStatus.AwaitingVerification, 2), (now.Status, now.Version));
    }

    [Fact]
    public async Task Verification_accepts_to_Done_or_returns_to_InProgress_with_the_note_and_Done_is_final()
    {
        var (meeting, ap) = await Commitment(Grains);
        await TestData.Problem(409, () => meeting.Verify(Callers.Secretariat, ap.Id, Verdict(true)));
        await meeting.ReportProgress(Callers.PuprHead, ap.Id, Progress(100));
        var missingNote = await TestData.Problem(400, () => meeting.Verify(Callers.Secretariat, ap.Id, Verdict(false)));
        Assert.Contains("note", missingNote.Errors.Keys);

        var returned = (await meeting.Verify(Callers.Secretariat, ap.Id, Verdict(false, "Lampirkan SK pengesahan"))).Value;
        Assert.Equal((ActionPointStatus.InProgress, "Lampirkan SK pengesahan"), (returned.Status, returned.VerificationNote));
        Assert.Equal(false, returned.History[^1].Accepted);

        await meeting.ReportProgress(Callers.PuprHead, ap.Id, Progress(100, "SK terlampir"));
        var accepted = (await meeting.Verify(Callers.Secretariat, ap.Id, Verdict(true))).Value;
        Assert.Equal(ActionPointStatus.Done, accepted.Status);
        Assert.Equal(ClusterFixture.Clock.GetUtcNow(), accepted.CompletedAt);
        Assert.Equal(true, accepted.History[^1].Accepted);
        await TestData.Problem(409, () => meeting.ReportProgress(Callers.PuprHead, ap.Id, Progress(50)));

        var events = await meeting.GetHistory(Caller.System, 0, null, 100);
        Assert.Equal(2, events.Events.Count(e => e.Type == MeetingEventTypes.ActionPointVerified));
    }

    [Fact]
    public async Task Progress_is_validated_replayed_by_commandId_and_allowed_after_the_meeting_closed()
    {
        var (meeting, ap) = await Commitment(Grains);
        await meeting.Start(Callers.Chair, TestData.Command());
        await meeting.Close(Callers.Chair, TestData.Command());
        var bad = await TestData.Problem(400, () => meeting.ReportProgress(Callers.PuprHead, ap.Id,
            new ReportProgress(TestData.NewCommandId(), 101, " ", [Guid.NewGuid().ToString()], "ftp://x")));
        Assert.Equal(["evidenceUrl", "note", "percent"], bad.Errors.Keys.Order(StringComparer.Ordinal));
        var unknownEvidence = await TestData.Problem(400, () => meeting.ReportProgress(Callers.PuprHead, ap.Id,
            new ReportProgress(TestData.NewCommandId(), 10, "Foto", [Guid.NewGuid().ToString()])));
        Assert.Equal(["evidenceIds"], unknownEvidence.Errors.Keys);

        var command = Progress(60);
        var first = await meeting.ReportProgress(Callers.PuprHead, ap.Id, command);
        var again = await meeting.ReportProgress(Callers.PuprHead, ap.Id, command);
        Assert.True(again.Replayed);
        Assert.Equal((first.Value.Version, first.Seq), (again.Value.Version, again.Seq));
        Assert.Equal(ActionPointStatus.InProgress, (await meeting.GetActionPoint(Caller.System, ap.Id)).Status);
    }

    [Fact]
    public async Task A_carried_commitment_is_live_in_every_rakor_that_carries_it_gap_free_and_counted()
    {
        var (first, open) = await Commitment(Grains);
        var done = (await first.AddActionPoint(Callers.Secretariat, TestData.ActionPoint("DINKES"))).Value;
        await first.ReportProgress(Callers.DinkesHead, done.Id, Progress(100));
        await first.Verify(Callers.Secretariat, done.Id, Verdict(true));

        var second = await FollowUpOf(first, "Rakor April");
        var snapshot = await second.GetSnapshot(Caller.System);
        Assert.Equal([open.Id], snapshot.CarriedActionPoints!.Select(a => a.Id));
        // The origin learns it is carried: a new version with the carrier, mirrored back into the carrier's sequence.
        var registered = await Eventually(second, open.Id, a => a.CarriedInto?.Contains(second.GetPrimaryKeyString()) == true);
        Assert.Equal(1, ActionPointRules.CarriedCount(registered));

        // Progress reported from the second rakor's tablet: one writer (the origin), both sequences.
        var tablet = Callers.PuprHead with { MeetingScope = second.GetPrimaryKeyString() };
        var reported = (await first.ReportProgress(tablet, open.Id, Progress(100, "Selesai dibahas di rakor April"))).Value;
        Assert.Equal(second.GetPrimaryKeyString(), reported.History[^1].MeetingId);
        await Eventually(second, open.Id, a => a.Version == reported.Version);
        var third = await FollowUpOf(second, "Rakor Mei");
        var inThird = await Eventually(third, open.Id, a => ActionPointRules.CarriedCount(a) == 2);
        Assert.Equal([second.GetPrimaryKeyString(), third.GetPrimaryKeyString()], inThird.CarriedInto);

        await first.Verify(Callers.Secretariat, open.Id, Verdict(true));
        foreach (var carrier in new[] { second, third })
        {
            var verified = await Eventually(carrier, open.Id, a => a.Status == ActionPointStatus.Done);
            var history = await carrier.GetHistory(Caller.System, 0, null, 100);
            Assert.Equal(Enumerable.Range(1, history.Events.Count).Select(i => (long)i), history.Events.Select(e => e.Seq));
            Assert.Equal(MeetingEventTypes.ActionPointVerified, history.Events[^1].Type);
            Assert.Equal(verified.Version, ((ActionPointData)history.Events[^1].Data).ActionPoint.Version);
        }
        Assert.DoesNotContain(done.Id, (await third.GetSnapshot(Caller.System)).CarriedActionPoints!.Select(a => a.Id));
    }

    private async Task<IMeetingGrain> FollowUpOf(IMeetingGrain source, string title)
    {
        var commandId = TestData.NewCommandId();
        var next = Grains.GetGrain<IMeetingGrain>(Ids.Meeting(commandId));
        await next.Create(Callers.Secretariat, new CreateMeeting(commandId, title, TestData.MeetingStart.AddDays(30), "Ruang Rapat Bupati", "Bupati", null,
            source.GetPrimaryKeyString()));
        return next;
    }

    private static async Task<ActionPoint> Eventually(IMeetingGrain carrier, string id, Func<ActionPoint, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var held = (await carrier.GetSnapshot(Caller.System)).CarriedActionPoints?.FirstOrDefault(a => a.Id == id);
            if (held is not null && condition(held)) return held;
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"Carrier never showed the expected state of {id}; holds {held?.Version}.");
            await Task.Delay(50);
        }
    }
}
