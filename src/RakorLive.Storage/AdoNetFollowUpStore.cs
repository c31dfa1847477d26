using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using RakorLive.Grains.Agencies;
using RakorLive.Json;
using RakorLive.Model;

namespace RakorLive.Storage;

/// <summary>The follow-up read model over ADO.NET (deploy/sql/*/030-follow-ups.sql), written through the shared writer.</summary>
public sealed class AdoNetFollowUpStore(AdoNetDatabase database, IOptions<ClusterOptions> cluster) : IFollowUpStore
{
    private readonly string _serviceId = cluster.Value.ServiceId;

    public Task Upsert(IReadOnlyList<FollowUpRow> rows, CancellationToken cancellationToken = default) =>
        database.Enqueue(WriteLane.ReadModel, async (connection, transaction) =>
        {
            // The newest of each commitment once; then what the rows held before, in one read, and every change in one batch.
            var latest = rows.GroupBy(r => r.ActionPoint.Id, StringComparer.Ordinal).Select(g => g.MaxBy(r => r.ActionPoint.Version)!).ToList();
            var before = await Current(connection, transaction, latest.Select(r => r.ActionPoint.Id).ToList());
            var changes = latest.SelectMany(row => Changes(row, before.GetValueOrDefault(row.ActionPoint.Id))).ToList();
            if (changes.Count == 0) return;
            // Last, so the counter's row is locked only from here to the commit (deploy/sql/common/069).
            changes.Add(new Statement("UPDATE rakor_follow_up_generation SET generation = generation + 1 WHERE id = 1"));
            await AdoNetDatabase.ExecuteAll(connection, transaction, changes);
        });

    private sealed record Held(long Version, string Status, string Due, string Zone);

