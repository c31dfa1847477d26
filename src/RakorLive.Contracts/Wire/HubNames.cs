namespace RakorLive.Wire;

/// <summary>The live channel's path and method names, as the server maps them and every client calls them.</summary>
public static class HubNames
{
    public const string MeetingHubPath = "/hubs/meeting";

    /// <summary>Query parameter that carries the bearer token on the hub (browsers cannot set WebSocket headers).</summary>
    public const string AccessTokenParameter = "access_token";

    // Client → server.
    public const string JoinMeeting = nameof(JoinMeeting);
    public const string JoinMeetingAt = nameof(JoinMeetingAt);
    public const string LeaveMeeting = nameof(LeaveMeeting);
    public const string WatchFollowUps = nameof(WatchFollowUps);

    // Server → client.
    public const string MeetingEvent = nameof(MeetingEvent);
    public const string FollowUpChanged = nameof(FollowUpChanged);
}
