using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using RakorLive.Grains.FollowUps;
using RakorLive.Json;
using RakorLive.Model;
using RakorLive.Rules;

namespace RakorLive.Storage;

/// <summary>
/// The follow-up list and the scorecards in SQL (deploy/sql/common/030 and 065-068, deploy/sql/*/050 and 067). Urgency order, defined once here (<see cref="Lanes"/>):
/// 0 overdue (not Done or Dropped, due date before today in the commitment's zone), most days late first;
/// 1 open or in progress, soonest due first; 2 awaiting verification, soonest due first; 3 Done; 4 Dropped.
/// Ties by due date, then id, so paging is stable.
/// </summary>
public sealed class AdoNetFollowUpQueries(AdoNetDatabase database, IOptions<ClusterOptions> cluster) : IFollowUpQueries
{
    private readonly string _serviceId = cluster.Value.ServiceId;

    /// <summary>
    /// The urgency order as lanes, each one status on one side of "today": a lane is one range of the order index
    /// (deploy/sql/common/065), already in due-date order, so a page is a merge of a few ranges and stops at its last row.
    /// Late lanes first (most days late first), then the rest by rank. Overdue, the rank CASE and the lanes all come from this list.
    /// </summary>
    private static readonly Lane[] Lanes =
    [
        new(0, ActionPointStatus.Open, Late: true), new(0, ActionPointStatus.InProgress, Late: true), new(0, ActionPointStatus.AwaitingVerification, Late: true),
        new(1, ActionPointStatus.Open, Late: false), new(1, ActionPointStatus.InProgress, Late: false),
        new(2, ActionPointStatus.AwaitingVerification, Late: false),
        new(3, ActionPointStatus.Done, Late: null),
        new(4, ActionPointStatus.Dropped, Late: null),
    ];

    /// <param name="Late">true: due before today in the commitment's zone; false: due today or later; null: either (closed lanes).</param>
    private sealed record Lane(int Rank, ActionPointStatus Status, bool? Late)
    {
        // Status names are the enum's own, so they are written as literals: the planner then sees one range per lane.
        // While every zone has the same date (all but a few hours a day), the bounds alone are exact and the per-zone CASE is left out.
        public string Condition(string? today) => Late switch
        {
            true => $"f.status = '{Status}' AND f.due_date < @tmax" + (today is null ? "" : $" AND f.due_date < {today}"),
            false => $"f.status = '{Status}' AND f.due_date >= @tmin" + (today is null ? "" : $" AND f.due_date >= {today}"),
            null => $"f.status = '{Status}'",
        };
    }

