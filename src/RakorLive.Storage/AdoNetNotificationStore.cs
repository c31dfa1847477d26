using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using RakorLive.Grains.Notifications;
using RakorLive.Json;
using RakorLive.Model;

namespace RakorLive.Storage;

/// <summary>Notifications raised and their webhook deliveries over ADO.NET (deploy/sql/*/040-notifications.sql), written through the shared writer.</summary>
public sealed class AdoNetNotificationStore(AdoNetDatabase database, IOptions<ClusterOptions> cluster) : INotificationStore
{
    private readonly string _serviceId = cluster.Value.ServiceId;

    /// <summary>Instants are stored as UTC ISO 8601 text of one fixed width, so they compare as text on both engines.</summary>
    private static string At(DateTimeOffset instant) => AdoNetDatabase.Iso(instant.ToUniversalTime());

    private static DateTimeOffset ParseAt(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    public static string DeliveryId(string notificationId, int webhookIndex) => $"{notificationId}-w{webhookIndex}";

    public async Task<bool> Raise(string opd, string key, FollowUpNotification notification, IReadOnlyList<DeliveryTarget> targets)
    {
        var body = JsonSerializer.Serialize(notification, RakorLiveJson.Options);
        var raised = false;
        await database.Enqueue(WriteLane.Records, async (connection, transaction) =>
        {
            raised = false;
            var inserted = await AdoNetDatabase.Execute(connection, transaction, """
                INSERT INTO rakor_notifications (service_id, opd, notification_key, notification_id, kind, action_point_id, raised_at, payload)
                VALUES (@s, @opd, @key, @id, @kind, @ap, @at, @p)
                ON CONFLICT (service_id, opd, notification_key) DO NOTHING
                """,
                ("s", _serviceId), ("opd", opd), ("key", key), ("id", notification.Id), ("kind", notification.Notification),
                ("ap", notification.ActionPointId), ("at", At(notification.OccurredAt)), ("p", body));
            if (inserted == 0) return;
            raised = true;
            foreach (var target in targets)
            {
                await AdoNetDatabase.Execute(connection, transaction, """
                    INSERT INTO rakor_notification_deliveries (service_id, delivery_id, notification_id, kind, opd, webhook_index, url, status,
                        attempts, next_attempt_at, last_error, created_at, updated_at, body)
                    VALUES (@s, @id, @n, @kind, @opd, @w, @url, @status, 0, @at, NULL, @at, @at, @body)
                    ON CONFLICT (service_id, delivery_id) DO NOTHING
                    """,
                    ("s", _serviceId), ("id", DeliveryId(notification.Id, target.Index)), ("n", notification.Id), ("kind", notification.Notification),
                    ("opd", opd), ("w", (long)target.Index), ("url", target.Url), ("status", DeliveryStatus.Pending),
                    ("at", At(notification.OccurredAt)), ("body", body));
            }
        });
        return raised;
    }

    public async Task<IReadOnlySet<string>> RaisedKeys(string opd)
    {
        await using var connection = await database.Open(CancellationToken.None);
        await using var command = AdoNetDatabase.Command(connection, null,
            "SELECT notification_key FROM rakor_notifications WHERE service_id = @s AND opd = @opd", ("s", _serviceId), ("opd", opd));
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync()) keys.Add(reader.GetString(0));
        return keys;
    }

    public async Task<IReadOnlyList<FollowUpNotification>> Raised(string? opd, int limit = 500)
    {
        await using var connection = await database.Open(CancellationToken.None);
        // An untyped NULL parameter cannot be compared on PostgreSQL: the filter is left out instead.
        await using var command = AdoNetDatabase.Command(connection, null,
            "SELECT payload FROM rakor_notifications WHERE service_id = @s" + (opd is null ? "" : " AND opd = @opd") +
            " ORDER BY raised_at, notification_id LIMIT @limit", ("s", _serviceId), ("opd", opd ?? ""), ("limit", (long)limit));
        await using var reader = await command.ExecuteReaderAsync();
        var result = new List<FollowUpNotification>();
        while (await reader.ReadAsync()) result.Add(JsonSerializer.Deserialize<FollowUpNotification>(reader.GetString(0), RakorLiveJson.Options)!);
        return result;
    }

