using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using RakorLive.Grains.Audit;
using RakorLive.Json;
using RakorLive.Model;
using RakorLive.Rules;

namespace RakorLive.Storage;

/// <summary>
/// The audit record in <c>rakor_audit</c> (deploy/sql/common/060-audit.sql). Appends go through the silo's records writer
/// (<see cref="AdoNetDatabase"/>, <see cref="WriteLane.Records"/>), group-committed with other requests' rows; reads filter and page in SQL.
/// </summary>
public sealed class AdoNetAuditLog(AdoNetDatabase database, IOptions<ClusterOptions> cluster) : IAuditLog
{
    private readonly string _serviceId = cluster.Value.ServiceId;

    public Task Append(AuditRecord record, CancellationToken cancellationToken = default)
    {
        var e = record.Entry;
        // DO NOTHING: a retried command's row is already there; a refused attempt has no key and is always appended.
        return database.Enqueue(WriteLane.Records, (connection, transaction) => AdoNetDatabase.Execute(connection, transaction, """
            INSERT INTO rakor_audit (service_id, audit_id, occurred_at, actor, display_name, role, opd, method, route, entity_ids,
                meeting_id, command_id, outcome, status, client_address, idempotency_key)
            VALUES (@s, @id, @at, @actor, @name, @role, @opd, @method, @route, @entities, @m, @c, @outcome, @status, @address, @key)
            ON CONFLICT DO NOTHING
            """,
            ("s", _serviceId), ("id", e.Id), ("at", Instant(e.At)), ("actor", e.Actor), ("name", e.DisplayName), ("role", e.Role?.ToString()),
            ("opd", e.Opd), ("method", e.Method), ("route", e.Route), ("entities", JsonSerializer.Serialize(e.EntityIds, RakorLiveJson.Options)),
            ("m", e.MeetingId), ("c", e.CommandId), ("outcome", e.Outcome.ToString()), ("status", (long)e.Status), ("address", e.ClientAddress),
            ("key", record.IdempotencyKey)));
    }

    public async Task<(IReadOnlyList<AuditEntry> Items, int Total)> List(Validation.AuditQuery query, CancellationToken cancellationToken = default)
    {
        var parameters = new List<(string, object?)> { ("s", _serviceId) };
        var where = new StringBuilder("service_id = @s");
        void Filter(string sql, string name, object? value)
        {
            if (value is null) return;
            where.Append(" AND ").Append(sql);
            parameters.Add((name, value));
        }
        Filter("meeting_id = @m", "m", query.MeetingId);
        Filter("opd = @opd", "opd", query.Opd);
        Filter("actor = @actor", "actor", query.Actor);
        Filter("occurred_at >= @from", "from", query.From is { } f ? Instant(f) : null);
        Filter("occurred_at < @before", "before", query.Before is { } b ? Instant(b) : null);
        await using var connection = await database.Open(cancellationToken);
        int total;
        await using (var count = AdoNetDatabase.Command(connection, null, $"SELECT COUNT(*) FROM rakor_audit WHERE {where}", [.. parameters]))
            total = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        parameters.Add(("limit", (long)query.PageSize));
        parameters.Add(("offset", (long)(query.Page - 1) * query.PageSize));
        await using var command = AdoNetDatabase.Command(connection, null, $"""
            SELECT audit_id, occurred_at, actor, display_name, role, opd, method, route, entity_ids, meeting_id, command_id, outcome, status, client_address
            FROM rakor_audit
            WHERE {where}
            ORDER BY occurred_at DESC, audit_id DESC
            LIMIT @limit OFFSET @offset
            """, [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<AuditEntry>();
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new AuditEntry(
                reader.GetString(0),
                DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                reader.GetString(2),
                reader.GetString(3),
                Text(4) is { } role ? Enum.Parse<Role>(role) : null,
                Text(5),
                reader.GetString(6),
                reader.GetString(7),
                JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(8), RakorLiveJson.Options) ?? [],
                Text(9),
                Text(10),
                Enum.Parse<AuditOutcome>(reader.GetString(11)),
                Convert.ToInt32(reader.GetValue(12), CultureInfo.InvariantCulture),
                Text(13)));
        }
        return (items, total);
    }

    /// <summary>UTC with 7 fractional digits: fixed width, so the text columns sort and compare as time.</summary>
    private static string Instant(DateTimeOffset at) => AdoNetDatabase.Iso(at.ToUniversalTime());
}
