using System.Net;
using System.Text.Json;

namespace RakorLive.Client;

/// <summary>An answer that will not change by retrying (4xx), or a transient one that outlasted every attempt: the server's problem+json.</summary>
public sealed class RakorLiveProblemException : Exception
{
    public RakorLiveProblemException(int status, string? title, string? detail, IReadOnlyDictionary<string, string[]>? errors,
        HttpMethod method, Uri requestUri)
        : base($"{status} {title ?? ((HttpStatusCode)status).ToString()}: {detail ?? "(no detail)"} [{method} {requestUri}]")
    {
        Status = status;
        Title = title;
        Detail = detail;
        Errors = errors ?? new Dictionary<string, string[]>();
        Method = method;
        RequestUri = requestUri;
    }

    public int Status { get; }
    public string? Title { get; }
    public string? Detail { get; }

    /// <summary>Validation messages per field (400), empty otherwise.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    public HttpMethod Method { get; }
    public Uri RequestUri { get; }

    /// <summary>Builds the exception from a problem+json body; a body that is not one still yields the status.</summary>
    public static RakorLiveProblemException From(int status, ReadOnlySpan<byte> body, HttpMethod method, Uri requestUri)
    {
        string? title = null, detail = null;
        Dictionary<string, string[]>? errors = null;
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String) title = t.GetString();
                if (root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String) detail = d.GetString();
                if (root.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object)
                    errors = e.EnumerateObject().ToDictionary(
                        p => p.Name,
                        p => p.Value.ValueKind == JsonValueKind.Array
                            ? p.Value.EnumerateArray().Select(m => m.ToString()).ToArray()
                            : [p.Value.ToString()]);
            }
        }
        catch (JsonException)
        {
            // Not problem+json (a proxy's HTML page, an empty body): the status alone must do.
        }
        return new RakorLiveProblemException(status, title, detail, errors, method, requestUri);
    }
}
