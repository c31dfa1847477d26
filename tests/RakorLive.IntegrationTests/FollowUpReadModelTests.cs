using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using RakorLive.Grains.Agencies;
using RakorLive.IntegrationTests.Infrastructure;
using RakorLive.Model;
using RakorLive.Rules;
using RakorLive.Storage;
using RakorLive.Vocabulary;

namespace RakorLive.IntegrationTests;

/// <summary>
/// The follow-up read model's SQL on each engine, with an explicit "now": overdue and dueHumanized at the local date
/// boundaries of WIB, WITA and WIT, the list's filters, paging and urgency order, and the scorecard numbers.
/// </summary>
public abstract class FollowUpReadModelTests : IAsyncLifetime
{
    protected abstract Engine Engine { get; }

    private TestDatabase? _postgres;
    private string? _directory;
    private AdoNetDatabase _database = null!;
    private AdoNetFollowUpStore _store = null!;
    private AdoNetFollowUpQueries _queries = null!;

    public async Task InitializeAsync()
    {
        var values = new Dictionary<string, string?>();
        if (Engine == Engine.PostgreSQL)
        {
            _postgres = await TestDatabase.CreateAsync();
            values[StorageSettings.ProviderKey] = "PostgreSQL";
            values["ConnectionStrings:" + StorageSettings.ConnectionStringName] = _postgres.ConnectionString;
        }
        _directory = Path.Combine(Path.GetTempPath(), "rakorlive-followups-" + Guid.NewGuid().ToString("N"));
        values[StorageSettings.DataDirectoryKey] = _directory;
        var settings = StorageSettings.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        await SchemaInstaller.ApplyAsync(settings, NullLogger.Instance, CancellationToken.None);
        _database = new AdoNetDatabase(settings);
        var cluster = Options.Create(new ClusterOptions { ServiceId = "followups-test", ClusterId = "t" });
        _store = new AdoNetFollowUpStore(_database, cluster);
        _queries = new AdoNetFollowUpQueries(_database, cluster);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
        if (_directory is not null && Directory.Exists(_directory)) try { Directory.Delete(_directory, true); } catch (IOException) { }
    }

    private static readonly DateTimeOffset Created = new(2026, 11, 2, 2, 0, 0, TimeSpan.Zero);

    private static ActionPoint Commitment(string owner, string due, ActionPointStatus status = ActionPointStatus.Open, string meeting = "m-1",
        string? description = null, DateTimeOffset? completedAt = null, int carried = 0) =>
        new(Guid.NewGuid().ToString(), meeting, null, owner, owner == "PUPR" ? ["DISHUB"] : [], description ?? $"Komitmen {owner} {due}", "Target", "Warga", "Manfaat",
            DateOnly.ParseExact(due, "yyyy-MM-dd", CultureInfo.InvariantCulture), status, 1, Created, "sekretariat", Created, [],
            status == ActionPointStatus.Done ? 100 : 0, null, carried == 0 ? null : [.. Enumerable.Range(1, carried).Select(i => $"m-carrier-{i}")],
            CompletedAt: completedAt);

    private Task Put(ActionPoint a, string zone = "Asia/Jakarta", string title = "Rakor November") =>
        _store.Upsert([new FollowUpRow(a, zone, ActionPointRules.CarriedCount(a), title)]);

    private async Task<IReadOnlyList<FollowUpItem>> List(DateTimeOffset now, string? status = null, string? opd = null, string? overdue = null,
        string? dueBefore = null, string? q = null, string? page = null, string? pageSize = null, string? meetingId = null)
    {
        var query = Validation.FollowUps(status, opd, meetingId, overdue, dueBefore, q, page, pageSize, _ => true);
        var result = await _queries.List(query, FollowUpView.TodayByZone(now), CancellationToken.None);
        return [.. result.Items.Select(r => FollowUpView.Item(r.ActionPoint, r.TimeZone, r.MeetingTitle, now, Kosakata.Indonesian))];
    }

