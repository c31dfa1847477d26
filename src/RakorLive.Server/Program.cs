using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.SignalR;
using Orleans.Configuration;
using Orleans.Serialization;
using RakorLive.Grains;
using RakorLive.Grains.Directory;
using RakorLive.Json;
using RakorLive.Serialization;
using RakorLive.Wire;
using RakorLive.Rules;
using RakorLive.Server.Api;
using RakorLive.Server.Auth;
using RakorLive.Server.Hosting;
using RakorLive.Server.Hubs;
using RakorLive.Server.Notifications;
using RakorLive.Storage;

// appsettings.json and the web clients (see the csproj) sit next to the binaries: found wherever the server
// is started from. Relative data paths still resolve against the working directory (StorageSettings).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
    WebRootPath = Path.Combine(AppContext.BaseDirectory, "webroot"),
});
builder.Configuration.AddEnvironmentVariables("RakorLive__");
if (builder.Configuration["urls"] is null && Environment.GetEnvironmentVariable("ASPNETCORE_URLS") is null)
    builder.WebHost.UseUrls("http://localhost:5080");
builder.AddRakorLiveRequestLimits();

var storage = StorageSettings.FromConfiguration(builder.Configuration);
var cluster = new RakorLiveClusterOptions
{
    ClusterId = builder.Configuration["Orleans:ClusterId"] ?? "rakorlive",
    ServiceId = builder.Configuration["Orleans:ServiceId"] ?? "rakorlive",
    SiloPort = builder.Configuration.GetValue("Orleans:SiloPort", 11111),
    GatewayPort = builder.Configuration.GetValue("Orleans:GatewayPort", 30000),
    // Nodes on one machine (deploy/local-cluster.sh) advertise loopback; elsewhere Orleans picks the host's address.
    AdvertisedAddress = builder.Configuration["Orleans:AdvertisedIPAddress"] is { Length: > 0 } address ? System.Net.IPAddress.Parse(address) : null,
};
builder.Services.AddSingleton(storage);
// RakorLive:ClockOffset (tests only: e.g. 1.00:00:00 starts the server "tomorrow") shifts the clock the grains and reminders read.
if (builder.Configuration.GetValue<TimeSpan?>("RakorLive:ClockOffset") is { } offset && offset != TimeSpan.Zero)
    OffsetTimeProvider.Register(builder.Services, offset);
else
    builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddRakorLiveDatabase();
builder.Services.AddSingleton<OpdCatalog>();
builder.Services.AddSingleton<EntityOwners>();
builder.Services.Configure<RakorLiveGrainOptions>(builder.Configuration.GetSection(RakorLiveGrainOptions.Section));
builder.Services.PostConfigure<RakorLiveGrainOptions>(o => RegionSetting.Apply(builder.Configuration, o));
builder.Services.Configure<RakorLive.Server.Api.EvidenceOptions>(builder.Configuration.GetSection(RakorLive.Server.Api.EvidenceOptions.Section));
builder.UseOrleans(silo =>
{
    silo.AddRakorLiveStorage(storage, cluster);
    silo.Services.AddSerializer(serializer => serializer.AddRakorLiveContracts());
    silo.Configure<ClusterMembershipOptions>(membership =>
    {
        // A killed node is declared dead after 3 missed probes of 4 s plus the votes: well within 20 s.
        membership.ProbeTimeout = TimeSpan.FromSeconds(4);
        membership.NumMissedProbesLimit = 3;
        membership.NumVotesForDeathDeclaration = 2;
        membership.DefunctSiloExpiration = TimeSpan.FromHours(1);
    });
    // No request waits on a dead node or database longer than this; it fails and the client retries.
    silo.Configure<SiloMessagingOptions>(messaging => messaging.ResponseTimeout = TimeSpan.FromSeconds(10));
    silo.AddRakorLiveOperations(storage);
});
builder.AddRakorLiveOperations(cluster.ServiceId);

// The schema must exist before the silo starts reading its queries (and before the key table is read); data of the
// first release is upgraded before anything reads it, or the start is refused with what to do (README, "Upgrading").
using (var loggerFactory = LoggerFactory.Create(b => b.AddConfiguration(builder.Configuration.GetSection("Logging")).AddConsole()))
{
    await SchemaInstaller.ApplyAsync(storage, loggerFactory.CreateLogger("RakorLive.Schema"), CancellationToken.None);
    if (!await LegacyMigration.RunAsync(storage, cluster.ServiceId, builder.Configuration, loggerFactory, CancellationToken.None))
    {
        Environment.ExitCode = 3;
        return;
    }
}

