namespace RakorLive.Client;

/// <summary>The answer to a state-changing call.</summary>
/// <param name="CommandId">The commandId sent (generated when the caller gave none); send it again to replay safely.</param>
/// <param name="Replayed">The server had already executed this commandId and returned the first result (header Idempotent-Replay).</param>
/// <param name="Seq">The meeting's seq after the command (header X-Rakor-Seq), when the route reports it.</param>
/// <param name="ETag">The entity version for a later If-Match, when the route reports it.</param>
/// <param name="Attempts">How many requests it took; more than one means transient failures were retried.</param>
public sealed record CommandResult<T>(T Value, string? CommandId, bool Replayed, long? Seq, string? ETag, int StatusCode, int Attempts);
