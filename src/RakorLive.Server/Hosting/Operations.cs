using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Orleans.Dashboard;
using RakorLive.Grains.Telemetry;
using RakorLive.Model;
using RakorLive.Storage;

namespace RakorLive.Server.Hosting;

/// <summary>
/// What an operator uses: metrics for Prometheus at <c>/metrics</c>, the Orleans dashboard at <c>/dashboard</c>
/// (Admin only) and Kubernetes hosting when the process runs in a pod.
/// </summary>
public static class Operations
{
    public const string MetricsPath = "/metrics";
    public const string DashboardPath = "/dashboard";
    public const string DashboardSessionPath = "/api/auth/dashboard-session";
    public const string DashboardCookie = "rakorlive_dashboard";
    public const string AdminPolicy = "Admin";
    /// <summary>Orleans' own instruments (messaging, activations, storage, membership).</summary>
    public const string OrleansMeter = "Microsoft.Orleans";
    /// <summary>The .NET runtime's own instruments (collections, heap, JIT, thread pool, lock contention).</summary>
    public const string RuntimeMeter = "System.Runtime";

    /// <summary>Kubernetes sets this in every pod; outside a pod the Kubernetes hosting is never wired.</summary>
    public static bool InKubernetes => Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST") is { Length: > 0 };

    public static void AddRakorLiveOperations(this WebApplicationBuilder builder, string serviceId)
    {
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("rakorlive", serviceNamespace: serviceId, autoGenerateServiceInstanceId: true))
            .WithMetrics(metrics => metrics
                .AddMeter(RakorLiveMetrics.MeterName, OrleansMeter, RuntimeMeter)
                .AddAspNetCoreInstrumentation()
                .AddPrometheusExporter());
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(nameof(Role.Admin)));
    }

    public static void AddRakorLiveOperations(this ISiloBuilder silo, StorageSettings storage)
    {
        silo.AddIncomingGrainCallFilter<CommandMetricsFilter>();
        silo.AddDashboard();
        // In a pod: labels it with the cluster and service ids and declares a silo dead as soon as its pod is
        // deleted. Only for PostgreSQL clusters; a SQLite node is a single loopback silo with nothing to watch.
        if (InKubernetes && storage.Provider == StorageProvider.PostgreSQL) silo.UseKubernetesHosting();
    }

    public static void MapOperations(this WebApplication app)
    {
        // Anonymous, as Prometheus scrapes; it holds counts and timings, no meeting content. Restrict it at the network edge.
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        // Gauges are exported from their first measurement on: start them at 0 so a fresh node shows 0, not nothing.
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            RakorLiveMetrics.SignalRConnections.Add(0);
            RakorLiveMetrics.MeetingsLive.Add(0);
        });

        // The dashboard reads grain state (user accounts included) and streams the log: administrators only.
        app.MapOrleansDashboard(DashboardPath).RequireAuthorization(AdminPolicy).ExcludeFromDescription();

        // A browser opens the dashboard as a page and cannot add a bearer header: this turns the admin's bearer
        // token into an HttpOnly cookie that is only sent to, and only accepted on, /dashboard.
        var session = app.MapGroup(DashboardSessionPath).WithTags("Auth");
        session.MapPost("/", (HttpContext http) =>
        {
            var token = BearerToken(http.Request) ?? throw new InvalidOperationException("Authorized without a bearer header.");
            var expires = long.TryParse(http.User.FindFirstValue(JwtRegisteredClaimNames.Exp), out var exp)
                ? DateTimeOffset.FromUnixTimeSeconds(exp)
                : (DateTimeOffset?)null;
            http.Response.Cookies.Append(DashboardCookie, token, CookieOptions(http, expires));
            return Results.NoContent();
        }).RequireAuthorization(AdminPolicy);
        session.MapDelete("/", (HttpContext http) =>
        {
            http.Response.Cookies.Delete(DashboardCookie, CookieOptions(http, null));
            return Results.NoContent();
        }).AllowAnonymous();
    }

    /// <summary>The dashboard cookie's token, for requests under <c>/dashboard</c> that carry no Authorization header.</summary>
    public static string? DashboardToken(HttpRequest request) =>
        request.Path.StartsWithSegments(DashboardPath) && !request.Headers.Authorization.Any() && request.Cookies.TryGetValue(DashboardCookie, out var token) && token.Length > 0
            ? token
            : null;

    private static CookieOptions CookieOptions(HttpContext http, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        // Strict: no other site can make the browser send it; Path: never sent to the API.
        SameSite = SameSiteMode.Strict,
        Secure = http.Request.IsHttps,
        Path = DashboardPath,
        Expires = expires,
        IsEssential = true,
    };

    private static string? BearerToken(HttpRequest request) =>
        request.Headers.Authorization.ToString() is { } header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? header["Bearer ".Length..].Trim()
            : null;
}
