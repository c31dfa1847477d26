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
/// The follow-up list and the scorecards in SQL (deploy/sql/common/030 and deploy/sql/*/050). Urgency order, defined once here:
/// 0 overdue (not Done or Dropped, due date before today in the commitment's zone), most days late first;
/// 1 open or in progress, soonest due first; 2 awaiting verification, soonest due first; 3 Done; 4 Dropped.
/// Ties by due date, then id, so paging is stable.
/// </summary>
public sealed class AdoNetFollowUpQueries(AdoNetDatabase database, IOptions<ClusterOptions> cluster) : IFollowUpQueries
{
    private readonly string _serviceId = cluster.Value.ServiceId;

    public static long DayNumber(DateOnly date) => date.DayNumber;

    public async Task<FollowUpResult> List(Validation.FollowUpQuery query, IReadOnlyDictionary<string, DateOnly> todayByZone, CancellationToken cancellationToken = default)
    {
        var parameters = new List<(string, object?)> { ("s", _serviceId) };
        var today = TodayExpression(todayByZone, parameters, "f.time_zone", asDate: true);
        var overdue = $"(f.status NOT IN ('Done', 'Dropped') AND f.due_date < {today})";
        var where = new StringBuilder("f.service_id = @s");
        if (query.Statuses.Count > 0)
        {
            where.Append(" AND f.status IN (");
            for (var i = 0; i < query.Statuses.Count; i++)
            {
                if (i > 0) where.Append(", ");
                where.Append("@st").Append(i);
                parameters.Add(("st" + i, query.Statuses[i].ToString()));
            }
            where.Append(')');
        }
        if (query.Opd is { } opd)
        {
            where.Append(" AND f.action_point_id IN (SELECT o.action_point_id FROM rakor_follow_up_opds o WHERE o.service_id = @s AND o.opd = @opd)");
            parameters.Add(("opd", opd));
        }
        if (query.MeetingId is { } meeting)
        {
            where.Append(" AND f.meeting_id = @m");
            parameters.Add(("m", meeting));
        }
        if (query.Overdue is { } late) where.Append(late ? $" AND {overdue}" : $" AND NOT {overdue}");
        if (query.DueBefore is { } before)
        {
            where.Append(" AND f.due_date < @before");
            parameters.Add(("before", before.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }
        if (query.Search is { } q)
        {
            where.Append(" AND f.search_text LIKE @q ESCAPE '\\'");
            parameters.Add(("q", "%" + q.ToLowerInvariant().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%"));
        }
        var rank = $"""
            CASE WHEN {overdue} THEN 0 WHEN f.status IN ('Open', 'InProgress') THEN 1 WHEN f.status = 'AwaitingVerification' THEN 2
                 WHEN f.status = 'Done' THEN 3 ELSE 4 END
            """;
        await using var connection = await database.Open(cancellationToken);
        int total;
        await using (var count = AdoNetDatabase.Command(connection, null, $"SELECT COUNT(*) FROM rakor_follow_ups f WHERE {where}", [.. parameters]))
            total = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        parameters.Add(("limit", (long)query.PageSize));
        parameters.Add(("offset", (long)(query.Page - 1) * query.PageSize));
        // The page is chosen from the narrow list index alone (deploy/sql/common/065), and only its rows' payloads are read:
        // ordering the whole rows would read every commitment's payload for each page.
        await using var command = AdoNetDatabase.Command(connection, null, $"""
            SELECT x.payload, x.time_zone, COALESCE(d.meeting_title, ''), x.carried_count
            FROM (
                SELECT f.action_point_id, {rank} AS urgency, f.due_date
                FROM rakor_follow_ups f
                WHERE {where}
                ORDER BY urgency, f.due_date, f.action_point_id
                LIMIT @limit OFFSET @offset
            ) p
            JOIN rakor_follow_ups x ON x.service_id = @s AND x.action_point_id = p.action_point_id
            LEFT JOIN rakor_follow_up_details d ON d.service_id = x.service_id AND d.action_point_id = x.action_point_id
            ORDER BY p.urgency, p.due_date, p.action_point_id
            """, [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<FollowUpRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new FollowUpRecord(JsonSerializer.Deserialize<ActionPoint>(reader.GetString(0), RakorLiveJson.Options)!,
                reader.GetString(1), reader.GetString(2), Convert.ToInt32(reader.GetValue(3), CultureInfo.InvariantCulture)));
        }
        return new FollowUpResult(items, total);
    }

    public async Task<IReadOnlyList<ScoreCounts>> Scores(DateOnly? from, DateOnly? to, string? opd, IReadOnlyDictionary<string, DateOnly> todayByZone,
        CancellationToken cancellationToken = default)
    {
        var parameters = new List<(string, object?)> { ("s", _serviceId) };
        var today = TodayExpression(todayByZone, parameters, "f.time_zone", asDate: true);
        var todayDay = TodayExpression(todayByZone, parameters, "f.time_zone", asDate: false);
        var overdue = $"(f.status NOT IN ('Done', 'Dropped') AND f.due_date < {today})";
        var where = new StringBuilder("f.service_id = @s");
        if (from is { } a) { where.Append(" AND f.due_date >= @from"); parameters.Add(("from", a.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))); }
        if (to is { } b) { where.Append(" AND f.due_date <= @to"); parameters.Add(("to", b.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))); }
        if (opd is not null) { where.Append(" AND f.owner_opd = @opd"); parameters.Add(("opd", opd)); }
        var doneLate = "(f.status = 'Done' AND d.completed_day > d.due_day)";
        await using var connection = await database.Open(cancellationToken);
        await using var command = AdoNetDatabase.Command(connection, null, $"""
            SELECT f.owner_opd, f.status, COUNT(*),
                SUM(CASE WHEN {overdue} THEN 1 ELSE 0 END),
                SUM(CASE WHEN f.status = 'Done' AND (d.completed_day IS NULL OR d.completed_day <= d.due_day) THEN 1 ELSE 0 END),
                SUM(CASE WHEN {doneLate} OR ({overdue} AND d.due_day IS NOT NULL) THEN 1 ELSE 0 END),
                SUM(CASE WHEN {doneLate} THEN d.completed_day - d.due_day WHEN {overdue} AND d.due_day IS NOT NULL THEN {todayDay} - d.due_day ELSE 0 END)
            FROM rakor_follow_ups f
            LEFT JOIN rakor_follow_up_details d ON d.service_id = f.service_id AND d.action_point_id = f.action_point_id
            WHERE {where}
            GROUP BY f.owner_opd, f.status
            """, [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var byOpd = new Dictionary<string, (Dictionary<ActionPointStatus, int> Status, int Overdue, int OnTime, int Late, long Days)>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var code = reader.GetString(0);
            var status = Enum.Parse<ActionPointStatus>(reader.GetString(1));
            var current = byOpd.TryGetValue(code, out var c) ? c : ([], 0, 0, 0, 0L);
            current.Status[status] = Int(reader, 2);
            byOpd[code] = (current.Status, current.Overdue + Int(reader, 3), current.OnTime + Int(reader, 4), current.Late + Int(reader, 5),
                current.Days + Convert.ToInt64(reader.IsDBNull(6) ? 0 : reader.GetValue(6), CultureInfo.InvariantCulture));
        }
        return [.. byOpd.Select(kv => new ScoreCounts(kv.Key, kv.Value.Status, kv.Value.Overdue, kv.Value.OnTime, kv.Value.Late, kv.Value.Days))];
    }

    private static int Int(DbDataReader reader, int i) => reader.IsDBNull(i) ? 0 : Convert.ToInt32(reader.GetValue(i), CultureInfo.InvariantCulture);

    /// <summary>"Today" in the commitment's own zone: one parameter per zone the deployment knows.</summary>
    private static string TodayExpression(IReadOnlyDictionary<string, DateOnly> todayByZone, List<(string, object?)> parameters, string column, bool asDate)
    {
        var prefix = asDate ? "td" : "tn";
        var sql = new StringBuilder("CASE ").Append(column);
        var i = 0;
        string? fallback = null;
        foreach (var (zone, date) in todayByZone)
        {
            var zoneParam = $"{prefix}z{i}";
            var valueParam = $"{prefix}v{i}";
            parameters.Add((zoneParam, zone));
            parameters.Add((valueParam, asDate ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : (object)(long)date.DayNumber));
            sql.Append(" WHEN @").Append(zoneParam).Append(" THEN @").Append(valueParam);
            fallback ??= "@" + valueParam;
            i++;
        }
        return sql.Append(" ELSE ").Append(fallback ?? "NULL").Append(" END").ToString();
    }

    public async Task<string?> FeedKeyHash(string opd, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.Open(cancellationToken);
        await using var command = AdoNetDatabase.Command(connection, null,
            "SELECT key_hash FROM rakor_feed_keys WHERE service_id = @s AND opd = @opd", ("s", _serviceId), ("opd", opd));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public Task SetFeedKeyHash(string opd, string keyHash, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        database.Enqueue((connection, transaction) => AdoNetDatabase.Execute(connection, transaction, """
            INSERT INTO rakor_feed_keys (service_id, opd, key_hash, rotated_at) VALUES (@s, @opd, @h, @at)
            ON CONFLICT (service_id, opd) DO UPDATE SET key_hash = excluded.key_hash, rotated_at = excluded.rotated_at
            """, ("s", _serviceId), ("opd", opd), ("h", keyHash), ("at", AdoNetDatabase.Iso(at))));
}
