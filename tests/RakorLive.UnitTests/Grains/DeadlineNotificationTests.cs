using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using RakorLive.Commands;
using RakorLive.GrainInterfaces;
using RakorLive.Grains.Agencies;
using RakorLive.Grains.Notifications;
using RakorLive.Model;
using RakorLive.UnitTests.Infrastructure;
using RakorLive.Vocabulary;
using RakorLive.Wire;

namespace RakorLive.UnitTests.Grains;

/// <summary>
/// Deadline notifications on the fake clock: the agencies' durable reminders (the in-memory reminder service reads the
/// same clock) wake them at local midnight and at the digest time (07.00 WIB); each notification is recorded once under
/// its key in the real notification store (SQLite). Every test uses agencies of its own, so ledgers hold nothing else.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class DeadlineNotificationTests(ClusterFixture fixture)
{
    private const string Zone = "Asia/Jakarta";
    private IGrainFactory Grains => fixture.Grains;
    private INotificationStore Store => fixture.SiloServices.GetRequiredService<INotificationStore>();
    private static Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock => ClusterFixture.Clock;

    private static DateOnly Today => Kosakata.LocalDate(Clock.GetUtcNow(), Zone);
    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<string> NewAgency()
    {
        var code = "KEC-N" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        await Grains.GetGrain<IOpdDirectoryGrain>(DirectoryKeys.Default).Seed([new Opd(code, "Kecamatan Uji " + code, "Kecamatan")]);
        return code;
    }

    private async Task<(IMeetingGrain Meeting, ActionPoint Added)> Commit(string owner, DateOnly due, IReadOnlyList<string>? supporting = null)
    {
        var meeting = await TestData.CreateMeeting(Grains);
        var added = (await meeting.AddActionPoint(Callers.Secretariat, TestData.ActionPoint(owner, supporting, Date(due)))).Value;
        await ClusterFixture.Journal.Settled(meeting.GetPrimaryKeyString());
        return (meeting, added);
    }

    private async Task<IReadOnlyList<FollowUpNotification>> Raised(string opd) => await Store.Raised(opd);

    /// <summary>Waits until the agency's raised notifications satisfy <paramref name="done"/> (reminders fire on their own turn).</summary>
    private async Task<IReadOnlyList<FollowUpNotification>> Until(string opd, Func<IReadOnlyList<FollowUpNotification>, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var raised = await Raised(opd);
            if (done(raised)) return raised;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{opd}: {what} did not happen; raised: {string.Join(", ", raised.Select(Describe))}");
            await Task.Delay(50);
        }
    }

    private static string Describe(FollowUpNotification n) => $"{n.Notification}({n.ActionPointId} {n.DueDate} H-{n.LeadDays} {n.Date})";

    /// <summary>Moves the fake clock to 07.01 WIB of the next local day: past the 00.01 deadline tick and the 07.00 digest tick.</summary>
    private static DateOnly NextMorning()
    {
        var next = Today.AddDays(1);
        Clock.SetUtcNow(new DateTimeOffset(next.ToDateTime(new TimeOnly(7, 1)), TimeSpan.FromHours(7)));
        return next;
    }

    private static bool HasDigest(IReadOnlyList<FollowUpNotification> raised, DateOnly day) =>
        raised.Any(n => n.Notification == NotificationNames.DailyDigest && n.Date == Date(day));

    private static void AssertNoDuplicates(IReadOnlyList<FollowUpNotification> raised) =>
        Assert.Equal(raised.Count, raised.Select(n => n.Id).Distinct().Count());

    [Fact]
    public async Task Each_lead_day_the_missed_deadline_and_one_digest_a_day_are_raised_exactly_once()
    {
        var opd = await NewAgency();
        var due = Today.AddDays(8);
        var (_, added) = await Commit(opd, due);
        Assert.Empty(await Raised(opd));

        var expectedLead = new List<int>();
        for (var step = 1; step <= 10; step++)
        {
            var day = NextMorning();
            var left = due.DayNumber - day.DayNumber;
            if (left is 7 or 3 or 1) expectedLead.Add(left);
            await Until(opd, r => HasDigest(r, day)
                    && r.Count(n => n.Notification == NotificationNames.DeadlineApproaching) == expectedLead.Count
                    && (left >= 0 || r.Any(n => n.Notification == NotificationNames.DeadlineMissed)),
                $"day {day} (H{-left})");
        }

        // Waking it again, and again after a deactivation, raises nothing new.
        var grain = Grains.GetGrain<IOpdGrain>(opd);
        await grain.Wake();
        await fixture.Cluster.DeactivateAsync(grain.GetGrainId());
        await grain.Wake();
        await grain.Track(new LedgerEntry(added.Id, added.MeetingId, due, ActionPointStatus.Open, "Lead", Zone, added.Version));

        var raised = await Raised(opd);
        AssertNoDuplicates(raised);
        Assert.Equal([7, 3, 1], raised.Where(n => n.Notification == NotificationNames.DeadlineApproaching).Select(n => n.LeadDays!.Value));
        Assert.All(raised.Where(n => n.Notification == NotificationNames.DeadlineApproaching), n => Assert.Equal((added.Id, due), (n.ActionPointId, n.DueDate!.Value)));
        var missed = Assert.Single(raised, n => n.Notification == NotificationNames.DeadlineMissed);
        Assert.Equal((added.Id, added.MeetingId, due, -1), (missed.ActionPointId, missed.MeetingId, missed.DueDate!.Value, missed.DaysLeft!.Value));
        var digests = raised.Where(n => n.Notification == NotificationNames.DailyDigest).ToList();
        Assert.Equal(10, digests.Count);
        Assert.Equal(10, digests.Select(d => d.Date).Distinct().Count());
        Assert.All(digests, d => Assert.Equal(added.Id, Assert.Single(d.Items!).ActionPointId));
        Assert.True(Assert.Single(digests[^1].Items!).IsOverdue);
    }

    [Fact]
    public async Task A_commitment_created_inside_the_window_gets_the_tightest_lead_day_at_once_and_supporters_hear_too()
    {
        var lead = await NewAgency();
        var support = await NewAgency();
        var (_, added) = await Commit(lead, Today.AddDays(2), [support]);

        foreach (var opd in new[] { lead, support })
        {
            var n = Assert.Single(await Until(opd, r => r.Count > 0, "the H-3 notice"));
            Assert.Equal((NotificationNames.DeadlineApproaching, 3, 2, opd, added.Id), (n.Notification, n.LeadDays!.Value, n.DaysLeft!.Value, n.Opd, n.ActionPointId));
        }
    }

    [Fact]
    public async Task Done_and_dropped_commitments_raise_nothing_and_no_digest_without_anything_due()
    {
        var opd = await NewAgency();
        var far = await Commit(opd, Today.AddDays(30));
        var (meeting, toDrop) = await Commit(opd, Today.AddDays(20));
        var done = await Commit(opd, Today.AddDays(20));

        var dropped = await meeting.UpdateActionPoint(Callers.Secretariat, toDrop.Id, toDrop.Version,
            new UpdateActionPoint(TestData.NewCommandId(), null, null, null, null, null, null, null, null, Status: "Dropped", StatusReason: "Anggaran dialihkan"));
        Assert.Equal(ActionPointStatus.Dropped, dropped.Value.Status);
        await ClusterFixture.Journal.Settled(meeting.GetPrimaryKeyString());
        // Done comes from verification (another part of the follow-up loop): here the read model and the agency are told directly, as the outbox would.
        var finished = done.Added with { Status = ActionPointStatus.Done, Version = done.Added.Version + 1 };
        await ClusterFixture.FollowUps.Upsert([new FollowUpRow(finished, Zone)]);
        await Grains.GetGrain<IOpdGrain>(opd).Track(new LedgerEntry(finished.Id, finished.MeetingId, finished.DueDate, finished.Status, "Lead", Zone, finished.Version));

        // 22 days on: both finished items are past due, the open one is 8 days away (outside the 7-day window).
        Clock.SetUtcNow(Clock.GetUtcNow().AddDays(22));
        await Grains.GetGrain<IOpdGrain>(opd).Wake();
        // The one notice is the verdict on the Done item (the secretariat accepted it): no deadline notice, no digest.
        var verdict = Assert.Single(await Raised(opd));
        Assert.Equal((NotificationNames.ActionPointVerified, finished.Id, ActionPointStatus.Done), (verdict.Notification, verdict.ActionPointId, verdict.Status!.Value));

        // The next morning the open one is 7 days away: its H-7, and a digest with it alone.
        var day = NextMorning();
        var raised = await Until(opd, r => HasDigest(r, day) && r.Any(n => n.Notification == NotificationNames.DeadlineApproaching), "H-7 and the digest");
        Assert.All(raised, n => Assert.NotEqual(toDrop.Id, n.ActionPointId));
        Assert.All(raised.Where(n => n.Notification != NotificationNames.ActionPointVerified), n => Assert.NotEqual(finished.Id, n.ActionPointId));
        var digest = Assert.Single(raised, n => n.Notification == NotificationNames.DailyDigest);
        Assert.Equal([far.Added.Id], digest.Items!.Select(i => i.ActionPointId));
    }

    [Fact]
    public async Task Moving_a_due_date_later_re_arms_its_notices()
    {
        var opd = await NewAgency();
        var firstDue = Today.AddDays(1);
        var (meeting, added) = await Commit(opd, firstDue);
        await Until(opd, r => r.Any(n => n.LeadDays == 1), "H-1 at once");
        NextMorning();
        var day = NextMorning();
        await Until(opd, r => r.Any(n => n.Notification == NotificationNames.DeadlineMissed) && HasDigest(r, day), "the missed deadline");

        var newDue = Today.AddDays(4);
        await meeting.UpdateActionPoint(Callers.Secretariat, added.Id, added.Version,
            new UpdateActionPoint(TestData.NewCommandId(), null, null, null, null, null, null, null, Date(newDue), null));
        await ClusterFixture.Journal.Settled(meeting.GetPrimaryKeyString());
        await Until(opd, r => r.Any(n => n.DueDate == newDue && n.LeadDays == 7), "H-7 of the new date at once");
        for (var i = 0; i < 5; i++)
        {
            var morning = NextMorning();
            await Until(opd, r => HasDigest(r, morning), "the digest of " + morning);
        }
        var raised = await Until(opd, r => r.Count(n => n.Notification == NotificationNames.DeadlineMissed) == 2, "the new date missed");

        AssertNoDuplicates(raised);
        Assert.Equal([1], raised.Where(n => n.DueDate == firstDue && n.Notification == NotificationNames.DeadlineApproaching).Select(n => n.LeadDays!.Value));
        Assert.Equal([7, 3, 1], raised.Where(n => n.DueDate == newDue && n.Notification == NotificationNames.DeadlineApproaching).Select(n => n.LeadDays!.Value));
        Assert.Equal([firstDue, newDue], raised.Where(n => n.Notification == NotificationNames.DeadlineMissed).Select(n => n.DueDate!.Value));
    }

    [Fact]
    public async Task Entering_verification_and_the_verdict_are_told_once_each_by_the_lead_agency()
    {
        var lead = await NewAgency();
        var support = await NewAgency();
        var (_, added) = await Commit(lead, Today.AddDays(40), [support]);
        var observer = new FollowUpRecorder();
        var reference = Grains.CreateObjectReference<IFollowUpObserver>(observer);
        await Grains.GetGrain<IFollowUpHubGrain>(DirectoryKeys.Default).Subscribe(reference, TimeSpan.FromMinutes(2));

        var version = added.Version;
        async Task Move(ActionPointStatus status, bool twice = false)
        {
            var next = added with { Status = status, Version = ++version };
            await ClusterFixture.FollowUps.Upsert([new FollowUpRow(next, Zone)]);
            foreach (var (opd, role) in new[] { (lead, "Lead"), (support, "Support") })
                for (var i = 0; i < (twice ? 2 : 1); i++)
                    await Grains.GetGrain<IOpdGrain>(opd).Track(new LedgerEntry(next.Id, next.MeetingId, next.DueDate, status, role, Zone, next.Version));
        }

        await Move(ActionPointStatus.InProgress);
        await Move(ActionPointStatus.AwaitingVerification, twice: true);
        await Move(ActionPointStatus.InProgress);          // returned with a note
        await Move(ActionPointStatus.AwaitingVerification);
        await Move(ActionPointStatus.Done, twice: true);    // accepted

        var raised = await Raised(lead);
        Assert.Equal(
            [(NotificationNames.AwaitingVerification, ActionPointStatus.AwaitingVerification), (NotificationNames.ActionPointVerified, ActionPointStatus.InProgress),
             (NotificationNames.AwaitingVerification, ActionPointStatus.AwaitingVerification), (NotificationNames.ActionPointVerified, ActionPointStatus.Done)],
            raised.OrderBy(n => n.Version).Select(n => (n.Notification, n.Status!.Value)));
        Assert.Empty(await Raised(support));

        // Live: every ledger change of both agencies (repeats dropped) and the four notices.
        await observer.Until(o => o.Notifications.Count(n => n.Opd == lead) == 4 && o.Changes.Count(c => c.ActionPointId == added.Id) >= 10);
        Assert.Equal(10, observer.Changes.Count(c => c.ActionPointId == added.Id && c.Version > added.Version));
        Assert.Equal(raised.Select(n => n.Id).Order(), observer.Notifications.Where(n => n.Opd == lead).Select(n => n.Id).Order());
        await Grains.GetGrain<IFollowUpHubGrain>(DirectoryKeys.Default).Unsubscribe(reference);
    }

    private sealed class FollowUpRecorder : IFollowUpObserver
    {
        private readonly ConcurrentQueue<FollowUpChange> _changes = new();
        private readonly ConcurrentQueue<FollowUpNotification> _notifications = new();
        public IReadOnlyList<FollowUpChange> Changes => [.. _changes];
        public IReadOnlyList<FollowUpNotification> Notifications => [.. _notifications];

        public Task OnChanged(FollowUpChange change)
        {
            _changes.Enqueue(change);
            return Task.CompletedTask;
        }

        public Task OnNotification(FollowUpNotification notification)
        {
            _notifications.Enqueue(notification);
            return Task.CompletedTask;
        }

        public async Task Until(Func<FollowUpRecorder, bool> done)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (!done(this))
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"live: {Changes.Count} changes, {Notifications.Count} notifications");
                await Task.Delay(50);
            }
        }
    }
}

