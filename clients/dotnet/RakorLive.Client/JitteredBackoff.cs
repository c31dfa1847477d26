namespace RakorLive.Client;

/// <summary>
/// Exponential backoff with "equal jitter": half the exponential step fixed, half random, so many
/// tablets that lost the same wifi do not come back in lock-step.
/// </summary>
public sealed record JitteredBackoff(TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    /// <param name="attempt">1 for the wait after the first failure.</param>
    public TimeSpan Delay(int attempt)
    {
        var exponent = Math.Min(Math.Max(attempt - 1, 0), 30);
        var step = Math.Min(BaseDelay.TotalMilliseconds * Math.Pow(2, exponent), MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(step / 2 + Random.Shared.NextDouble() * step / 2);
    }
}