    public async Task<FollowUpResult> List(Validation.FollowUpQuery query, IReadOnlyDictionary<string, DateOnly> todayByZone, CancellationToken cancellationToken = default)
    {
        var parameters = new List<(string, object?)> { ("s", _serviceId) };
        var today = ZoneToday(todayByZone, parameters);
        // Bounds of "today" over every zone: they turn each lane's per-zone comparison into a range of the index.
        TodayBounds(todayByZone, parameters);
        var lanes = Lanes.Where(l => (query.Statuses.Count == 0 || query.Statuses.Contains(l.Status))
                                     && (query.Overdue is not { } late || (late ? l.Late == true : l.Late != true))).ToList();
        var filters = new StringBuilder();
        if (query.MeetingId is { } meeting)
        {
            filters.Append(" AND f.meeting_id = @m");
            parameters.Add(("m", meeting));
        }
        if (query.DueBefore is { } before)
        {
            filters.Append(" AND f.due_date < @before");
            parameters.Add(("before", Day(before)));
        }
        var sqlite = database.Settings.Provider == StorageProvider.Sqlite;
        // SQLite finds a search text of three characters or more through its trigram index (deploy/sql/sqlite/067): the same
        // substring match, without reading every commitment. On PostgreSQL the trigram index of the search rows serves the
        // LIKE itself (deploy/sql/postgresql/067).
        var searchIndex = sqlite && query.Search is { Length: >= 3 };
        if (query.Search is { } q)
        {
            if (searchIndex) parameters.Add(("match", "\"" + q.ToLowerInvariant().Replace("\"", "\"\"") + "\""));
            else
            {
                filters.Append(" AND f.search_text LIKE @q ESCAPE '\\'");
                parameters.Add(("q", "%" + q.ToLowerInvariant().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%"));
            }
        }
        if (query.Opd is { } opd) parameters.Add(("opd", opd));
        if (lanes.Count == 0) return new FollowUpResult([], 0);
        var offset = (query.Page - 1) * query.PageSize;
        await using var connection = await database.Open(cancellationToken);
        // The list, and an agency's list, page through their lanes, so the cost of a page does not grow with the number of
        // commitments. A meeting or a search word narrows to a few thousand rows at most: those are ranked and sorted whole.
        if (query.MeetingId is null && query.Search is null)
            return await Merged(connection, sqlite, lanes, today, filters.ToString(), byAgency: query.Opd is not null, offset, query.PageSize,
                parameters, cancellationToken);
        // Whichever narrows most drives the join (CROSS JOIN keeps that order on SQLite): the search index's matches, else the
        // agency's rows; walking the list's indexes and probing for each row would cost the whole list. A search reads the
        // narrow rows beside its index, which hold what ranks a match (found by integer key on SQLite); on SQLite the named
        // index keeps an agency's probes off the commitment's wide row.
        var rankIndex = sqlite ? " INDEXED BY rakor_follow_ups_rank" : "";
        var agency = query.Opd is null ? "" : " AND f.action_point_id IN (SELECT o.action_point_id FROM rakor_follow_up_opds o WHERE o.service_id = @s AND o.opd = @opd)";
        var from = searchIndex
            ? $"rakor_follow_up_search t CROSS JOIN rakor_follow_up_search_rows f WHERE t.search_text MATCH @match AND f.search_id = t.rowid AND f.service_id = @s{agency}"
            : !sqlite && query.Search is not null ? $"rakor_follow_up_search_rows f WHERE f.service_id = @s{agency}"
            : query.Opd is not null
                ? $"rakor_follow_up_opds o CROSS JOIN rakor_follow_ups f{rankIndex} WHERE o.service_id = @s AND o.opd = @opd AND f.service_id = o.service_id AND f.action_point_id = o.action_point_id"
            : "rakor_follow_ups f WHERE f.service_id = @s";
        parameters.Add(("limit", (long)query.PageSize));
        parameters.Add(("offset", (long)offset));
        return await Sorted(connection, lanes, today, from, filters.ToString(), parameters, cancellationToken);
    }

    private static async Task<FollowUpResult> Sorted(DbConnection connection, List<Lane> lanes, string? today, string from, string filters,
        List<(string, object?)> parameters, CancellationToken cancellationToken)
    {
        var rank = new StringBuilder("CASE");
        foreach (var lane in Lanes) rank.Append(" WHEN ").Append(lane.Condition(today)).Append(" THEN ").Append(lane.Rank);
        rank.Append(" END");
        var where = $"{from} AND ({string.Join(" OR ", lanes.Select(l => l.Condition(today)))}){filters}";
        // The count rides along as a window over the same rows: one pass, not a count and then a page.
        var items = await Page(connection, $"""
            SELECT f.action_point_id AS id, {rank} AS u, f.due_date AS d, COUNT(*) OVER () AS total
            FROM {where}
            ORDER BY u, d, id
            LIMIT @limit OFFSET @offset
            """, "p.u, p.d, p.id", withTotal: true, parameters, cancellationToken);
        var total = items.Total;
        if (items.Records.Count == 0)
        {
            await using var count = AdoNetDatabase.Command(connection, null, $"SELECT COUNT(*) FROM {where}", [.. parameters]);
            total = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }
        return new FollowUpResult(items.Records, total);
    }

    /// <param name="byAgency">
    /// The lanes of one agency (rakor_follow_up_agency_lanes, deploy/sql/common/068), counted over its own few thousand index
    /// entries; otherwise the lanes of the whole list, whose totals come from the counts per status, due date and zone
    /// (deploy/sql/common/066): the lanes and the due-date filter, the only ones that take this path, are conditions on those alone.
    /// </param>
    /// <param name="sqlite">
    /// SQLite merges a compound SELECT's ordered members as they are; PostgreSQL merges (Merge Append) only members that are
    /// ordered and limited themselves, so there each lane is wrapped with its own ORDER BY and LIMIT (no lane gives more
    /// than the page's end).
    /// </param>
    private static async Task<FollowUpResult> Merged(DbConnection connection, bool sqlite, List<Lane> lanes, string? today, string filters, bool byAgency,
        int offset, int limit, List<(string, object?)> parameters, CancellationToken cancellationToken)
    {
        var source = byAgency ? "rakor_follow_up_agency_lanes f WHERE f.service_id = @s AND f.opd = @opd" : "rakor_follow_ups f WHERE f.service_id = @s";
        string Arm(Lane lane, int i) => sqlite
            ? $"SELECT f.action_point_id AS id, f.due_date AS d FROM {source} AND {lane.Condition(today)}{filters}"
            : $"SELECT a{i}.id, a{i}.d FROM (SELECT f.action_point_id AS id, f.due_date AS d FROM {source} AND {lane.Condition(today)}{filters} " +
              $"ORDER BY f.due_date, f.action_point_id LIMIT @end) a{i}";
        string Count(Lane lane, int i) => byAgency
            ? $"SELECT {i} AS lane, COUNT(*) AS n FROM {source} AND {lane.Condition(today)}{filters}"
            : $"SELECT {i} AS lane, COALESCE(SUM(f.n), 0) AS n FROM rakor_follow_up_counts f WHERE f.service_id = @s AND {lane.Condition(today)}{filters}";
        var counts = new long[lanes.Count];
        await using (var count = AdoNetDatabase.Command(connection, null, string.Join("\nUNION ALL\n", lanes.Select((l, i) => Count(l, i))), [.. parameters]))
        await using (var reader = await count.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                counts[Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture)] = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
        }
        var records = new List<FollowUpRecord>();
        long start = 0;
        // A rank's lanes merge in due-date order; the page takes from each rank it overlaps, in rank order.
        foreach (var rank in lanes.Select((l, i) => (l.Rank, Index: i)).GroupBy(x => x.Rank).OrderBy(g => g.Key))
        {
            var size = rank.Sum(x => counts[x.Index]);
            var from = Math.Max(offset, start);
            var to = Math.Min((long)offset + limit, start + size);
            if (from < to)
            {
                var rankParameters = new List<(string, object?)>(parameters) { ("limit", to - from), ("offset", from - start), ("end", to - start) };
                var page = await Page(connection, $"""
                    {string.Join("\nUNION ALL\n", rank.Select(x => Arm(lanes[x.Index], x.Index)))}
                    ORDER BY d, id
                    LIMIT @limit OFFSET @offset
                    """, "p.d, p.id", withTotal: false, rankParameters, cancellationToken);
                records.AddRange(page.Records);
            }
            start += size;
        }
        return new FollowUpResult(records, (int)counts.Sum());
    }

    /// <summary>Reads the whole rows of a page that <paramref name="ids"/> chose from the index, in that order.</summary>
    private static async Task<(List<FollowUpRecord> Records, int Total)> Page(DbConnection connection, string ids, string order, bool withTotal,
        List<(string, object?)> parameters, CancellationToken cancellationToken)
    {
        await using var command = AdoNetDatabase.Command(connection, null, $"""
            SELECT x.payload, x.time_zone, COALESCE(d.meeting_title, ''), x.carried_count{(withTotal ? ", p.total" : "")}
            FROM ({ids}) p
            JOIN rakor_follow_ups x ON x.service_id = @s AND x.action_point_id = p.id
            LEFT JOIN rakor_follow_up_details d ON d.service_id = x.service_id AND d.action_point_id = x.action_point_id
            ORDER BY {order}
            """, [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<FollowUpRecord>();
        var total = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new FollowUpRecord(JsonSerializer.Deserialize<ActionPoint>(reader.GetString(0), RakorLiveJson.Options)!,
                reader.GetString(1), reader.GetString(2), Convert.ToInt32(reader.GetValue(3), CultureInfo.InvariantCulture)));
            if (withTotal) total = Convert.ToInt32(reader.GetValue(4), CultureInfo.InvariantCulture);
        }
        return (items, total);
    }

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Scorecard counts per period, agency and "today", with the read model's generation they were counted at.</summary>
    private readonly ConcurrentDictionary<string, (long Generation, IReadOnlyList<ScoreCounts> Counts)> _scores = new(StringComparer.Ordinal);

    /// <summary>Periods are the caller's choice: past this many kept, the kept ones are dropped and counted again when asked.</summary>
    private const int KeptScores = 64;

    /// <summary>
    /// The counts are recounted only when the read model changed since they were counted (its generation, deploy/sql/common/069),
    /// or "today" did: every change raises the generation in its own transaction, so every node recounts at its next read.
    /// </summary>
    public async Task<IReadOnlyList<ScoreCounts>> Scores(DateOnly? from, DateOnly? to, string? opd, IReadOnlyDictionary<string, DateOnly> todayByZone,
        CancellationToken cancellationToken = default)
    {
        var key = string.Join('|', from?.DayNumber, to?.DayNumber, opd, string.Join(',', todayByZone.OrderBy(z => z.Key, StringComparer.Ordinal).Select(z => $"{z.Key}={z.Value.DayNumber}")));
        await using var connection = await database.Open(cancellationToken);
        // Read before the counts: a change that lands between the two is then counted again at the next read, never missed.
        long? generation;
        await using (var read = AdoNetDatabase.Command(connection, null, "SELECT generation FROM rakor_follow_up_generation WHERE id = 1"))
            generation = await read.ExecuteScalarAsync(cancellationToken) is { } value and not DBNull ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : null;
        if (generation is { } g && _scores.TryGetValue(key, out var kept) && kept.Generation == g) return kept.Counts;
        var counts = await CountScores(connection, from, to, opd, todayByZone, cancellationToken);
        if (generation is { } counted)
        {
            if (_scores.Count >= KeptScores) _scores.Clear();
            _scores[key] = (counted, counts);
        }
        return counts;
    }

    private async Task<IReadOnlyList<ScoreCounts>> CountScores(DbConnection connection, DateOnly? from, DateOnly? to, string? opd,
        IReadOnlyDictionary<string, DateOnly> todayByZone, CancellationToken cancellationToken)
    {
        var parameters = new List<(string, object?)> { ("s", _serviceId) };
        var today = ZoneToday(todayByZone, parameters) ?? "@tmax";
        TodayBounds(todayByZone, parameters);
        var where = new StringBuilder("f.service_id = @s");
        if (from is { } a) { where.Append(" AND f.due_date >= @from"); parameters.Add(("from", Day(a))); }
        if (to is { } b) { where.Append(" AND f.due_date <= @to"); parameters.Add(("to", Day(b))); }
        if (opd is not null) { where.Append(" AND f.owner_opd = @opd"); parameters.Add(("opd", opd)); }
        // One pass over the narrow score rows (deploy/sql/common/066) in the order of their agency index, so the groups need
        // no sort of their own (SQLite is told the index: for a period it would take the due-date index and sort). The days
        // late of the overdue ones follow from their count and due-day sum before "today": n x today - sum(due_day), per zone.
        await using var command = AdoNetDatabase.Command(connection, null, $"""
            SELECT f.owner_opd, f.status, f.time_zone, COUNT(*),
                SUM(CASE WHEN f.due_date < {today} THEN 1 ELSE 0 END),
                SUM(CASE WHEN f.due_date < {today} THEN f.due_day ELSE 0 END),
                SUM(CASE WHEN f.completed_day > f.due_day THEN 1 ELSE 0 END),
                SUM(CASE WHEN f.completed_day > f.due_day THEN f.completed_day - f.due_day ELSE 0 END)
            FROM rakor_follow_up_scores f{(database.Settings.Provider == StorageProvider.Sqlite ? " INDEXED BY rakor_follow_up_scores_agency" : "")}
            WHERE {where}
            GROUP BY f.owner_opd, f.status, f.time_zone
            """, [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var fallback = todayByZone.Count == 0 ? (DateOnly?)null : todayByZone.First().Value;
        var byOpd = new Dictionary<string, (Dictionary<ActionPointStatus, int> Status, int Overdue, int OnTime, int Late, long Days)>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var code = reader.GetString(0);
            var status = Enum.Parse<ActionPointStatus>(reader.GetString(1));
            var zone = reader.GetString(2);
            var (n, beforeToday, dueDaysBeforeToday, doneLate, doneLateDays) = (Int(reader, 3), Int(reader, 4), Long(reader, 5), Int(reader, 6), Long(reader, 7));
            var c = byOpd.TryGetValue(code, out var current) ? current : ([], 0, 0, 0, 0L);
            c.Status[status] = c.Status.GetValueOrDefault(status) + n;
            if (status == ActionPointStatus.Done)
                c = (c.Status, c.Overdue, c.OnTime + n - doneLate, c.Late + doneLate, c.Days + doneLateDays);
            else if (status != ActionPointStatus.Dropped && beforeToday > 0
                     && (todayByZone.TryGetValue(zone, out var zoneToday) ? zoneToday : fallback) is { } day)
                c = (c.Status, c.Overdue + beforeToday, c.OnTime, c.Late + beforeToday, c.Days + (long)beforeToday * day.DayNumber - dueDaysBeforeToday);
            byOpd[code] = c;
        }
        return [.. byOpd.Select(kv => new ScoreCounts(kv.Key, kv.Value.Status, kv.Value.Overdue, kv.Value.OnTime, kv.Value.Late, kv.Value.Days))];
    }

    private static long Long(DbDataReader reader, int i) => reader.IsDBNull(i) ? 0 : Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture);

    private static int Int(DbDataReader reader, int i) => reader.IsDBNull(i) ? 0 : Convert.ToInt32(reader.GetValue(i), CultureInfo.InvariantCulture);

    /// <summary>
    /// "Today" in the commitment's own zone, one parameter per zone the deployment knows; null while every zone has the
    /// same date, where one date parameter says it exactly and lets the planner use a plain range.
    /// </summary>
    private static string? ZoneToday(IReadOnlyDictionary<string, DateOnly> todayByZone, List<(string, object?)> parameters)
    {
        if (todayByZone.Values.Distinct().Count() <= 1) return null;
        var sql = new StringBuilder("CASE f.time_zone");
        var i = 0;
        foreach (var (zone, date) in todayByZone)
        {
            parameters.Add(($"tdz{i}", zone));
            parameters.Add(($"tdv{i}", Day(date)));
            sql.Append(" WHEN @tdz").Append(i).Append(" THEN @tdv").Append(i);
            i++;
        }
        return sql.Append(" ELSE @tdv0 END").ToString();
    }

    /// <summary>The earliest and the latest "today" over every zone, as @tmin and @tmax.</summary>
    private static void TodayBounds(IReadOnlyDictionary<string, DateOnly> todayByZone, List<(string, object?)> parameters)
    {
        parameters.Add(("tmin", Day(todayByZone.Count == 0 ? DateOnly.MinValue : todayByZone.Values.Min())));
        parameters.Add(("tmax", Day(todayByZone.Count == 0 ? DateOnly.MinValue : todayByZone.Values.Max())));
    }

    public async Task<string?> FeedKeyHash(string opd, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.Open(cancellationToken);
        await using var command = AdoNetDatabase.Command(connection, null,
            "SELECT key_hash FROM rakor_feed_keys WHERE service_id = @s AND opd = @opd", ("s", _serviceId), ("opd", opd));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public Task SetFeedKeyHash(string opd, string keyHash, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        database.Enqueue(WriteLane.Records, (connection, transaction) => AdoNetDatabase.Execute(connection, transaction, """
            INSERT INTO rakor_feed_keys (service_id, opd, key_hash, rotated_at) VALUES (@s, @opd, @h, @at)
            ON CONFLICT (service_id, opd) DO UPDATE SET key_hash = excluded.key_hash, rotated_at = excluded.rotated_at
            """, ("s", _serviceId), ("opd", opd), ("h", keyHash), ("at", AdoNetDatabase.Iso(at))));
}