public sealed class DeadlineRulesTests
{
    private static readonly IReadOnlyList<int> Leads = [7, 3, 1];

    private static LedgerEntry Entry(string due, string zone = "Asia/Jakarta", ActionPointStatus status = ActionPointStatus.Open) =>
        new("ap-1", "m-1", DateOnly.Parse(due, CultureInfo.InvariantCulture), status, "Lead", zone, 1);

    [Theory]
    // 2026-03-10 17.30 UTC: WIB 00.30 on the 11th, WITA 01.30, WIT 02.30 — all already the 11th locally.
    [InlineData("2026-03-18", "Asia/Jakarta", 7)]
    [InlineData("2026-03-17", "Asia/Makassar", 7)]
    [InlineData("2026-03-14", "Asia/Jayapura", 3)]
    [InlineData("2026-03-12", "Asia/Jakarta", 1)]
    [InlineData("2026-03-11", "Asia/Jakarta", 1)]
    public void The_tightest_lead_day_reached_counts_in_the_commitments_zone(string due, string zone, int lead)
    {
        var notice = DeadlineRules.ItemNotice("PUPR", Entry(due, zone), new DateTimeOffset(2026, 3, 10, 17, 30, 0, TimeSpan.Zero), Leads);
        Assert.Equal((NotificationNames.DeadlineApproaching, lead), (notice!.Notification.Notification, notice.Notification.LeadDays!.Value));
    }

