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
}
