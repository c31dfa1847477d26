using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace RakorLive.IntegrationTests.Notifications;

/// <summary>
/// A webhook endpoint on 127.0.0.1 (HttpListener), as a pemda's WhatsApp or e-mail gateway would run one: it checks
/// each request's X-Rakor-Signature against the shared secret and records what it got. It answers 500 to the first
/// <see cref="FailFirst"/> requests (or to every request while <see cref="FailAlways"/> is set).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public const string Secret = "rahasia-webhook-uji";

    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private int _seen;

    public sealed record Received(string DeliveryId, string IdempotencyKey, string Event, bool SignatureValid, JsonElement Body, int AnsweredStatus);

    public ConcurrentQueue<Received> Requests { get; } = new();

    public int FailFirst { get; set; }
    public volatile bool FailAlways;

    public string Url { get; }

    public WebhookReceiver()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        Url = $"http://127.0.0.1:{port}/hooks/rakor/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Loop();
    }

    /// <summary>What a receiver does: HMAC-SHA256 of the exact body bytes with the secret, lowercase hex, compared in constant time.</summary>
    public static bool Verify(byte[] body, string? header, string secret)
    {
        if (header is null || !header.StartsWith("sha256=", StringComparison.Ordinal)) return false;
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(header["sha256=".Length..]));
    }

    private async Task Loop()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            try
            {
                using var buffer = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(buffer);
                var body = buffer.ToArray();
                var n = Interlocked.Increment(ref _seen);
                var status = FailAlways || n <= FailFirst ? 500 : 204;
                var valid = Verify(body, context.Request.Headers["X-Rakor-Signature"], Secret);
                Requests.Enqueue(new Received(context.Request.Headers["X-Rakor-Delivery"] ?? "", context.Request.Headers["Idempotency-Key"] ?? "",
                    context.Request.Headers["X-Rakor-Event"] ?? "", valid, JsonDocument.Parse(body).RootElement.Clone(), status));
                context.Response.StatusCode = status;
                context.Response.Close();
            }
            catch (Exception)
            {
                try { context.Response.Abort(); } catch (Exception) { }
            }
        }
    }

    /// <summary>Requests answered 2xx: what the gateway accepted.</summary>
    public IReadOnlyList<Received> Accepted => [.. Requests.Where(r => r.AnsweredStatus < 300)];

    public async Task<IReadOnlyList<Received>> Until(Func<IReadOnlyList<Received>, bool> done, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(45));
        while (true)
        {
            var accepted = Accepted;
            if (done(accepted)) return accepted;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"webhook: {what}; got {Requests.Count} request(s): " +
                    string.Join(", ", Requests.Select(r => $"{r.Event}/{r.AnsweredStatus}/{(r.Body.TryGetProperty("actionPointId", out var a) ? a.GetString() : "-")}")));
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try { await _loop; } catch (Exception) { }
    }
}
