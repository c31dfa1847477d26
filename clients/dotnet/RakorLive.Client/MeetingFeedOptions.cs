namespace RakorLive.Client;

/// <summary>How a <see cref="MeetingFeed"/> connects and reconnects.</summary>
public sealed record MeetingFeedOptions
{
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Attempts of SignalR's automatic reconnect on the same node before the feed's own loop (which also tries other nodes) takes over.</summary>
    public int AutomaticReconnectAttempts { get; init; } = 5;

    /// <summary>Attempts of an explicit <see cref="MeetingFeed.ConnectAsync"/>, across the nodes.</summary>
    public int ConnectAttempts { get; init; } = 5;

    public JitteredBackoff Backoff => new(BaseDelay, MaxDelay);
}
