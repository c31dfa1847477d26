using RakorLive.Model;

namespace RakorLive.Model;

/// <summary>
/// One notification about an agency's follow-ups, as the hub pushes it (method name = <see cref="Notification"/>) and
/// as a webhook receives it (the exact JSON body the signature covers). <see cref="Id"/> is stable: it names the
/// notification however often it is delivered.
/// </summary>
public sealed record FollowUpNotification(
    string Id,
    string Notification,
    string Opd,
    DateTimeOffset OccurredAt,
    string? ActionPointId = null,
    string? MeetingId = null,
    DateOnly? DueDate = null,
    int? LeadDays = null,
    IReadOnlyList<DigestItem>? Items = null,
    ActionPointStatus? Status = null,
    int? DaysLeft = null,
    string? Role = null,
    string? Date = null,
    int? Version = null);

/// <summary>One line of a <c>DailyDigest</c>: a commitment due within the lead window, or late.</summary>
public sealed record DigestItem(string ActionPointId, string MeetingId, DateOnly DueDate, ActionPointStatus Status, int DaysLeft, bool IsOverdue, string Role);

/// <summary>Pushed as <c>FollowUpChanged</c> whenever an agency's ledger entry changes.</summary>
public sealed record FollowUpChange(string ActionPointId, string Opd, ActionPointStatus Status, DateOnly DueDate, int Version, string? MeetingId = null, string? Role = null);

/// <summary>A webhook delivery as the Admin sees it: <c>GET /api/notifications/deliveries?status=failed</c>.</summary>
public sealed record NotificationDelivery(
    string Id,
    string NotificationId,
    string Notification,
    string Opd,
    string Url,
    string Status,
    int Attempts,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? NextAttemptAt);

/// <summary>The states of a webhook delivery.</summary>
public static class DeliveryStatus
{
    public const string Pending = nameof(Pending);
    public const string Delivered = nameof(Delivered);
    public const string Failed = nameof(Failed);
}
