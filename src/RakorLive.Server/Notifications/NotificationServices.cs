using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using RakorLive.GrainInterfaces;
using RakorLive.Grains.Notifications;
using RakorLive.Rules;
using RakorLive.Server.Api;
using RakorLive.Wire;
using RakorLive.Model;

namespace RakorLive.Server.Notifications;

/// <summary>Deadline notifications: the live relay, the webhook dispatcher, the start-up sweep and the Admin's delivery routes.</summary>
public static class NotificationServices
{
    public static WebApplicationBuilder AddRakorLiveNotifications(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(NotificationOptions.Section);
        var settings = section.Get<NotificationOptions>() ?? new NotificationOptions();
        settings.Validate();
        builder.Services.Configure<NotificationOptions>(section);
        builder.Services.AddSingleton<DeliverySignal>();
        builder.Services.AddSingleton<FollowUpRelay>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FollowUpRelay>());
        builder.Services.AddHostedService<WebhookDispatcher>();
        builder.Services.AddHostedService<DeadlineSweep>();
        var delivery = settings.Notifications;
        builder.Services.AddHttpClient(WebhookDispatcher.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            // A receiver's redirect is not followed: a webhook goes where it is configured, nowhere else.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .AddResilienceHandler("webhooks", pipeline =>
            {
                pipeline.AddTimeout(delivery.RequestTimeout * (delivery.HttpRetries + 1) + TimeSpan.FromSeconds(5));
                if (delivery.HttpRetries > 0)
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = delivery.HttpRetries,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = TimeSpan.FromMilliseconds(200),
                    });
                pipeline.AddTimeout(delivery.RequestTimeout);
            });
        return builder;
    }

    public static void MapNotificationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Routes.Notifications).RequireAuthorization().WithTags("Notifications");
        group.MapGet("/", ListRaised).WithSummary("The follow-up notifications raised (an agency's own for a kepala OPD)");
        var deliveries = app.MapGroup(Routes.NotificationDeliveries).RequireAuthorization().WithTags("Notifications");
        deliveries.MapGet("/", ListDeliveries).WithSummary("Webhook deliveries, e.g. ?status=failed (Admin)");
        deliveries.MapPost("/{id}/retry", RetryDelivery).WithSummary("Queues a failed webhook delivery again (Admin)");
    }

    private static async Task<IReadOnlyList<FollowUpNotification>> ListRaised(HttpContext http, INotificationStore store, string? opd, int? limit)
    {
        var scope = Permissions.ReadNotifications(http.Caller(), Validation.OpdFilter(opd));
        return await store.Raised(scope, Math.Clamp(limit ?? 500, 1, 2000));
    }

    private static async Task<IReadOnlyList<NotificationDelivery>> ListDeliveries(HttpContext http, INotificationStore store, string? status, int? limit)
    {
        Permissions.ManageDeliveries(http.Caller());
        string? filter = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            filter = new[] { DeliveryStatus.Pending, DeliveryStatus.Delivered, DeliveryStatus.Failed }
                .FirstOrDefault(s => string.Equals(s, status.Trim(), StringComparison.OrdinalIgnoreCase))
                ?? throw new RakorProblem(400, "Status tidak dikenal", $"status must be Pending, Delivered or Failed, not '{status}'.",
                    new Dictionary<string, string[]> { ["status"] = ["Pending, Delivered atau Failed."] });
        }
        return await store.Deliveries(filter, Math.Clamp(limit ?? 500, 1, 2000));
    }

    private static async Task<NotificationDelivery> RetryDelivery(HttpContext http, INotificationStore store, DeliverySignal signal, TimeProvider clock, string id)
    {
        Permissions.ManageDeliveries(http.Caller());
        var delivery = await store.Retry(id, clock.GetUtcNow()) ?? throw RakorProblem.NotFound("Pengiriman", id);
        if (delivery.Status == DeliveryStatus.Delivered) throw RakorProblem.Conflict($"Delivery {id} was delivered already; nothing to retry.");
        signal.Poke();
        return delivery;
    }
}

/// <summary>
/// At start-up every agency is woken once, so whatever fell due while no node ran (a lead day, a passed due date, today's
/// digest after its time) is raised now; the keys in the notification store keep each one single.
/// </summary>
public sealed class DeadlineSweep(IGrainFactory grains, IHostApplicationLifetime lifetime, ILogger<DeadlineSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try { await Task.Delay(Timeout.Infinite, lifetime.ApplicationStarted).WaitAsync(stoppingToken); }
        catch (OperationCanceledException) when (lifetime.ApplicationStarted.IsCancellationRequested) { }
        catch (OperationCanceledException) { return; }
        for (var attempt = 1; attempt <= 10 && !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                var opds = await grains.GetGrain<IOpdDirectoryGrain>(DirectoryKeys.Default).List();
                await Task.WhenAll(opds.Select(o => grains.GetGrain<IOpdGrain>(o.Code).Wake()));
                logger.LogInformation("Deadline sweep woke {Count} agencies", opds.Count);
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Deadline sweep failed (attempt {Attempt}); retrying", attempt);
                try { await Task.Delay(TimeSpan.FromSeconds(5 * attempt), stoppingToken); } catch (OperationCanceledException) { return; }
            }
        }
    }
}