var signingKey = await SigningKeyStore.LoadOrCreateAsync(storage, CancellationToken.None);
var tokens = new TokenService(signingKey, TimeProvider.System);
builder.Services.AddSingleton(tokens);
builder.Services.AddSingleton(new MeetingIdKey(signingKey));
builder.Services.AddSingleton<Passwords>();
builder.Services.AddSingleton<Bootstrap>();
builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
{
    jwt.MapInboundClaims = false;
    jwt.TokenValidationParameters = tokens.ValidationParameters;
    jwt.Events = new JwtBearerEvents
    {
        // Browsers cannot set headers on WebSockets: the hub takes the token from the query string.
        OnMessageReceived = context =>
        {
            if (context.Request.Path.StartsWithSegments(MeetingHub.Path) && context.Request.Query[HubNames.AccessTokenParameter] is { Count: > 0 } token)
                context.Token = token;
            // Browsers open the dashboard as a page: its token comes in the cookie POST /api/auth/dashboard-session set.
            else if (Operations.DashboardToken(context.Request) is { } dashboardToken)
                context.Token = dashboardToken;
            return Task.CompletedTask;
        },
        OnChallenge = async context =>
        {
            context.HandleResponse();
            await WriteProblem(context.HttpContext, 401, "Perlu masuk", "Sign in first: POST /api/auth/token, then send 'Authorization: Bearer <accessToken>'.");
        },
        OnForbidden = context => WriteProblem(context.HttpContext, 403, "Tidak diizinkan", "Your role may not do this."),
    };
});
builder.Services.AddAuthorization();
builder.AddRakorLiveSecurity();

builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = FrameworkProblems.AddMissingDetail);
builder.Services.AddSingleton<IProblemDetailsWriter, FallbackProblemWriter>();
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
// The wire format is written once, in RakorLive.Contracts: enums as strings, events by their type.
builder.Services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(o => RakorLiveJson.Configure(o.SerializerOptions));
builder.Services.AddOpenApi();
builder.Services.AddSignalR(o => o.AddFilter<ProblemHubFilter>())
    .AddJsonProtocol(o => RakorLiveJson.Configure(o.PayloadSerializerOptions));
builder.Services.AddSingleton<MeetingRelay>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<MeetingRelay>());
builder.AddRakorLiveNotifications();
builder.Services.AddHealthChecks().AddCheck<ReadinessCheck>("ready", tags: ["ready"]);

var app = builder.Build();
app.UseRakorLiveSecurity();
app.UseExceptionHandler();
app.UseRakorLiveRequestLimits();
app.UseStatusCodePages();
app.UseDefaultFiles();
app.UseStaticFiles();
app.UseAuthentication();
// Between the two: it needs the caller, and sees authorization's 401 and 403 (README, "Audit").
app.UseRakorAudit();
app.UseAuthorization();
app.UseHubHttpProblems();

app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
app.MapOpenApi("/openapi/{documentName}.json");
app.MapAuthEndpoints();
app.MapDirectoryEndpoints();
app.MapMeetingEndpoints();
app.MapActionPointEndpoints();
app.MapNotificationEndpoints();
app.MapRecordEndpoints();
app.MapFollowUpEndpoints();
app.MapAuditEndpoints();
app.MapHub<MeetingHub>(MeetingHub.Path);
app.MapOperations();
app.MapWebPages();

app.Lifetime.ApplicationStarted.Register(() => _ = Task.Run(async () =>
{
    try
    {
        await app.Services.GetRequiredService<Bootstrap>().RunAsync();
        app.Logger.LogInformation("RakorLive is ready at {Urls} (storage: {Storage})", string.Join(", ", app.Urls), storage.Provider);
    }
    catch (Exception e)
    {
        app.Logger.LogCritical(e, "First-start set-up failed; stopping");
        app.Lifetime.StopApplication();
    }
}));

await app.RunAsync();

static Task WriteProblem(HttpContext http, int status, string title, string detail)
{
    http.Response.StatusCode = status;
    return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
    {
        HttpContext = http,
        ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
    }).AsTask();
}

/// <summary>Makes the program reachable from tests.</summary>
public partial class Program;