    /// <summary>Version, status, due date and zone of the rows the list holds for <paramref name="ids"/>.</summary>
    private async Task<Dictionary<string, Held>> Current(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> ids)
    {
        var held = new Dictionary<string, Held>(StringComparer.Ordinal);
        var parameters = new List<(string, object?)> { ("s", _serviceId) };
        parameters.AddRange(ids.Select((id, i) => ("i" + i.ToString(CultureInfo.InvariantCulture), (object?)id)));
        return await AdoNetDatabase.Query(connection, transaction,
            $"SELECT action_point_id, version, status, due_date, time_zone FROM rakor_follow_ups WHERE service_id = @s AND action_point_id IN ({string.Join(", ", parameters.Skip(1).Select(p => "@" + p.Item1))})",
            [.. parameters], async reader =>
            {
                while (await reader.ReadAsync())
                    held[reader.GetString(0)] = new Held(reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4));
                return held;
            });
    }

    /// <summary>
    /// What one commitment's new version changes: its row, the counts it moves between, its details and scores, its agencies.
    /// One writer per commitment (its grain's outbox), so nothing changes the row between the read and these; a repeated
    /// or late outbox item (a version the row already holds) changes nothing.
    /// </summary>
    private IEnumerable<Statement> Changes(FollowUpRow row, Held? before)
    {
        var a = row.ActionPoint;
        if (before is not null && before.Version >= a.Version) yield break;
        var after = (Status: a.Status.ToString(), Due: a.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Zone: row.TimeZone);
        yield return new Statement("""
            INSERT INTO rakor_follow_ups (service_id, action_point_id, version, meeting_id, agenda_item_id, owner_opd, status, due_date,
                time_zone, progress_percent, carried_count, updated_at, search_text, payload)
            VALUES (@s, @id, @v, @m, @item, @owner, @status, @due, @tz, @progress, @carried, @at, @search, @p)
            ON CONFLICT (service_id, action_point_id) DO UPDATE SET
                version = excluded.version, meeting_id = excluded.meeting_id, agenda_item_id = excluded.agenda_item_id,
                owner_opd = excluded.owner_opd, status = excluded.status, due_date = excluded.due_date, time_zone = excluded.time_zone,
                progress_percent = excluded.progress_percent, carried_count = excluded.carried_count, updated_at = excluded.updated_at,
                search_text = excluded.search_text, payload = excluded.payload
            WHERE rakor_follow_ups.version < excluded.version
            """,
            ("s", _serviceId), ("id", a.Id), ("v", (long)a.Version), ("m", a.MeetingId), ("item", a.AgendaItemId), ("owner", a.OwnerOpd),
            ("status", after.Status), ("due", after.Due), ("tz", after.Zone),
            ("progress", (long)a.ProgressPercent), ("carried", (long)row.CarriedCount), ("at", AdoNetDatabase.Iso(a.UpdatedAt)),
            ("search", SearchText(a)), ("p", JsonSerializer.Serialize(a, RakorLiveJson.Options)));
        // What the row counted under (rakor_follow_up_counts) moves only when status, due date or zone do.
        if (before is null || (before.Status, before.Due, before.Zone) != after)
        {
            if (before is not null)
                yield return new Statement("""
                    UPDATE rakor_follow_up_counts SET n = n - 1 WHERE service_id = @s AND status = @status AND due_date = @due AND time_zone = @tz
                    """, ("s", _serviceId), ("status", before.Status), ("due", before.Due), ("tz", before.Zone));
            yield return new Statement("""
                INSERT INTO rakor_follow_up_counts (service_id, status, due_date, time_zone, n) VALUES (@s, @status, @due, @tz, 1)
                ON CONFLICT (service_id, status, due_date, time_zone) DO UPDATE SET n = rakor_follow_up_counts.n + 1
                """, ("s", _serviceId), ("status", after.Status), ("due", after.Due), ("tz", after.Zone));
        }
        var completedDay = a.CompletedAt is { } done ? (long?)Vocabulary.Kosakata.LocalDate(done, row.TimeZone).DayNumber : null;
        yield return new Statement("""
            INSERT INTO rakor_follow_up_details (service_id, action_point_id, version, meeting_title, due_day, completed_at, completed_day)
            VALUES (@s, @id, @v, @title, @due, @done, @doneDay)
            ON CONFLICT (service_id, action_point_id) DO UPDATE SET
                version = excluded.version, meeting_title = excluded.meeting_title, due_day = excluded.due_day,
                completed_at = excluded.completed_at, completed_day = excluded.completed_day
            """, ("s", _serviceId), ("id", a.Id), ("v", (long)a.Version), ("title", row.MeetingTitle), ("due", (long)a.DueDate.DayNumber),
            ("done", a.CompletedAt is { } at ? AdoNetDatabase.Iso(at) : null), ("doneDay", completedDay));
        yield return new Statement("""
            INSERT INTO rakor_follow_up_scores (service_id, action_point_id, owner_opd, status, due_date, time_zone, due_day, completed_day)
            VALUES (@s, @id, @owner, @status, @due, @tz, @dueDay, @doneDay)
            ON CONFLICT (service_id, action_point_id) DO UPDATE SET
                owner_opd = excluded.owner_opd, status = excluded.status, due_date = excluded.due_date, time_zone = excluded.time_zone,
                due_day = excluded.due_day, completed_day = excluded.completed_day
            """, ("s", _serviceId), ("id", a.Id), ("owner", a.OwnerOpd), ("status", after.Status), ("due", after.Due), ("tz", after.Zone),
            ("dueDay", (long)a.DueDate.DayNumber), ("doneDay", completedDay));
        yield return new Statement("DELETE FROM rakor_follow_up_opds WHERE service_id = @s AND action_point_id = @id", ("s", _serviceId), ("id", a.Id));
        yield return new Statement("DELETE FROM rakor_follow_up_agency_lanes WHERE service_id = @s AND action_point_id = @id", ("s", _serviceId), ("id", a.Id));
        foreach (var statement in AdoNetDatabase.RowInserts("rakor_follow_up_opds (service_id, action_point_id, opd, role)", "", _serviceId,
            row.Agencies.Select(agency => new object?[] { a.Id, agency.Opd, agency.Role })))
            yield return statement;
        foreach (var statement in AdoNetDatabase.RowInserts("rakor_follow_up_agency_lanes (service_id, action_point_id, opd, status, due_date, time_zone)", "",
            _serviceId, row.Agencies.Select(agency => new object?[] { a.Id, agency.Opd, after.Status, after.Due, after.Zone })))
            yield return statement;
    }

    /// <summary>What a free-text search (q) matches: the words of the commitment, lower-cased once here.</summary>
    private static string SearchText(ActionPoint a) =>
        string.Join('\n', a.Description, a.Target, a.Beneficiaries, a.Benefit, a.OwnerOpd, string.Join(' ', a.SupportingOpds)).ToLowerInvariant();

    public async Task<IReadOnlyList<ActionPoint>> ActionPointsOf(string opd, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.Open(cancellationToken);
        await using var command = AdoNetDatabase.Command(connection, null, """
            SELECT f.payload FROM rakor_follow_up_opds o
            JOIN rakor_follow_ups f ON f.service_id = o.service_id AND f.action_point_id = o.action_point_id
            WHERE o.service_id = @s AND o.opd = @opd
            ORDER BY f.due_date, f.action_point_id
            """, ("s", _serviceId), ("opd", opd));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<ActionPoint>();
        while (await reader.ReadAsync(cancellationToken))
            result.Add(JsonSerializer.Deserialize<ActionPoint>(reader.GetString(0), RakorLiveJson.Options)!);
        return result;
    }

    public async Task<IReadOnlyList<LedgerEntry>> LedgerOf(string opd, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.Open(cancellationToken);
        await using var command = AdoNetDatabase.Command(connection, null, """
            SELECT f.action_point_id, f.meeting_id, f.due_date, f.status, o.role, f.time_zone, f.version FROM rakor_follow_up_opds o
            JOIN rakor_follow_ups f ON f.service_id = o.service_id AND f.action_point_id = o.action_point_id
            WHERE o.service_id = @s AND o.opd = @opd
            ORDER BY f.due_date, f.action_point_id
            """, ("s", _serviceId), ("opd", opd));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<LedgerEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new LedgerEntry(reader.GetString(0), reader.GetString(1),
                DateOnly.ParseExact(reader.GetString(2), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                Enum.Parse<ActionPointStatus>(reader.GetString(3)), reader.GetString(4), reader.GetString(5), (int)reader.GetInt64(6)));
        }
        return result;
    }
}
