namespace RakorLive.Client;

/// <summary>How hard the REST client tries before giving up.</summary>
public sealed record RakorLiveClientOptions
{
    /// <summary>Attempts per call, the first included; only transient failures are retried.</summary>
    public int MaxAttempts { get; init; } = 6;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>One attempt that takes longer than this counts as a transient failure.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Per node, when choosing the first healthy one of several.</summary>
    public TimeSpan HealthProbeTimeout { get; init; } = TimeSpan.FromSeconds(2);

    public JitteredBackoff Backoff => new(BaseDelay, MaxDelay);
}
