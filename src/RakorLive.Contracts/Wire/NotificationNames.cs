namespace RakorLive.Wire;

/// <summary>
/// The notifications RakorLive raises about follow-ups. Each name is at once the <c>notification</c> field of the payload,
/// the server → client hub method that carries it live, and what a webhook's <c>Events</c> setting lists.
/// </summary>
public static class NotificationNames
{
    /// <summary>A commitment's due date is a configured lead day away (H-7, H-3, H-1 by default): once per lead day.</summary>
    public const string DeadlineApproaching = nameof(DeadlineApproaching);

    /// <summary>The due date passed in the commitment's time zone and it is not Done or Dropped: once.</summary>
    public const string DeadlineMissed = nameof(DeadlineMissed);

    /// <summary>Per agency, at the configured local time, only when it has something due within the lead window or late.</summary>
    public const string DailyDigest = nameof(DailyDigest);

    /// <summary>To the secretariat: a commitment entered AwaitingVerification.</summary>
    public const string AwaitingVerification = nameof(AwaitingVerification);

    /// <summary>To the agency: the secretariat accepted (Done) or returned (InProgress) its report.</summary>
    public const string ActionPointVerified = nameof(ActionPointVerified);

    public static IReadOnlyList<string> All { get; } = [DeadlineApproaching, DeadlineMissed, DailyDigest, AwaitingVerification, ActionPointVerified];
}
