using RakorLive.Bench.Baseline;

// The floor the benchmark compares RakorLive with: plain ASP.NET Core SignalR, the same hub path,
// method names and event shape, no Orleans, no storage, no authentication. Events live in memory only.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton<MeetingLogs>();
builder.Services.AddSignalR(hub =>
{
    // HTTP commands to RakorLive run concurrently; a writer's hub invocations should too.
    hub.MaximumParallelInvocationsPerClient = 32;
    hub.MaximumReceiveMessageSize = 256 * 1024;
});

var app = builder.Build();
app.MapHub<BaselineHub>(BaselineHub.Path);
app.MapGet("/health/ready", () => Results.Ok("ready"));
// The runtime's cumulative JIT time, named as RakorLive's /metrics names it: the bench warms both up until it stops growing.
app.MapGet("/metrics", () => Results.Text(
    $"dotnet_jit_compilation_time_seconds_total {System.Runtime.JitInfo.GetCompilationTime().TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}\n",
    "text/plain; version=0.0.4"));

// The two reads the bench needs: the meeting's position, and history pages like RakorLive's GET .../events.
app.MapGet("/api/meetings/{id}", (string id, MeetingLogs logs) =>
{
    var log = logs.Get(id);
    return Results.Ok(new { id, seq = log.Seq, epoch = MeetingLog.Epoch });
});
app.MapGet("/api/meetings/{id}/events", (string id, long? afterSeq, int? limit, MeetingLogs logs) =>
    Results.Ok(logs.Get(id).After(afterSeq ?? 0, Math.Clamp(limit ?? 1000, 1, 1000))));

app.Run();
