using System.Net.Http.Headers;
using System.Text.Json;

namespace RakorLive.IntegrationTests.Security;

/// <summary>One HTTP answer, read fully so a failed assertion can quote it.</summary>
public sealed record Answer(int Status, string? ContentType, string Body, HttpResponseHeaders Headers, byte[]? Raw = null, string? ContentDisposition = null)
{
    public const string ProblemJson = "application/problem+json";

    /// <summary>The body's bytes as sent (documents).</summary>
    public byte[] Bytes => Raw ?? System.Text.Encoding.UTF8.GetBytes(Body);

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>The ETag's version number (the ETag of an action point is its quoted version).</summary>
    public int ETagVersion => int.Parse(Headers.ETag?.Tag.Trim('"') ?? throw new InvalidOperationException("No ETag in " + Describe()));

    public override string ToString() => Describe();

    public string Describe() => $"{Status} {ContentType ?? "(no content type)"} {(Body.Length > 400 ? Body[..400] + "…" : Body)}";

    /// <summary>
    /// Why this answer is not a proper problem with the given status (null when it is):
    /// application/problem+json, the status repeated in the body, a title and a detail a person can act on.
    /// </summary>
    public string? ProblemMismatch(int expectedStatus)
    {
        if (Status != expectedStatus) return $"expected {expectedStatus}, got {Describe()}";
        if (ContentType != ProblemJson) return $"expected Content-Type {ProblemJson}, got {Describe()}";
        JsonElement json;
        try { json = Json; }
        catch (JsonException) { return $"the problem body is not JSON: {Describe()}"; }
        if (json.ValueKind != JsonValueKind.Object) return $"the problem body is not a JSON object: {Describe()}";
        if (!json.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.Number || status.GetInt32() != expectedStatus)
            return $"the problem body does not carry status {expectedStatus}: {Describe()}";
        if (!NonEmpty(json, "title")) return $"the problem has no title: {Describe()}";
        if (!NonEmpty(json, "detail")) return $"the problem has no detail a person can act on: {Describe()}";
        return null;
    }

    private static bool NonEmpty(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString());
}
