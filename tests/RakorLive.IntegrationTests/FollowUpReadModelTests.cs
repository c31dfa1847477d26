using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using RakorLive.Grains.Agencies;
using RakorLive.Grains.FollowUps;
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
    private StorageSettings _settings = null!;
    private AdoNetFollowUpStore _store = null!;
    private AdoNetFollowUpQueries _queries = null!;
    private static readonly IOptions<ClusterOptions> Cluster = Options.Create(new ClusterOptions { ServiceId = "followups-test", ClusterId = "t" });

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
        _settings = settings;
        await SchemaInstaller.ApplyAsync(settings, NullLogger.Instance, CancellationToken.None);
        _database = new AdoNetDatabase(settings);
        _store = new AdoNetFollowUpStore(_database, Cluster);
        _queries = new AdoNetFollowUpQueries(_database, Cluster);
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
        // The same turn without a search word: the list then pages through the index ranges instead of sorting its matches.
        Assert.Empty(await List(midnight.AddSeconds(-1), overdue: "true"));
        Assert.Equal(a.Id, Assert.Single(await List(midnight, overdue: "true")).Id);

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

    private async Task<(int Items, int Total)> Count(Validation.FollowUpQuery query, DateTimeOffset now)
    {
        var result = await _queries.List(query, FollowUpView.TodayByZone(now));
        return (result.Items.Count, result.Total);
    }

    [Fact]
    public async Task In_one_list_each_commitment_turns_overdue_at_midnight_in_its_own_zone()
    {
        // 16.00 UTC on 15 December: 01.00 on the 16th in WIT, 00.00 in WITA, still 23.00 on the 15th in WIB.
        var now = new DateTimeOffset(2026, 12, 15, 16, 0, 0, TimeSpan.Zero);
        var wib = Commitment("PUPR", "2026-12-15", description: "batas wib");
        var wita = Commitment("PUPR", "2026-12-15", description: "batas wita");
        var wit = Commitment("PUPR", "2026-12-15", description: "batas wit");
        var earlierWib = Commitment("DINKES", "2026-12-14", description: "batas wib kemarin");
        await Put(wib, "Asia/Jakarta");
        await Put(wita, "Asia/Makassar");
        await Put(wit, "Asia/Jayapura");
        await Put(earlierWib, "Asia/Jakarta");
        string[] late = [.. new[] { wita.Id, wit.Id }.Order(StringComparer.Ordinal)];
        // Late first, most days late first (ties by id), then the one still due today in WIB: the same order on both paths.
        Assert.Equal([earlierWib.Id, .. late, wib.Id], (await List(now)).Select(i => i.Id));
        Assert.Equal([earlierWib.Id, .. late, wib.Id], (await List(now, q: "batas")).Select(i => i.Id));
        Assert.Equal([earlierWib.Id, .. late], (await List(now, overdue: "true")).Select(i => i.Id));
        Assert.Equal([wib.Id], (await List(now, overdue: "false")).Select(i => i.Id));
        Assert.Equal([wib.Id], (await List(now, overdue: "false", q: "batas")).Select(i => i.Id));
        Assert.Equal([late[1]], (await List(now, page: "3", pageSize: "1")).Select(i => i.Id));
        // Two letters are matched by reading the rows, three or more through the search index: the same substring rule.
        Assert.Equal(4, (await List(now, q: "wi")).Count);
        Assert.Equal([earlierWib.Id, wib.Id], (await List(now, q: "WIB")).Select(i => i.Id));
        Assert.Equal([earlierWib.Id], (await List(now, q: "s wib k")).Select(i => i.Id));
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
        // A page across two ranks (awaiting verification, then Done), and the same pages through an agency's sorted matches.
        Assert.Equal([awaiting.Id, done.Id], (await List(now, page: "3", pageSize: "2")).Select(i => i.Id));
        Assert.Equal([awaiting.Id, done.Id], (await List(now, opd: "PUPR", page: "2", pageSize: "2")).Select(i => i.Id));
        var pastTheEnd = Validation.FollowUps(null, "PUPR", null, null, null, null, "5", "2", _ => true);
        Assert.Equal((0, 4), await Count(pastTheEnd, now));
        Assert.Equal((0, 7), await Count(Validation.FollowUps(null, null, null, null, null, null, "9", "2", _ => true), now));
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

    [Fact]
    public async Task Kept_scorecards_are_counted_again_after_any_change_of_the_read_model_seen_by_any_node_and_on_a_new_day()
    {
        var now = new DateTimeOffset(2026, 12, 10, 3, 0, 0, TimeSpan.Zero);
        var a = Commitment("PUPR", "2026-12-10");
        await Put(a);
        // A second node: its own queries over the same database, so nothing but the database tells it of a change.
        var other = new AdoNetFollowUpQueries(_database, Cluster);
        async Task<(int Open, int Done, int Overdue)> Pupr(AdoNetFollowUpQueries queries, DateTimeOffset at)
        {
            var s = (await queries.Scores(null, null, null, FollowUpView.TodayByZone(at))).Single(c => c.Opd == "PUPR");
            return (s.ByStatus.GetValueOrDefault(ActionPointStatus.Open), s.ByStatus.GetValueOrDefault(ActionPointStatus.Done), s.Overdue);
        }
        Assert.Equal((1, 0, 0), await Pupr(_queries, now));
        Assert.Equal((1, 0, 0), await Pupr(other, now));
        // Due today, so overdue tomorrow: the kept counts are for today only.
        Assert.Equal((1, 0, 1), await Pupr(_queries, now.AddDays(1)));
        // Written through one store, seen by both nodes' next read.
        await Put(a with { Status = ActionPointStatus.Done, Version = 2, ProgressPercent = 100, CompletedAt = now });
        Assert.Equal((0, 1, 0), await Pupr(_queries, now));
        Assert.Equal((0, 1, 0), await Pupr(other, now));
        // A repeated write changes nothing, and the counts stay.
        await Put(a with { Status = ActionPointStatus.Done, Version = 2, ProgressPercent = 100, CompletedAt = now });
        Assert.Equal((0, 1, 0), await Pupr(other, now));
        await Put(Commitment("PUPR", "2026-12-31"));
        Assert.Equal((1, 1, 0), await Pupr(other, now));
    }

    [Fact]
    public async Task Totals_follow_each_commitment_through_new_statuses_and_due_dates_and_ignore_older_versions()
    {
        var now = new DateTimeOffset(2026, 12, 10, 3, 0, 0, TimeSpan.Zero);
        var a = Commitment("PUPR", "2026-12-01");
        var b = Commitment("DINKES", "2026-12-20");
        await Put(a);
        await Put(b);
        async Task<(int All, int Late, int Done, int DueSoon)> Totals() => (
            (await _queries.List(Validation.FollowUps(null, null, null, null, null, null, null, null, _ => true), FollowUpView.TodayByZone(now))).Total,
            (await _queries.List(Validation.FollowUps(null, null, null, "true", null, null, null, null, _ => true), FollowUpView.TodayByZone(now))).Total,
            (await _queries.List(Validation.FollowUps("Done", null, null, null, null, null, null, null, _ => true), FollowUpView.TodayByZone(now))).Total,
            (await _queries.List(Validation.FollowUps(null, null, null, null, "2026-12-25", null, null, null, _ => true), FollowUpView.TodayByZone(now))).Total);
        Assert.Equal((2, 1, 0, 2), await Totals());
        // a is done, b moves past the 25th: each leaves its old count and joins its new one.
        await Put(a with { Status = ActionPointStatus.Done, Version = 2, CompletedAt = now });
        await Put(b with { DueDate = new DateOnly(2026, 12, 31), Version = 2 });
        Assert.Equal((2, 0, 1, 1), await Totals());
        // A late or repeated write of an older version changes nothing, counts included.
        await Put(a);
        await Put(b with { DueDate = new DateOnly(2026, 12, 31), Version = 2 });
        Assert.Equal((2, 0, 1, 1), await Totals());
        // The totals are what the lanes hold: the same as counting the rows of every page.
        Assert.Equal(2, (await List(now, pageSize: "200")).Count);
    }

    [Fact]
    public async Task Scorecard_days_late_count_in_each_commitments_zone_and_the_derived_tables_are_rebuilt_from_the_read_model()
    {
        // 16.00 UTC on 15 December: already the 16th in WITA and WIT, still the 15th in WIB.
        var now = new DateTimeOffset(2026, 12, 15, 16, 0, 0, TimeSpan.Zero);
        await Put(Commitment("PUPR", "2026-12-10"), "Asia/Jakarta"); // 5 days late
        await Put(Commitment("PUPR", "2026-12-10"), "Asia/Jayapura"); // 6 days late
        await Put(Commitment("PUPR", "2026-12-15"), "Asia/Makassar"); // 1 day late
        await Put(Commitment("PUPR", "2026-12-15"), "Asia/Jakarta"); // due today
        var expected = (4, 3, 3, 12L);
        ScoreCounts Pupr(IEnumerable<ScoreCounts> scores) => scores.Single(s => s.Opd == "PUPR");
        var pupr = Pupr(await _queries.Scores(null, null, null, FollowUpView.TodayByZone(now)));
        Assert.Equal(expected, (pupr.ByStatus[ActionPointStatus.Open], pupr.Overdue, pupr.LateCount, pupr.DaysLateSum));

        // A store from before the score rows existed (and the generation): the schema scripts copy them from the read model on the next start.
        var derived = Engine == Engine.Sqlite
            ? "DELETE FROM rakor_follow_up_scores; DELETE FROM rakor_follow_up_counts; DELETE FROM rakor_follow_up_agency_lanes; DELETE FROM rakor_follow_up_search; DELETE FROM rakor_follow_up_search_rows; DELETE FROM rakor_follow_up_generation"
            : "DELETE FROM rakor_follow_up_scores; DELETE FROM rakor_follow_up_counts; DELETE FROM rakor_follow_up_agency_lanes; DELETE FROM rakor_follow_up_search_rows; DELETE FROM rakor_follow_up_generation";
        await using (var connection = await _database.Open(CancellationToken.None))
        await using (var delete = AdoNetDatabase.Command(connection, null, derived))
            await delete.ExecuteNonQueryAsync();
        Assert.Empty(await _queries.Scores(null, null, null, FollowUpView.TodayByZone(now)));
        Assert.Empty(await List(now, q: "komitmen"));
        Assert.Empty(await List(now, opd: "PUPR"));
        await SchemaInstaller.ApplyAsync(_settings, NullLogger.Instance, CancellationToken.None);
        pupr = Pupr(await _queries.Scores(null, null, null, FollowUpView.TodayByZone(now)));
        Assert.Equal(expected, (pupr.ByStatus[ActionPointStatus.Open], pupr.Overdue, pupr.LateCount, pupr.DaysLateSum));
        // The totals and the search index are rebuilt the same way.
        var all = await Count(Validation.FollowUps(null, null, null, null, null, null, null, null, _ => true), now);
        var overdue = await Count(Validation.FollowUps(null, null, null, "true", null, null, null, null, _ => true), now);
        Assert.Equal((4, 3), (all.Total, overdue.Total));
        Assert.Equal(4, (await List(now, q: "komitmen")).Count);
        Assert.Equal(4, (await List(now, opd: "DISHUB")).Count);
    }

    [Fact]
    public async Task A_search_ranks_and_filters_by_the_commitments_current_status_due_date_and_meeting()
    {
        var now = new DateTimeOffset(2026, 12, 15, 3, 0, 0, TimeSpan.Zero);
        var a = Commitment("PUPR", "2026-12-20", description: "normalisasi sungai cibodas");
        var meeting = Guid.NewGuid().ToString();
        var b = Commitment("DINKES", "2026-12-30", description: "normalisasi data posyandu", meeting: meeting);
        await Put(a);
        await Put(b);
        Assert.Equal([a.Id, b.Id], (await List(now, q: "normalisasi")).Select(i => i.Id));

        // b falls due before a and a is done: the search follows each change, in rank, in the status filter and in the meeting filter.
        await Put(b with { DueDate = new DateOnly(2026, 12, 10), Version = 2 });
        await Put(a with { Status = ActionPointStatus.Done, ProgressPercent = 100, CompletedAt = now, Version = 2 });
        Assert.Equal([b.Id, a.Id], (await List(now, q: "normalisasi")).Select(i => i.Id));
        Assert.Equal([b.Id], (await List(now, q: "normalisasi", overdue: "true")).Select(i => i.Id));
        Assert.Equal([a.Id], (await List(now, q: "normalisasi", status: "Done")).Select(i => i.Id));
        Assert.Equal([b.Id], (await List(now, q: "normalisasi", meetingId: meeting)).Select(i => i.Id));
        Assert.Equal([a.Id], (await List(now, q: "sungai", dueBefore: "2026-12-21")).Select(i => i.Id));
    }

    [Fact]
    public async Task A_sqlite_store_with_the_first_search_layout_keeps_its_search_keys_when_upgraded()
    {
        if (Engine != Engine.Sqlite) return; // the trigram index and its keys are SQLite's (deploy/sql/sqlite/067)
        var now = new DateTimeOffset(2026, 12, 15, 3, 0, 0, TimeSpan.Zero);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var a = Commitment("PUPR", $"2026-12-2{i}", description: $"rehabilitasi jaringan irigasi {i}");
            ids.Add(a.Id);
            await Put(a);
        }
        // The first layout: keys with the id alone, at ids of their own, and the index rows under those ids.
        await Sql("""
            DROP TRIGGER rakor_follow_up_search_row_added; DROP TRIGGER rakor_follow_up_search_row_changed;
            DROP TRIGGER rakor_follow_up_search_text_changed; DROP TRIGGER rakor_follow_up_search_row_removed;
            DROP TABLE rakor_follow_up_search_rows; DELETE FROM rakor_follow_up_search;
            CREATE TABLE rakor_follow_up_search_keys (search_id INTEGER PRIMARY KEY, service_id TEXT NOT NULL, action_point_id TEXT NOT NULL,
                UNIQUE (service_id, action_point_id));
            INSERT INTO rakor_follow_up_search_keys (search_id, service_id, action_point_id)
                SELECT 1000 + ROW_NUMBER() OVER (ORDER BY action_point_id), service_id, action_point_id FROM rakor_follow_ups;
            INSERT INTO rakor_follow_up_search (rowid, search_text)
                SELECT k.search_id, f.search_text FROM rakor_follow_up_search_keys k
                JOIN rakor_follow_ups f ON f.service_id = k.service_id AND f.action_point_id = k.action_point_id;
            """);

        await SchemaInstaller.ApplyAsync(_settings, NullLogger.Instance, CancellationToken.None);

        Assert.Equal(ids.Order(StringComparer.Ordinal), (await List(now, q: "irigasi")).Select(i => i.Id).Order(StringComparer.Ordinal));
        Assert.Equal(3L, await Scalar("SELECT COUNT(*) FROM rakor_follow_up_search_rows WHERE search_id > 1000 AND status = 'Open'"));
        Assert.Equal(0L, await Scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'rakor_follow_up_search_keys'"));
        // Applied again, nothing moves; the triggers keep the rows from then on.
        await SchemaInstaller.ApplyAsync(_settings, NullLogger.Instance, CancellationToken.None);
        Assert.Equal(3, (await List(now, q: "irigasi")).Count);
        var added = Commitment("DLH", "2026-12-24", description: "irigasi tetes kebun");
        await Put(added);
        Assert.Equal(added.Id, (await List(now, q: "irigasi tetes")).Single().Id);
    }

    private async Task Sql(string sql)
    {
        await using var connection = await _database.Open(CancellationToken.None);
        await using var command = AdoNetDatabase.Command(connection, null, sql);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Rows_past_one_statements_parameter_limit_are_split_and_all_land()
    {
        // Two values a row after the service id: 16,000 rows need 32,001 parameters, past the 30,000 a statement may hold.
        var rows = Enumerable.Range(0, 16_000).Select(i => new object?[] { $"bulk-{i}", "m-bulk" }).ToList();
        var statements = AdoNetDatabase.RowInserts("rakor_entity_owners (service_id, entity_id, meeting_id)", "", "bulk-test", rows).ToList();
        Assert.Equal(2, statements.Count);
        await _database.Enqueue(WriteLane.Journal, (c, t) => AdoNetDatabase.ExecuteAll(c, t, statements));
        Assert.Equal(16_000L, await Scalar("SELECT COUNT(*) FROM rakor_entity_owners WHERE service_id = 'bulk-test' AND meeting_id = 'm-bulk'"));
    }

    [Fact]
    public async Task A_write_that_fails_changes_nothing_and_the_next_write_on_its_lane_lands()
    {
        Task Own(string id) => _database.Enqueue(WriteLane.Journal, (c, t) => AdoNetDatabase.Execute(c, t,
            "INSERT INTO rakor_entity_owners (service_id, entity_id, meeting_id) VALUES ('lane-test', @e, 'm-1')", ("e", id)));
        await Own("first");
        var failed = await Assert.ThrowsAnyAsync<Exception>(() => Own("first"));
        Assert.True(AdoNetDatabase.IsUniqueViolation(failed), failed.ToString());
        await Own("second");
        Assert.Equal(2L, await Scalar("SELECT COUNT(*) FROM rakor_entity_owners WHERE service_id = 'lane-test'"));
    }

    [Fact]
    public async Task An_upsert_holding_two_versions_of_a_commitment_keeps_the_newer_and_counts_it_once()
    {
        var open = Commitment("DINKES", "2026-12-20");
        var done = open with { Version = 2, Status = ActionPointStatus.Done, ProgressPercent = 100, CompletedAt = Created.AddDays(3) };
        await _store.Upsert([new FollowUpRow(done, "Asia/Jakarta", 0, "Rakor"), new FollowUpRow(open, "Asia/Jakarta", 0, "Rakor")]);
        var item = Assert.Single(await List(Created.AddDays(4), opd: "DINKES"));
        Assert.Equal(ActionPointStatus.Done, item.Status);
        Assert.Equal(1L, await Scalar("SELECT COALESCE(SUM(n), 0) FROM rakor_follow_up_counts WHERE service_id = 'followups-test'"));
        // The older version arriving late, alone, changes nothing either.
        await Put(open);
        Assert.Equal(ActionPointStatus.Done, Assert.Single(await List(Created.AddDays(4), opd: "DINKES")).Status);
        Assert.Equal(1L, await Scalar("SELECT COALESCE(SUM(n), 0) FROM rakor_follow_up_counts WHERE service_id = 'followups-test'"));
    }

    [Fact]
    public async Task Writes_queued_while_the_writer_is_busy_share_its_next_transaction_on_SQLite_and_the_last_lands_at_shutdown()
    {
        WriteSeen audit = new(), append = new();
        Task Own(string id, WriteSeen seen) => _database.Enqueue(WriteLane.Records, async (c, t) =>
        {
            seen.Transaction = t;
            seen.Thread = Thread.CurrentThread.Name;
            await AdoNetDatabase.Execute(c, t, "INSERT INTO rakor_entity_owners (service_id, entity_id, meeting_id) VALUES ('batch-test', @e, 'm-1')", ("e", id));
        });

        // The writer is held in a transaction while both queue, so the next one finds both waiting, however slow the machine.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = _database.Enqueue(WriteLane.Journal, (_, _) => gate.Task);
        var audited = Own("audit-row", audit);
        var appended = Own("append", append);
        gate.SetResult();
        await Task.WhenAll(holding, audited, appended);
        if (Engine == Engine.Sqlite)
        {
            Assert.Same(append.Transaction, audit.Transaction);
            // SQLite's blocking writer runs on a thread of its own, never on the thread pool.
            Assert.Equal("SQLite writer", append.Thread);
        }

        // One queued as the database closes is written before it closes.
        var last = Own("at-shutdown", new WriteSeen());
        await _database.DisposeAsync();
        await last;
        _database = new AdoNetDatabase(_settings);
        Assert.Equal(3L, await Scalar("SELECT COUNT(*) FROM rakor_entity_owners WHERE service_id = 'batch-test'"));
    }

    private sealed class WriteSeen
    {
        public System.Data.Common.DbTransaction? Transaction { get; set; }
        public string? Thread { get; set; }
    }

    [Fact]
    public async Task Read_model_writes_all_land_even_at_shutdown_and_on_SQLite_an_append_queued_after_them_goes_first()
    {
        var rows = Enumerable.Range(0, 20).Select(i => Commitment("BAPPEDA", "2026-12-20", description: $"Komitmen {i}")).ToList();
        var upserts = rows.Select(a => Put(a)).ToList();
        // What an acknowledgement waits for, queued behind twenty read-model rows.
        await _database.Enqueue(WriteLane.Journal, (connection, transaction) => AdoNetDatabase.Execute(connection, transaction, "SELECT 1"));
        var landedFirst = upserts.Count(u => u.IsCompleted);
        if (Engine == Engine.Sqlite)
            // On SQLite's one writer the rows gather and commit in shares of four after it; at most a share or two went before.
            Assert.True(landedFirst <= 8, $"{landedFirst} of 20 read-model rows were committed before the append queued after them.");
        await Task.WhenAll(upserts);
        Assert.Equal(20L, await Scalar("SELECT COUNT(*) FROM rakor_follow_ups WHERE service_id = 'followups-test' AND owner_opd = 'BAPPEDA'"));

        // Rows still gathering when the process stops are written before the database closes.
        var late = Enumerable.Range(0, 3).Select(_ => Put(Commitment("BAPPEDA", "2026-12-21"))).ToList();
        await _database.DisposeAsync();
        await Task.WhenAll(late);
        _database = new AdoNetDatabase(_settings);
        Assert.Equal(23L, await Scalar("SELECT COUNT(*) FROM rakor_follow_ups WHERE service_id = 'followups-test' AND owner_opd = 'BAPPEDA'"));
    }

    private async Task<long> Scalar(string sql)
    {
        await using var connection = await _database.Open(CancellationToken.None);
        await using var command = AdoNetDatabase.Command(connection, null, sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
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
