using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using RakorLive.Grains.Directory;
using RakorLive.Server.Auth;
using RakorLive.Server.Hubs;
using RakorLive.Wire;

namespace RakorLive.Server.Hosting;

/// <summary>RakorLive:RateLimits: per client address, generous for a meeting room behind one NAT, tight for a script.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RakorLive:RateLimits";

    /// <summary>POST /api/auth/token: attempts per window and address.</summary>
    public WindowLimit SignIn { get; set; } = new() { PermitLimit = 100, Window = TimeSpan.FromMinutes(1) };

    /// <summary>POST /api/auth/join: attempts per window and address (30 tablets of a room join within a minute).</summary>
    public WindowLimit Join { get; set; } = new() { PermitLimit = 100, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Every other non-GET /api route: a token bucket per address.</summary>
    public BucketLimit Writes { get; set; } = new() { Burst = 600, PerSecond = 300 };

    public sealed class WindowLimit
    {
        public int PermitLimit { get; set; }
        public TimeSpan Window { get; set; }
    }

    public sealed class BucketLimit
    {
        public int Burst { get; set; }
        public int PerSecond { get; set; }
    }
}

/// <summary>
/// Sign-in abuse, token revocation, response headers, CORS and a reverse proxy's forwarded headers: everything the
/// host adds around the API to be safe on a network, configured under RakorLive:RateLimits, :Lockout, :Tokens, :Cors
/// and :ForwardedHeaders (README, "Security").
/// </summary>
public static class Security
{
    public const string CorsPolicy = "RakorLive";

    /// <summary>The pages: own scripts only; inline styles (server-rendered documents use them); data: and blob: images (QR, evidence previews); the hub on the same origin.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public const string PermissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";

    public static WebApplicationBuilder AddRakorLiveSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        services.Configure<RateLimitOptions>(config.GetSection(RateLimitOptions.Section));
        services.Configure<LockoutOptions>(config.GetSection(LockoutOptions.Section));
        services.Configure<TokenOptions>(config.GetSection(TokenOptions.Section));
        services.AddSingleton<TokenRevocation>();

        var limits = config.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => Partition(http, limits));
            o.OnRejected = (context, _) => Throttled(context);
        });

        // A token's account or join code is rechecked on every request: a disabled user, a new password or a revoked code ends it.
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt =>
        {
            var inner = jwt.Events.OnTokenValidated;
            jwt.Events.OnTokenValidated = async context =>
            {
                await inner(context);
                if (context.Result is not null || context.Principal is null) return;
                if (await context.HttpContext.RequestServices.GetRequiredService<TokenRevocation>().Refusal(context.Principal) is { } refusal)
                    context.Fail(refusal);
            };
        });
        services.Configure<HubOptions>(o => o.AddFilter<RevokedTokenHubFilter>());

        var origins = Origins(config);
        if (origins.Length > 0)
            services.AddCors(o => o.AddPolicy(CorsPolicy, policy => policy.WithOrigins(origins)
                .AllowAnyHeader()
                .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE")
                .WithExposedHeaders(Headers.ETag, Headers.IdempotentReplay, Headers.Seq, Headers.Epoch, "Retry-After", "Location")));

        if (config.GetValue("RakorLive:ForwardedHeaders:Enabled", false))
            services.Configure<ForwardedHeadersOptions>(o =>
            {
                o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
                // Loopback is trusted by default; a proxy elsewhere is named by address or network.
                foreach (var proxy in List(config, "RakorLive:ForwardedHeaders:KnownProxies")) o.KnownProxies.Add(IPAddress.Parse(proxy));
                foreach (var network in List(config, "RakorLive:ForwardedHeaders:KnownNetworks")) o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            });
        return builder;
    }

    /// <summary>First in the pipeline: the client's address must be known before the limiter partitions by it.</summary>
    public static WebApplication UseRakorLiveSecurity(this WebApplication app)
    {
        if (app.Configuration.GetValue("RakorLive:ForwardedHeaders:Enabled", false)) app.UseForwardedHeaders();
        app.Use((http, next) =>
        {
            // Set as the response starts, so error pages (which clear the headers) carry them too.
            http.Response.OnStarting(() => AddHeaders(http));
            return next(http);
        });
        if (Origins(app.Configuration).Length > 0) app.UseCors(CorsPolicy);
        app.UseRateLimiter();
        return app;
    }

    private static Task AddHeaders(HttpContext http)
    {
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        // Join codes travel in page URLs (?join=CODE): no referrer carries them to another site.
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        headers["Permissions-Policy"] = PermissionsPolicy;
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        if (http.Request.IsHttps) headers.StrictTransportSecurity = "max-age=31536000";
        return Task.CompletedTask;
    }

    private static RateLimitPartition<string> Partition(HttpContext http, RateLimitOptions limits)
    {
        var request = http.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || !request.Path.StartsWithSegments("/api"))
            return RateLimitPartition.GetNoLimiter("");
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (request.Path.Equals(Routes.Token, StringComparison.OrdinalIgnoreCase))
            return Window("signin:" + address, limits.SignIn);
        if (request.Path.Equals(Routes.Join, StringComparison.OrdinalIgnoreCase))
            return Window("join:" + address, limits.Join);
        return RateLimitPartition.GetTokenBucketLimiter("writes:" + address, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, limits.Writes.Burst),
            TokensPerPeriod = Math.Max(1, limits.Writes.PerSecond),
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static RateLimitPartition<string> Window(string key, RateLimitOptions.WindowLimit limit) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, limit.PermitLimit),
            Window = limit.Window > TimeSpan.Zero ? limit.Window : TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    private static async ValueTask Throttled(OnRejectedContext context)
    {
        var http = context.HttpContext;
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Api.AuthEndpoints.RetryAfterSeconds(retryAfter) : 1;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Terlalu banyak permintaan",
                Detail = $"Too many requests from this address; nothing was changed. Retry after {seconds} s with the same commandId.",
            },
        });
    }

    private static string[] Origins(IConfiguration config) => List(config, "RakorLive:Cors:Origins");

    /// <summary>A list key as an array (<c>Key:0</c>, <c>Key:1</c>) or one comma-separated string.</summary>
    private static string[] List(IConfiguration config, string key)
    {
        var section = config.GetSection(key);
        var values = section.GetChildren().Select(c => c.Value).Append(section.Value);
        return [.. values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct()];
    }
}

/// <summary>An open hub connection whose token was revoked meanwhile is refused on its next call, and closed.</summary>
public sealed class RevokedTokenHubFilter(TokenRevocation revocation) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (context.Context.User is { } user && await revocation.Refusal(user) is { } refusal)
        {
            context.Context.Abort();
            throw new HubException($"401 Perlu masuk: {refusal}");
        }
        return await next(context);
    }
}