    [Fact]
    public void The_due_date_passes_at_local_midnight()
    {
        var entry = Entry("2026-03-10", "Asia/Jayapura");
        // 14.59 UTC on the 10th is 23.59 WIT: still due today. 15.00 UTC is midnight WIT: missed.
        Assert.Equal(NotificationNames.DeadlineApproaching, DeadlineRules.ItemNotice("X", entry, new DateTimeOffset(2026, 3, 10, 14, 59, 0, TimeSpan.Zero), Leads)!.Notification.Notification);
        Assert.Equal(NotificationNames.DeadlineMissed, DeadlineRules.ItemNotice("X", entry, new DateTimeOffset(2026, 3, 10, 15, 0, 0, TimeSpan.Zero), Leads)!.Notification.Notification);
    }

    [Fact]
    public void Nothing_for_finished_or_far_commitments_and_the_key_holds_the_due_date()
    {
        var now = new DateTimeOffset(2026, 3, 1, 1, 0, 0, TimeSpan.Zero);
        Assert.Null(DeadlineRules.ItemNotice("X", Entry("2026-03-20"), now, Leads));
        Assert.Null(DeadlineRules.ItemNotice("X", Entry("2026-02-01", status: ActionPointStatus.Done), now, Leads));
        Assert.Null(DeadlineRules.ItemNotice("X", Entry("2026-02-01", status: ActionPointStatus.Dropped), now, Leads));
        var a = DeadlineRules.ItemNotice("X", Entry("2026-03-05"), now, Leads)!;
        var b = DeadlineRules.ItemNotice("X", Entry("2026-03-06"), now, Leads)!;
        Assert.Equal(a.Notification.LeadDays, b.Notification.LeadDays);
        Assert.NotEqual(a.Key, b.Key);
        Assert.NotEqual(a.Notification.Id, b.Notification.Id);
        Assert.Equal(a.Notification.Id, DeadlineRules.ItemNotice("X", Entry("2026-03-05"), now.AddHours(3), Leads)!.Notification.Id);
    }

