using RakorLive.Model;

namespace RakorLive.Grains.Notifications;

/// <summary>
/// What was raised, durably, and the webhook deliveries it owes (an outbox of deliveries, retried until done or failed).
/// A notification is keyed (agency, key), key = (actionPointId, kind, due date and lead day / version) or (DailyDigest, date):
/// the first raise records it and its deliveries in one transaction; every later raise of the same key changes nothing.
/// </summary>
public interface INotificationStore
{
    /// <summary>Records <paramref name="notification"/> under (<paramref name="opd"/>, <paramref name="key"/>) with one delivery per target; false if it was already raised.</summary>
    Task<bool> Raise(string opd, string key, FollowUpNotification notification, IReadOnlyList<DeliveryTarget> targets);

    /// <summary>The keys already raised for an agency: a sweep over its whole ledger skips them without a write each.</summary>
    Task<IReadOnlySet<string>> RaisedKeys(string opd);

    /// <summary>The notifications raised for an agency (or all), oldest first.</summary>
    Task<IReadOnlyList<FollowUpNotification>> Raised(string? opd, int limit = 500);

    /// <summary>Claims up to <paramref name="max"/> due pending deliveries for <paramref name="lease"/> (another node skips them meanwhile).</summary>
    Task<IReadOnlyList<PendingDelivery>> ClaimDue(DateTimeOffset now, TimeSpan lease, int max);

    Task MarkDelivered(string deliveryId, DateTimeOffset at);

    /// <summary>An attempt failed: pending again at <paramref name="retryAt"/>, or Failed for good when it is null.</summary>
    Task MarkFailed(string deliveryId, string error, DateTimeOffset at, DateTimeOffset? retryAt);

    Task<IReadOnlyList<NotificationDelivery>> Deliveries(string? status, int limit = 500);

    /// <summary>Makes a delivery pending again from now with a fresh attempt count; null when unknown.</summary>
    Task<NotificationDelivery?> Retry(string deliveryId, DateTimeOffset now);
}

/// <summary>A webhook a delivery goes to: the index N of <c>RakorLive:Webhooks:N</c> and its URL at the time.</summary>
public sealed record DeliveryTarget(int Index, string Url);

/// <summary>A claimed delivery: the exact body to sign and send.</summary>
public sealed record PendingDelivery(string Id, string NotificationId, string Notification, int WebhookIndex, string Url, string Body, int Attempts, DateTimeOffset CreatedAt)
{
    /// <summary>The store's claim token (the row's next attempt time as read).</summary>
    public string? SeenAt { get; init; }
}
