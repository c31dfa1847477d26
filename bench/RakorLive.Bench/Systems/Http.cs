using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace RakorLive.Bench.Systems;

/// <summary>The one HTTP stack of a system: pooled sockets, enough connections for an open-loop load, human errors.</summary>
public static class Http
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="commandTimeout">A command not answered within this is counted as failed.</param>
    public static HttpClient CreateClient(TimeSpan commandTimeout) => new(new SocketsHttpHandler
    {
        // An open-loop writer keeps sending while earlier commands wait: each in-flight request needs its own HTTP/1.1 connection.
        MaxConnectionsPerServer = int.MaxValue,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        Timeout = commandTimeout,
    };

    public static HttpRequestMessage Request(HttpMethod method, Uri node, string path, string? token, object? body = null)
    {
        var request = new HttpRequestMessage(method, new Uri(node, path));
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        return request;
    }

    /// <summary>Sends and returns the successful response; anything else becomes a <see cref="CommandFailedException"/> with the server's message.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CommandFailedException($"{request.Method} {request.RequestUri!.AbsolutePath}: no answer within {http.Timeout.TotalSeconds:0} s", e);
        }
        catch (HttpRequestException e)
        {
            throw new CommandFailedException($"{request.Method} {request.RequestUri!.AbsolutePath}: {e.Message}", e);
        }
        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var detail = text;
            try
            {
                using var problem = JsonDocument.Parse(text);
                detail = $"{Str(problem.RootElement, "title")}: {Str(problem.RootElement, "detail")}";
            }
            catch (JsonException)
            {
            }
            throw new CommandFailedException($"{request.Method} {request.RequestUri!.AbsolutePath}: {(int)response.StatusCode} {Trim(detail)}");
        }
    }

    public static long? SeqHeader(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Rakor-Seq", out var values) &&
        long.TryParse(values.FirstOrDefault(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seq)
            ? seq
            : null;

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
        ?? throw new CommandFailedException($"{response.RequestMessage?.RequestUri?.AbsolutePath}: empty answer");

    private static string Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    private static string Trim(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