    [Fact]
    public void The_digest_waits_for_its_local_time_and_lists_what_is_due_or_late()
    {
        var options = new NotificationOptions { TimeZone = "Asia/Makassar", Reminders = { DigestTime = "07.30" } };
        IReadOnlyList<LedgerEntry> ledger = [Entry("2026-03-01"), Entry("2026-03-20") with { ActionPointId = "ap-2" }, Entry("2026-03-05") with { ActionPointId = "ap-3" }];
        // 23.29 UTC is 07.29 WITA on the 3rd: not yet; 23.30 is the time.
        Assert.Null(DeadlineRules.Digest("X", ledger, new DateTimeOffset(2026, 3, 2, 23, 29, 0, TimeSpan.Zero), options));
        var digest = DeadlineRules.Digest("X", ledger, new DateTimeOffset(2026, 3, 2, 23, 30, 0, TimeSpan.Zero), options)!;
        Assert.Equal("2026-03-03", digest.Notification.Date);
        Assert.Equal(["ap-1", "ap-3"], digest.Notification.Items!.Select(i => i.ActionPointId));
        Assert.Null(DeadlineRules.Digest("X", [Entry("2026-03-20")], new DateTimeOffset(2026, 3, 2, 23, 30, 0, TimeSpan.Zero), options));
    }

    [Theory]
    [InlineData("7,3,1", new[] { 7, 3, 1 })]
    [InlineData(" 1, 14 ,3", new[] { 14, 3, 1 })]
    public void Lead_days_parse_from_configuration(string text, int[] expected) =>
        Assert.Equal(expected, new ReminderSettings { LeadDays = text }.LeadDayList);

    [Theory]
    [InlineData("7,x")]
    [InlineData("0")]
    public void Bad_lead_days_fail_start_up(string text) =>
        Assert.Throws<InvalidOperationException>(() => new NotificationOptions { Reminders = { LeadDays = text } }.Validate());

    [Theory]
    [InlineData("ftp://example.org/hook")]
    [InlineData("not a url")]
    public void Webhooks_must_be_http_or_https(string url) =>
        Assert.Throws<InvalidOperationException>(() => new NotificationOptions { Webhooks = [new WebhookSettings { Url = url, Secret = "s" }] }.Validate());
}
