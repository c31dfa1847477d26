namespace RakorLive.Wire;

/// <summary>HTTP header names of the contract beyond the standard ones.</summary>
public static class Headers
{
    /// <summary>"true" on the answer to a commandId that was already carried out: the first result, nothing changed.</summary>
    public const string IdempotentReplay = "Idempotent-Replay";

    /// <summary>The meeting's seq after the command, or at the read.</summary>
    public const string Seq = "X-Rakor-Seq";

    /// <summary>The epoch that seq belongs to.</summary>
    public const string Epoch = "X-Rakor-Epoch";

    public const string IfMatch = "If-Match";
    public const string ETag = "ETag";

    /// <summary>On webhook requests: <c>sha256=&lt;lowercase hex HMAC-SHA256 of the exact body with the webhook's secret&gt;</c>.</summary>
    public const string Signature = "X-Rakor-Signature";

    /// <summary>On webhook requests: the delivery's id, the same on every retry, so a receiver can drop repeats.</summary>
    public const string IdempotencyKey = "Idempotency-Key";

    /// <summary>On webhook requests: the delivery's id (same value as <see cref="IdempotencyKey"/>).</summary>
    public const string Delivery = "X-Rakor-Delivery";

    /// <summary>On webhook requests: the notification name (DeadlineApproaching, ...).</summary>
    public const string Event = "X-Rakor-Event";
}
