using RakorLive.Commands;
using RakorLive.GrainInterfaces;
using RakorLive.Model;
using RakorLive.UnitTests.Infrastructure;

namespace RakorLive.UnitTests.Grains;

/// <summary>Validation and agency permissions where the state is: in the meeting grain.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ActionPointRulesTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private static UpdateActionPoint Edit(string? target = null, string? owner = null, string? status = null, string? reason = null, string? dueDate = null) =>
        new(TestData.NewCommandId(), null, owner, null, null, target, null, null, dueDate, status, reason);

    [Fact]
    public async Task A_DINKES_head_cannot_add_a_PUPR_commitment_and_nothing_changes()
    {
        var meeting = await TestData.CreateMeeting(Grains, agendaItems: 1);
        var before = await meeting.GetSnapshot(Caller.System);
        var command = TestData.ActionPoint("PUPR");

        await TestData.Problem(403, () => meeting.AddActionPoint(Callers.DinkesHead, command));

        var after = await meeting.GetSnapshot(Caller.System);
        Assert.Equal(before.Seq, after.Seq);
        Assert.Empty(after.ActionPoints);
        var id = Ids.ActionPoint(meeting.GetPrimaryKeyString(), command.CommandId!);
        Assert.DoesNotContain(await Grains.GetGrain<IOpdGrain>("PUPR").GetLedger(), e => e.ActionPointId == id);
        // The refusal left no receipt behind: the rightful owner can still use the same commandId.
        Assert.False((await meeting.AddActionPoint(Callers.PuprHead, command)).Replayed);
    }

    [Fact]
    public async Task A_DINKES_head_cannot_edit_a_PUPR_commitment_and_nothing_changes()
    {
        var meeting = await TestData.CreateMeeting(Grains);
        var added = await meeting.AddActionPoint(Callers.PuprHead, TestData.ActionPoint("PUPR", ["DINKES"]));

        await TestData.Problem(403, () => meeting.UpdateActionPoint(Callers.DinkesHead, added.Value.Id, 1, Edit(target: "Diubah Dinkes")));

        var after = await meeting.GetSnapshot(Caller.System);
        Assert.Equal(added.Seq, after.Seq);
        var unchanged = Assert.Single(after.ActionPoints);
        Assert.Equal((1, added.Value.Target), (unchanged.Version, unchanged.Target));
    }

    [Fact]
    public async Task The_owner_edits_its_own_commitment_but_only_the_secretariat_hands_it_over()
    {
        var meeting = await TestData.CreateMeeting(Grains);
        var added = (await meeting.AddActionPoint(Callers.PuprHead, TestData.ActionPoint("PUPR"))).Value;

        var edited = (await meeting.UpdateActionPoint(Callers.PuprHead, added.Id, 1, Edit(target: "Peta jalan final"))).Value;
        await TestData.Problem(403, () => meeting.UpdateActionPoint(Callers.PuprHead, added.Id, 2, Edit(owner: "DINKES")));
        await TestData.Problem(403, () => meeting.UpdateActionPoint(Callers.Chair, added.Id, 2, Edit(target: "Oleh pimpinan")));
        var handedOver = (await meeting.UpdateActionPoint(Callers.Secretariat, added.Id, 2, Edit(owner: "dinkes"))).Value;

        Assert.Equal((2, "Peta jalan final"), (edited.Version, edited.Target));
        Assert.Equal((3, "DINKES"), (handedOver.Version, handedOver.OwnerOpd));
        Assert.Equal(["Created", "Edited", "Edited"], handedOver.History.Select(h => h.Kind));
        Assert.Equal(["ownerOpd"], handedOver.History[^1].Fields);
    }

    [Fact]
    public async Task Viewers_add_nothing()
    {
        var meeting = await TestData.CreateMeeting(Grains);

        await TestData.Problem(403, () => meeting.AddActionPoint(Callers.Viewer, TestData.ActionPoint()));
        await TestData.Problem(403, () => meeting.AddAgendaItem(Callers.Viewer, TestData.AgendaItem("Paparan")));

        Assert.Equal(0, (await meeting.GetSnapshot(Caller.System)).Seq);
    }

    [Fact]
    public async Task A_join_code_caller_of_another_meeting_is_refused()
    {
        var meeting = await TestData.CreateMeeting(Grains);
        var tablet = Callers.PuprHead with { MeetingScope = "another-meeting" };

        await TestData.Problem(403, () => meeting.AddActionPoint(tablet, TestData.ActionPoint()));
        Assert.False((await meeting.AddActionPoint(Callers.PuprHead with { MeetingScope = meeting.GetPrimaryKeyString() }, TestData.ActionPoint())).Replayed);
    }

    [Fact]
    public async Task Unknown_agency_codes_are_a_400_naming_each_field()
    {
        var meeting = await TestData.CreateMeeting(Grains);

        var problem = await TestData.Problem(400, () => meeting.AddActionPoint(Callers.Secretariat, TestData.ActionPoint("DINAS-ENTAH", ["DISHUB", "BELUM-ADA"])));

        Assert.Equal(["ownerOpd", "supportingOpds"], problem.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("DINAS-ENTAH", problem.Errors["ownerOpd"][0], StringComparison.Ordinal);
        Assert.Contains("BELUM-ADA", problem.Errors["supportingOpds"][0], StringComparison.Ordinal);
        Assert.Equal(0, (await meeting.GetSnapshot(Caller.System)).Seq);
        await TestData.Problem(400, () => meeting.CheckIn(Callers.Secretariat, new CheckIn(null, "BELUM-ADA", "Nama", "Jabatan")));
        await TestData.Problem(400, () => meeting.AddAgendaItem(Callers.Secretariat, TestData.AgendaItem("Paparan", "BELUM-ADA")));
    }

    [Fact]
    public async Task A_due_date_before_the_meeting_date_is_a_400()
    {
        // 06.00 WIB on 2 March is still 1 March in UTC: the meeting's own zone decides its date.
        var meeting = await TestData.CreateMeeting(Grains, start: new DateTimeOffset(2026, 3, 2, 6, 0, 0, TimeSpan.FromHours(7)));

        var problem = await TestData.Problem(400, () => meeting.AddActionPoint(Callers.Secretariat, TestData.ActionPoint(dueDate: "2026-03-01")));
        var sameDay = await meeting.AddActionPoint(Callers.Secretariat, TestData.ActionPoint(dueDate: "2026-03-02"));

        Assert.Equal(["dueDate"], problem.Errors.Keys);
        Assert.Equal(new DateOnly(2026, 3, 2), sameDay.Value.DueDate);
        await TestData.Problem(400, () => meeting.UpdateActionPoint(Callers.Secretariat, sameDay.Value.Id, 1, Edit(dueDate: "2026-02-28")));
    }

    [Fact]
    public async Task A_stale_expected_version_is_a_412_and_nothing_changes()
    {
        var meeting = await TestData.CreateMeeting(Grains);
        var added = (await meeting.AddActionPoint(Callers.PuprHead, TestData.ActionPoint())).Value;
        var edited = await meeting.UpdateActionPoint(Callers.Secretariat, added.Id, 1, Edit(target: "Versi sekretariat"));

        await TestData.Problem(412, () => meeting.UpdateActionPoint(Callers.PuprHead, added.Id, 1, Edit(target: "Versi dinas")));

        var current = Assert.Single((await meeting.GetSnapshot(Caller.System)).ActionPoints);
        Assert.Equal((2, "Versi sekretariat"), (current.Version, current.Target));
        Assert.Equal(edited.Seq, (await meeting.GetSnapshot(Caller.System)).Seq);
    }

    [Fact]
    public async Task Dropping_a_commitment_needs_a_reason()
    {
        var meeting = await TestData.CreateMeeting(Grains);
        var added = (await meeting.AddActionPoint(Callers.PuprHead, TestData.ActionPoint())).Value;

        var problem = await TestData.Problem(400, () => meeting.UpdateActionPoint(Callers.PuprHead, added.Id, 1, Edit(status: "Dropped")));
        var dropped = (await meeting.UpdateActionPoint(Callers.PuprHead, added.Id, 1, Edit(status: "Dropped", reason: "Anggaran dialihkan ke penanganan banjir"))).Value;

        Assert.Equal(["statusReason"], problem.Errors.Keys);
        Assert.Equal((ActionPointStatus.Dropped, "Anggaran dialihkan ke penanganan banjir", 2), (dropped.Status, dropped.StatusReason, dropped.Version));
        Assert.Equal("Anggaran dialihkan ke penanganan banjir", dropped.History[^1].Note);
    }

    [Fact]
    public async Task Reopening_clears_the_reason_so_a_second_drop_needs_its_own()
    {
        var meeting = await TestData.CreateMeeting(Grains);
        var added = (await meeting.AddActionPoint(Callers.PuprHead, TestData.ActionPoint())).Value;
        await meeting.UpdateActionPoint(Callers.PuprHead, added.Id, 1, Edit(status: "Dropped", reason: "Lahan belum dibebaskan"));

        var reopened = (await meeting.UpdateActionPoint(Callers.PuprHead, added.Id, 2, Edit(status: "Open"))).Value;
        var problem = await TestData.Problem(400, () => meeting.UpdateActionPoint(Callers.PuprHead, added.Id, 3, Edit(status: "Dropped")));

        Assert.Equal((ActionPointStatus.Open, null), (reopened.Status, reopened.StatusReason));
        Assert.Equal(["statusReason"], problem.Errors.Keys);
    }

    [Fact]
    public async Task Done_is_reached_by_verification_not_by_editing()
    {
        var meeting = await TestData.CreateMeeting(Grains);
        var added = (await meeting.AddActionPoint(Callers.PuprHead, TestData.ActionPoint())).Value;

        await TestData.Problem(409, () => meeting.UpdateActionPoint(Callers.PuprHead, added.Id, 1, Edit(status: "Done")));
        await TestData.Problem(400, () => meeting.UpdateActionPoint(Callers.PuprHead, added.Id, 1, Edit(status: "Selesai")));
        await TestData.Problem(404, () => meeting.UpdateActionPoint(Callers.PuprHead, "tidak-ada", 1, Edit(target: "x")));

        Assert.Equal(1, Assert.Single((await meeting.GetSnapshot(Caller.System)).ActionPoints).Version);
    }

    [Fact]
    public async Task An_action_point_attaches_to_the_item_under_discussion_unless_it_names_one()
    {
        var meeting = await TestData.CreateMeeting(Grains, agendaItems: 2);
        var live = (await meeting.Start(Callers.Chair, TestData.Command())).Value;

        var onCurrent = (await meeting.AddActionPoint(Callers.Secretariat, TestData.ActionPoint())).Value;
        var onSecond = (await meeting.AddActionPoint(Callers.Secretariat, TestData.ActionPoint() with { AgendaItemId = live.Agenda[1].Id })).Value;
        var problem = await TestData.Problem(400, () => meeting.AddActionPoint(Callers.Secretariat, TestData.ActionPoint() with { AgendaItemId = "bukan-agenda" }));

        Assert.Equal(live.CurrentItemId, onCurrent.AgendaItemId);
        Assert.Equal(live.Agenda[1].Id, onSecond.AgendaItemId);
        Assert.Equal(["agendaItemId"], problem.Errors.Keys);
    }

    [Fact]
    public async Task A_kepala_OPD_checks_in_for_their_own_agency_only()
    {
        var meeting = await TestData.CreateMeeting(Grains);

        await TestData.Problem(403, () => meeting.CheckIn(Callers.DinkesHead, new CheckIn(null, "PUPR", "Ir. Budi", "Kepala Dinas")));
        var own = (await meeting.CheckIn(Callers.DinkesHead, new CheckIn(null, "dinkes", "dr. Ratna", "Kepala Dinas"))).Value;

        Assert.Equal("DINKES", own.Opd);
        Assert.Equal(own, Assert.Single((await meeting.GetSnapshot(Caller.System)).Attendance));
    }
}