    [Theory]
    [InlineData("Asia/Jakarta", 17)] // WIB, UTC+7: 2026-12-16 00.00 local is 2026-12-15 17.00 UTC
    [InlineData("Asia/Makassar", 16)] // WITA, UTC+8
    [InlineData("Asia/Jayapura", 15)] // WIT, UTC+9
    public async Task Overdue_and_dueHumanized_turn_at_local_midnight_of_the_commitments_zone(string zone, int utcHourOfLocalMidnight)
    {
        var opd = "Z" + utcHourOfLocalMidnight;
        var a = Commitment("PUPR", "2026-12-15", meeting: "m-" + zone);
        await Put(a, zone);
        var midnight = new DateTimeOffset(2026, 12, 15, utcHourOfLocalMidnight, 0, 0, TimeSpan.Zero);

        var lastSecond = Assert.Single(await List(midnight.AddSeconds(-1), meetingId: null, q: a.Description.ToLowerInvariant()));
        Assert.Equal((false, 0, "hari ini"), (lastSecond.IsOverdue, lastSecond.DaysOverdue, lastSecond.DueHumanized));
        Assert.Empty(await List(midnight.AddSeconds(-1), overdue: "true", q: a.Description));

        var firstSecond = Assert.Single(await List(midnight, q: a.Description));
        Assert.Equal((true, 1), (firstSecond.IsOverdue, firstSecond.DaysOverdue));
        Assert.Equal(Kosakata.DueHumanized(a.DueDate, midnight, zone), firstSecond.DueHumanized);
        Assert.Single(await List(midnight, overdue: "true", q: a.Description));

        var tenDaysLater = Assert.Single(await List(midnight.AddDays(9), q: a.Description));
        Assert.Equal((true, 10, "10 hari yang lalu"), (tenDaysLater.IsOverdue, tenDaysLater.DaysOverdue, tenDaysLater.DueHumanized));
        // Three local days before the due date, up to the last second of that local day.
        var threeDaysBefore = midnight.AddDays(-3).AddSeconds(-1);
        var early = Assert.Single(await List(threeDaysBefore, q: a.Description));
        Assert.Equal((false, 0), (early.IsOverdue, early.DaysOverdue));
        Assert.Equal(Kosakata.DueHumanized(a.DueDate, threeDaysBefore, zone), early.DueHumanized);
        Assert.Contains("3 hari", early.DueHumanized);
        Assert.Equal("3 days from now", Kosakata.DueHumanized(a.DueDate, threeDaysBefore, zone, Kosakata.English));
        _ = opd;
    }

    [Fact]
    public async Task The_list_filters_pages_and_orders_by_urgency_in_SQL()
    {
        var now = new DateTimeOffset(2026, 12, 10, 3, 0, 0, TimeSpan.Zero); // 10.00 WIB, 10 December
        var veryLate = Commitment("PUPR", "2026-11-20", ActionPointStatus.InProgress, description: "jalan sangat terlambat");
        var late = Commitment("DINKES", "2026-12-01", description: "puskesmas terlambat");
        var soon = Commitment("PUPR", "2026-12-12", description: "jembatan segera");
        var later = Commitment("DINKES", "2026-12-30", ActionPointStatus.InProgress, description: "posyandu nanti");
        var awaiting = Commitment("PUPR", "2026-12-20", ActionPointStatus.AwaitingVerification, description: "drainase menunggu");
        var done = Commitment("PUPR", "2026-11-01", ActionPointStatus.Done, description: "pasar selesai", completedAt: now.AddDays(-40));
        var dropped = Commitment("DINKES", "2026-11-01", ActionPointStatus.Dropped, "m-2", description: "gedung batal");
        foreach (var a in new[] { done, later, awaiting, dropped, soon, late, veryLate }) await Put(a);

        Assert.Equal([veryLate.Id, late.Id, soon.Id, later.Id, awaiting.Id, done.Id, dropped.Id], (await List(now)).Select(i => i.Id));
        Assert.Equal([veryLate.Id, late.Id], (await List(now, overdue: "true")).Select(i => i.Id));
        Assert.Equal([20, 9], (await List(now, overdue: "true")).Select(i => i.DaysOverdue));
        // PUPR leads these; DISHUB supports PUPR's: the agency filter is lead or support.
        Assert.Equal([veryLate.Id, soon.Id, awaiting.Id, done.Id], (await List(now, opd: "PUPR")).Select(i => i.Id));
        Assert.Equal([veryLate.Id, soon.Id, awaiting.Id, done.Id], (await List(now, opd: "DISHUB")).Select(i => i.Id));
        Assert.Equal([later.Id, awaiting.Id], (await List(now, status: "InProgress,AwaitingVerification", overdue: "false")).Select(i => i.Id));
        Assert.Equal([veryLate.Id, late.Id, soon.Id], (await List(now, dueBefore: "2026-12-13", status: "Open,InProgress")).Select(i => i.Id));
        Assert.Equal([dropped.Id], (await List(now, meetingId: "m-2".Length > 0 ? null : null, q: "BATAL")).Select(i => i.Id));
        Assert.Equal([soon.Id, later.Id], (await List(now, page: "2", pageSize: "2")).Select(i => i.Id));
        Assert.Equal([dropped.Id], (await List(now, page: "4", pageSize: "2")).Select(i => i.Id));
        Assert.Empty(await List(now, q: "100%_"));
        var query = Validation.FollowUps(null, null, null, null, null, null, "1", "2", _ => true);
        Assert.Equal(7, (await _queries.List(query, FollowUpView.TodayByZone(now))).Total);
    }

