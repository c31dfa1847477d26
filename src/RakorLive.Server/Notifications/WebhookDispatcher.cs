using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using RakorLive.Grains.Notifications;
using RakorLive.Wire;

namespace RakorLive.Server.Notifications;

/// <summary>
/// Drains the durable delivery outbox (rakor_notification_deliveries) on every node: claims what is due (one node per
/// attempt), POSTs the stored body signed with the webhook's secret, and records the outcome. One attempt runs the HTTP
/// resilience pipeline (in-process retries with backoff); a failed attempt is re-queued in the table with a doubling delay,
/// so a restart loses nothing; after <see cref="DeliverySettings.MaxAttempts"/> attempts or <see cref="DeliverySettings.GiveUpAfter"/>
/// it is Failed, for the Admin to see and retry.
/// </summary>
public sealed class WebhookDispatcher(
    INotificationStore store,
    IHttpClientFactory http,
    IOptions<NotificationOptions> options,
    DeliverySignal signal,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string ClientName = "rakorlive-webhooks";
    private static readonly TimeSpan MaxDelay = TimeSpan.FromHours(1);

    private DeliverySettings Settings => options.Value.Notifications;

    /// <summary>The signature header's value: <c>sha256=</c> and the lowercase hex HMAC-SHA256 of the exact body bytes.</summary>
    public static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Webhooks.Count == 0) return;
        // Storage and the silo are up once the application has started.
        try { await Task.Delay(Timeout.Infinite, lifetime.ApplicationStarted).WaitAsync(stoppingToken); }
        catch (OperationCanceledException) when (lifetime.ApplicationStarted.IsCancellationRequested) { }
        catch (OperationCanceledException) { return; }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var lease = Settings.RequestTimeout * (Settings.HttpRetries + 1) + TimeSpan.FromSeconds(30);
                var due = await store.ClaimDue(clock.GetUtcNow(), lease, 32);
                await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = stoppingToken },
                    async (d, ct) => await Send(d, ct));
                if (due.Count > 0) continue;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Draining webhook deliveries failed; retrying");
            }
            try { await signal.Wait(Settings.PollInterval, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    private async Task Send(PendingDelivery d, CancellationToken ct)
    {
        var webhooks = options.Value.Webhooks;
        var webhook = d.WebhookIndex < webhooks.Count ? webhooks[d.WebhookIndex] : null;
        if (webhook is null || webhook.Url != d.Url)
        {
            await store.MarkFailed(d.Id, $"RakorLive:Webhooks:{d.WebhookIndex} no longer points to {d.Url}.", clock.GetUtcNow(), null);
            return;
        }
        string error;
        try
        {
            var body = Encoding.UTF8.GetBytes(d.Body);
            using var request = new HttpRequestMessage(HttpMethod.Post, d.Url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
            request.Headers.TryAddWithoutValidation(Headers.Signature, Sign(webhook.Secret, body));
            request.Headers.TryAddWithoutValidation(Headers.IdempotencyKey, d.Id);
            request.Headers.TryAddWithoutValidation(Headers.Delivery, d.Id);
            request.Headers.TryAddWithoutValidation(Headers.Event, d.Notification);
            using var response = await http.CreateClient(ClientName).SendAsync(request, ct);
            if (response.IsSuccessStatusCode)
            {
                await store.MarkDelivered(d.Id, clock.GetUtcNow());
                logger.LogInformation("Delivered {Notification} {Delivery} to {Url}", d.Notification, d.Id, d.Url);
                return;
            }
            error = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: the claim's lease runs out and another attempt picks it up.
            return;
        }
        catch (Exception e)
        {
            error = e.GetType().Name + ": " + e.Message;
        }
        var now = clock.GetUtcNow();
        var final = d.Attempts >= Settings.MaxAttempts || now - d.CreatedAt >= Settings.GiveUpAfter;
        var delay = TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, Settings.RetryDelay.Ticks * (1L << Math.Min(20, d.Attempts - 1))));
        await store.MarkFailed(d.Id, error, now, final ? null : now + delay);
        if (final) logger.LogWarning("Webhook delivery {Delivery} ({Notification}) to {Url} failed for good after {Attempts} attempt(s): {Error}", d.Id, d.Notification, d.Url, d.Attempts, error);
        else logger.LogInformation("Webhook delivery {Delivery} to {Url} failed ({Error}); attempt {Attempt} again in {Delay}", d.Id, d.Url, error, d.Attempts + 1, delay);
    }
}
