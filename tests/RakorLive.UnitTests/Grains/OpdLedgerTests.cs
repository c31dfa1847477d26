using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using RakorLive.Commands;
using RakorLive.GrainInterfaces;
using RakorLive.Grains;
using RakorLive.Grains.Agencies;
using RakorLive.Model;
using RakorLive.UnitTests.Infrastructure;
using RakorLive.Vocabulary;

namespace RakorLive.UnitTests.Grains;

[Collection(ClusterCollection.Name)]
public sealed class OpdLedgerTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    private Task<IReadOnlyList<LedgerEntry>> Ledger(string opd) => Grains.GetGrain<IOpdGrain>(opd).GetLedger();

    /// <summary>Ledgers follow the meeting through its outbox, after the reply: wait until it has caught up.</summary>
    private static Task Settled(IMeetingGrain meeting) => ClusterFixture.Journal.Settled(meeting.GetPrimaryKeyString());

    [Fact]
    public async Task Adding_an_action_point_tracks_it_with_the_owner_and_each_supporting_agency()
    {
        var meeting = await TestData.CreateMeeting(Grains);
        var added = (await meeting.AddActionPoint(Callers.Secretariat, TestData.ActionPoint("PUPR", ["DISHUB", "DLH"]))).Value;
        await Settled(meeting);

        var lead = Assert.Single(await Ledger("PUPR"), e => e.ActionPointId == added.Id);
        Assert.Equal(new LedgerEntry(added.Id, added.MeetingId, new DateOnly(2026, 3, 16), ActionPointStatus.Open, "Lead", "Asia/Jakarta", 1), lead);
        Assert.Equal("Support", Assert.Single(await Ledger("DISHUB"), e => e.ActionPointId == added.Id).Role);
        Assert.Equal("Support", Assert.Single(await Ledger("DLH"), e => e.ActionPointId == added.Id).Role);
        Assert.DoesNotContain(await Ledger("DINKES"), e => e.ActionPointId == added.Id);
        var readModel = await ClusterFixture.FollowUps.Find("PUPR", added.Id);
        Assert.Equal((added.Id, added.OwnerOpd, added.Version), (readModel?.Id, readModel?.OwnerOpd, readModel?.Version));
    }

    [Fact]
    public async Task Changing_the_owner_moves_the_action_point_to_the_new_owners_ledger()
    {
        var meeting = await TestData.CreateMeeting(Grains);
        var added = (await meeting.AddActionPoint(Callers.Secretariat, TestData.ActionPoint("PUPR", ["DISHUB"]))).Value;

        var moved = (await meeting.UpdateActionPoint(Callers.Secretariat, added.Id, 1,
            new UpdateActionPoint(TestData.NewCommandId(), null, "DISDIK", ["DLH"], null, null, null, null, null))).Value;

        Assert.Equal("DISDIK", moved.OwnerOpd);
        await Settled(meeting);
        Assert.DoesNotContain(await Ledger("PUPR"), e => e.ActionPointId == added.Id);
        Assert.DoesNotContain(await Ledger("DISHUB"), e => e.ActionPointId == added.Id);
        Assert.Equal("Lead", Assert.Single(await Ledger("DISDIK"), e => e.ActionPointId == added.Id).Role);
        Assert.Equal("Support", Assert.Single(await Ledger("DLH"), e => e.ActionPointId == added.Id).Role);
        Assert.Equal(2, (await ClusterFixture.FollowUps.Find("DISDIK", added.Id))!.Version);
    }

    [Fact]
    public async Task A_status_change_reaches_the_ledger()
    {
        var meeting = await TestData.CreateMeeting(Grains);
        var added = (await meeting.AddActionPoint(Callers.PuprHead, TestData.ActionPoint("PUPR", ["DISHUB"]))).Value;

        await meeting.UpdateActionPoint(Callers.PuprHead, added.Id, 1,
            new UpdateActionPoint(TestData.NewCommandId(), null, null, null, null, null, null, null, null, Status: "InProgress"));
        await Settled(meeting);

        Assert.Equal(ActionPointStatus.InProgress, Assert.Single(await Ledger("PUPR"), e => e.ActionPointId == added.Id).Status);
        Assert.Equal(ActionPointStatus.InProgress, Assert.Single(await Ledger("DISHUB"), e => e.ActionPointId == added.Id).Status);
    }

    [Fact]
    public async Task The_ledger_and_the_follow_up_read_model_survive_deactivation()
    {
        var meeting = await TestData.CreateMeeting(Grains);
        var added = (await meeting.AddActionPoint(Callers.Secretariat, TestData.ActionPoint("DLH", ["KEC-MEKARSARI"]))).Value;
        await meeting.UpdateActionPoint(Callers.Secretariat, added.Id, 1,
            new UpdateActionPoint(TestData.NewCommandId(), null, null, null, null, null, null, null, null, Status: "InProgress"));
        await Settled(meeting);
        var opd = Grains.GetGrain<IOpdGrain>("KEC-MEKARSARI");
        await fixture.Cluster.DeactivateAsync(opd.GetGrainId());
        await fixture.Cluster.DeactivateAsync(meeting.GetGrainId());

        var entry = Assert.Single(await opd.GetLedger(), e => e.ActionPointId == added.Id);
        Assert.Equal((ActionPointStatus.InProgress, "Support"), (entry.Status, entry.Role));
        var stored = await ClusterFixture.FollowUps.Find("KEC-MEKARSARI", added.Id);
        Assert.NotNull(stored);
        Assert.Equal((2, ActionPointStatus.InProgress), (stored.Version, stored.Status));
        Assert.Equal(["Created", "Edited"], stored.History.Select(h => h.Kind));
    }

    /// <summary>
    /// The deadline reminder is registered in the reminder table, and when the fake clock passes the due date
    /// the reminder service fires it (it reads the same clock) and the agency records the commitment as overdue.
    /// KEC-CIBEUREUM is used by this test only, so its ledger holds nothing else.
    /// </summary>
    [Fact]
    public async Task The_deadline_reminder_fires_after_the_due_date_and_marks_the_commitment_overdue()
    {
        const string opd = "KEC-CIBEUREUM";
        var clock = ClusterFixture.Clock;
        var today = Kosakata.LocalDate(clock.GetUtcNow(), "Asia/Jakarta");
        var meeting = await TestData.CreateMeeting(Grains);
        var added = (await meeting.AddActionPoint(Callers.Secretariat, TestData.ActionPoint(opd, dueDate: today.ToString("yyyy-MM-dd")))).Value;
        await Settled(meeting);

        var grain = Grains.GetGrain<IOpdGrain>(opd);
        var reminders = await fixture.SiloServices.GetRequiredService<IReminderTable>().ReadRows(grain.GetGrainId());
        var reminder = Assert.Single(reminders.Reminders, r => r.ReminderName == OpdGrain.DeadlineReminder);
        var nextLocalMidnight = new DateTimeOffset(today.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(7));
        Assert.Equal(nextLocalMidnight.AddMinutes(1).UtcDateTime, reminder.StartAt);
        Assert.Equal(TimeSpan.FromDays(1), reminder.Period);
        Assert.Empty(await OverdueSince(grain));

        var overdueLogged = ClusterFixture.Log.Next(typeof(OpdGrain).FullName!, m => m.Contains(opd, StringComparison.Ordinal));
        clock.SetUtcNow(nextLocalMidnight.AddMinutes(2));
        await overdueLogged.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal([added.Id], (await OverdueSince(grain)).Keys);
    }

    private async Task<Dictionary<string, DateTimeOffset>> OverdueSince(IOpdGrain grain)
    {
        var storage = fixture.SiloServices.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);
        var state = new GrainState<OpdState>();
        await storage.ReadStateAsync("opd-v2", grain.GetGrainId(), state);
        // The agency writes its state only once something became overdue.
        return state.RecordExists ? state.State!.OverdueSince : [];
    }
}