    [Fact]
    public async Task Scorecards_count_per_status_overdue_on_time_rate_and_days_late()
    {
        var now = new DateTimeOffset(2026, 12, 10, 3, 0, 0, TimeSpan.Zero);
        DateTimeOffset LocalNoon(int month, int day) => new(2026, month, day, 12, 0, 0, TimeSpan.FromHours(7));
        // PUPR: done on time, done 4 days late, overdue by 9 days, open not yet due, awaiting verification (not due).
        await Put(Commitment("PUPR", "2026-11-10", ActionPointStatus.Done, completedAt: LocalNoon(11, 8)));
        await Put(Commitment("PUPR", "2026-11-10", ActionPointStatus.Done, completedAt: LocalNoon(11, 14)));
        await Put(Commitment("PUPR", "2026-12-01"));
        await Put(Commitment("PUPR", "2026-12-20"));
        await Put(Commitment("PUPR", "2026-12-22", ActionPointStatus.AwaitingVerification));
        // DINKES: two done on time, one dropped.
        await Put(Commitment("DINKES", "2026-11-15", ActionPointStatus.Done, completedAt: LocalNoon(11, 15)));
        await Put(Commitment("DINKES", "2026-11-20", ActionPointStatus.Done, completedAt: LocalNoon(11, 1)));
        await Put(Commitment("DINKES", "2026-11-20", ActionPointStatus.Dropped));

        var scores = (await _queries.Scores(null, null, null, FollowUpView.TodayByZone(now))).ToDictionary(s => s.Opd);
        var pupr = scores["PUPR"];
        Assert.Equal((2, 1, 1, 1), (pupr.ByStatus[ActionPointStatus.Done], pupr.ByStatus[ActionPointStatus.Open] - 1, pupr.ByStatus[ActionPointStatus.AwaitingVerification], pupr.Overdue));
        Assert.Equal((1, 2, 13L), (pupr.DoneOnTime, pupr.LateCount, pupr.DaysLateSum)); // 4 days (done late) + 9 days (overdue)
        var dinkes = scores["DINKES"];
        Assert.Equal((2, 1, 0, 2, 0), (dinkes.ByStatus[ActionPointStatus.Done], dinkes.ByStatus[ActionPointStatus.Dropped], dinkes.Overdue, dinkes.DoneOnTime, dinkes.LateCount));

        // A period is on due dates, inclusive.
        var november = (await _queries.Scores(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), "PUPR", FollowUpView.TodayByZone(now))).Single();
        Assert.Equal(2, november.ByStatus.Values.Sum());
    }
}

public sealed class FollowUpReadModelTestsOnSqlite : FollowUpReadModelTests
{
    protected override Engine Engine => Engine.Sqlite;
}

public sealed class FollowUpReadModelTestsOnPostgreSql : FollowUpReadModelTests
{
    protected override Engine Engine => Engine.PostgreSQL;
}
