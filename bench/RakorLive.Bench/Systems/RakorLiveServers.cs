using RakorLive.Bench.Measuring;
using RakorLive.IntegrationTests.Infrastructure;

namespace RakorLive.Bench.Systems;

/// <summary>
/// The RakorLive servers under test: ones the bench started (the built server binary, free loopback ports,
/// temp data directories, a throw-away PostgreSQL database; all removed on dispose) or running ones given by URL.
/// </summary>
public sealed class RakorLiveServers : IAsyncDisposable
{
    private readonly IAsyncDisposable? _owned;

    private RakorLiveServers(string description, IReadOnlyList<Uri> nodes, IReadOnlyList<int?> processIds, IAsyncDisposable? owned)
    {
        Description = description;
        Nodes = nodes;
        ProcessIds = processIds;
        _owned = owned;
    }

    public string Description { get; }

    /// <summary>True when the bench started these servers (and throws them away afterwards).</summary>
    public bool Owned => _owned is not null;
    public IReadOnlyList<Uri> Nodes { get; }

    /// <summary>Per node, the server's pid when the bench started it (for memory and CPU figures).</summary>
    public IReadOnlyList<int?> ProcessIds { get; }

    public static async Task<RakorLiveServers> StartAsync(BenchOptions options)
    {
        if (!options.StartsOwnServers)
            // A server on this machine started with "--urls <that address>" can still be measured.
            return new RakorLiveServers($"running server(s) at {string.Join(", ", options.Urls)}", options.Urls,
                [.. options.Urls.Select(u => u.IsLoopback ? ProcFs.FindProcessByArgument(u.ToString().TrimEnd('/')) : null)], null);

        // Only what a scenario needs differs from the product's defaults, and the report says so.
        // Every simulated client of the bench shares one address: the per-address limits (README, "Security") are lifted.
        string[] extra =
        [
            .. options.EventRetention is { } retention ? [$"--RakorLive:EventRetention={retention}"] : Array.Empty<string>(),
            .. UnthrottledArgs,
        ];
        var engine = options.EngineName;
        if (options.Nodes == 1)
        {
            var server = await ServerProcess.StartAsync(options.Engine, extra);
            return new RakorLiveServers($"{engine}, 1 node started by the bench{Describe(extra)}", [server.BaseAddress], [FindPid(server)], server);
        }
        var cluster = await ServerCluster.StartAsync(options.Nodes, extra);
        return new RakorLiveServers($"{engine}, {options.Nodes}-node cluster started by the bench{Describe(extra)}",
            [.. cluster.Nodes.Select(n => n.BaseAddress)], [.. cluster.Nodes.Select(FindPid)], cluster);
    }

    public async ValueTask DisposeAsync()
    {
        if (_owned is not null) await _owned.DisposeAsync();
    }

    public static readonly string[] UnthrottledArgs =
    [
        "--RakorLive:RateLimits:SignIn:PermitLimit=1000000",
        "--RakorLive:RateLimits:Join:PermitLimit=1000000",
        "--RakorLive:RateLimits:Writes:Burst=1000000",
        "--RakorLive:RateLimits:Writes:PerSecond=1000000",
    ];

    private static string Describe(string[] extra) => extra.Length == 0 ? "" : $" ({string.Join(" ", extra)})";

    // ServerProcess passes "--urls <base address>" as its own argument, which names exactly one process.
    private static int? FindPid(ServerProcess server) => ProcFs.FindProcessByArgument(server.BaseAddress.ToString().TrimEnd('/'));
}
