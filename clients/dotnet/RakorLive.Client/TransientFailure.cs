namespace RakorLive.Client;

/// <summary>Which failures are worth the same request again (with the same commandId), and which mean the node is gone.</summary>
public static class TransientFailure
{
    /// <summary>408, 429, 502, 503, 504: the server or a proxy asks to come back later. Every other status is final.</summary>
    public static bool IsTransientStatus(int status) => status is 408 or 429 or 502 or 503 or 504;

    /// <summary>No HTTP answer at all because the node could not be reached: try the next node.</summary>
    public static bool IsUnreachable(HttpRequestException exception) =>
        exception.StatusCode is null && exception.HttpRequestError is HttpRequestError.ConnectionError
            or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError;
}