    public async Task<IReadOnlyList<PendingDelivery>> ClaimDue(DateTimeOffset now, TimeSpan lease, int max)
    {
        var candidates = new List<PendingDelivery>();
        await using (var connection = await database.Open(CancellationToken.None))
        {
            await using var command = AdoNetDatabase.Command(connection, null, """
                SELECT delivery_id, notification_id, kind, webhook_index, url, body, attempts, created_at, next_attempt_at FROM rakor_notification_deliveries
                WHERE service_id = @s AND status = @pending AND next_attempt_at <= @now
                ORDER BY next_attempt_at, delivery_id
                LIMIT @max
                """, ("s", _serviceId), ("pending", DeliveryStatus.Pending), ("now", At(now)), ("max", (long)max));
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                candidates.Add(new PendingDelivery(reader.GetString(0), reader.GetString(1), reader.GetString(2), (int)reader.GetInt64(3),
                    reader.GetString(4), reader.GetString(5), (int)reader.GetInt64(6), ParseAt(reader.GetString(7))) { SeenAt = reader.GetString(8) });
        }
        if (candidates.Count == 0) return [];
        // A claim moves next_attempt_at past the lease only if nobody else moved it since we read it: one node sends each attempt.
        var claimed = new List<PendingDelivery>();
        await database.Enqueue(WriteLane.Records, async (connection, transaction) =>
        {
            claimed.Clear();
            foreach (var d in candidates)
            {
                var changed = await AdoNetDatabase.Execute(connection, transaction, """
                    UPDATE rakor_notification_deliveries SET next_attempt_at = @until, attempts = attempts + 1, updated_at = @now
                    WHERE service_id = @s AND delivery_id = @id AND status = @pending AND next_attempt_at = @seen
                    """, ("s", _serviceId), ("id", d.Id), ("pending", DeliveryStatus.Pending), ("seen", d.SeenAt), ("until", At(now + lease)), ("now", At(now)));
                if (changed == 1) claimed.Add(d with { Attempts = d.Attempts + 1 });
            }
        });
        return claimed;
    }

    public Task MarkDelivered(string deliveryId, DateTimeOffset at) =>
        database.Enqueue(WriteLane.Records, (connection, transaction) => AdoNetDatabase.Execute(connection, transaction, """
            UPDATE rakor_notification_deliveries SET status = @status, last_error = NULL, updated_at = @at
            WHERE service_id = @s AND delivery_id = @id
            """, ("s", _serviceId), ("id", deliveryId), ("status", DeliveryStatus.Delivered), ("at", At(at))));

    public Task MarkFailed(string deliveryId, string error, DateTimeOffset at, DateTimeOffset? retryAt) =>
        database.Enqueue(WriteLane.Records, (connection, transaction) => AdoNetDatabase.Execute(connection, transaction, """
            UPDATE rakor_notification_deliveries SET status = @status, last_error = @error, updated_at = @at, next_attempt_at = @next
            WHERE service_id = @s AND delivery_id = @id AND status = @pending
            """, ("s", _serviceId), ("id", deliveryId), ("status", retryAt is null ? DeliveryStatus.Failed : DeliveryStatus.Pending),
            ("pending", DeliveryStatus.Pending), ("error", error.Length > 1000 ? error[..1000] : error), ("at", At(at)), ("next", At(retryAt ?? at))));

    public async Task<IReadOnlyList<NotificationDelivery>> Deliveries(string? status, int limit = 500)
    {
        await using var connection = await database.Open(CancellationToken.None);
        return await ReadDeliveries(connection,
            "SELECT delivery_id, notification_id, kind, opd, url, status, attempts, last_error, created_at, updated_at, next_attempt_at " +
            "FROM rakor_notification_deliveries WHERE service_id = @s" + (status is null ? "" : " AND status = @status") +
            " ORDER BY created_at DESC, delivery_id LIMIT @limit", ("s", _serviceId), ("status", status ?? ""), ("limit", (long)limit));
    }

    public async Task<NotificationDelivery?> Retry(string deliveryId, DateTimeOffset now)
    {
        await database.Enqueue(WriteLane.Records, (connection, transaction) => AdoNetDatabase.Execute(connection, transaction, """
            UPDATE rakor_notification_deliveries SET status = @pending, attempts = 0, next_attempt_at = @now, updated_at = @now, created_at = @now
            WHERE service_id = @s AND delivery_id = @id AND status <> @delivered
            """, ("s", _serviceId), ("id", deliveryId), ("pending", DeliveryStatus.Pending), ("delivered", DeliveryStatus.Delivered), ("now", At(now))));
        await using var connection = await database.Open(CancellationToken.None);
        var found = await ReadDeliveries(connection, """
            SELECT delivery_id, notification_id, kind, opd, url, status, attempts, last_error, created_at, updated_at, next_attempt_at
            FROM rakor_notification_deliveries WHERE service_id = @s AND delivery_id = @id
            """, ("s", _serviceId), ("id", deliveryId));
        return found.FirstOrDefault();
    }

    private static async Task<IReadOnlyList<NotificationDelivery>> ReadDeliveries(DbConnection connection, string sql, params (string, object?)[] parameters)
    {
        await using var command = AdoNetDatabase.Command(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var result = new List<NotificationDelivery>();
        while (await reader.ReadAsync())
        {
            var status = reader.GetString(5);
            result.Add(new NotificationDelivery(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                status, (int)reader.GetInt64(6), reader.IsDBNull(7) ? null : reader.GetString(7), ParseAt(reader.GetString(8)), ParseAt(reader.GetString(9)),
                status == DeliveryStatus.Pending ? ParseAt(reader.GetString(10)) : null));
        }
        return result;
    }
}
