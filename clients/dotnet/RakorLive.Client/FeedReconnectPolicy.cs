using Microsoft.AspNetCore.SignalR.Client;

namespace RakorLive.Client;

/// <summary>SignalR's automatic reconnect for a feed: immediately once, then jittered backoff, then give up so the feed can change node.</summary>
internal sealed class FeedReconnectPolicy(JitteredBackoff backoff, int attempts) : IRetryPolicy
{
    public TimeSpan? NextRetryDelay(RetryContext retryContext) =>
        retryContext.PreviousRetryCount >= attempts ? null
        : retryContext.PreviousRetryCount == 0 ? TimeSpan.Zero
        : backoff.Delay((int)Math.Min(retryContext.PreviousRetryCount, int.MaxValue));
}
