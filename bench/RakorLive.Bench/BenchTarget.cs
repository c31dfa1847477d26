using RakorLive.IntegrationTests.Infrastructure;

namespace RakorLive.Bench;

/// <summary>
/// The servers under test: either ones the bench started (built server binary, free loopback ports,
/// temp data directories, throw-away PostgreSQL database; all removed on dispose) or running ones given by URL.
/// </summary>
public sealed class BenchTarget : IAsyncDisposable
{
    private readonly IAsyncDisposable? _owned;

    private BenchTarget(string description, IReadOnlyList<Uri> nodes, IReadOnlyList<int?> processIds, IAsyncDisposable? owned)
    {
        Description = description;
        Nodes = nodes;
        ProcessIds = processIds;
        _owned = owned;
    }

    public string Description { get; }
    public IReadOnlyList<Uri> Nodes { get; }

    /// <summary>Per node, the server's pid when the bench started it (for memory and CPU figures).</summary>
    public IReadOnlyList<int?> ProcessIds { get; }

    public static async Task<BenchTarget> StartAsync(BenchOptions options)
    {
        if (!options.StartsOwnServers)
            return new BenchTarget($"running server(s) at {string.Join(", ", options.Urls)}", options.Urls, [.. options.Urls.Select(_ => (int?)null)], null);

        var engine = options.Engine.ToString().ToLowerInvariant();
        if (options.Nodes == 1)
        {
            var server = await ServerProcess.StartAsync(options.Engine);
            return new BenchTarget($"{engine}, 1 node started by the bench ({ServerProcess.ServerDll})", [server.BaseAddress], [FindPid(server)], server);
        }
        var cluster = await ServerCluster.StartAsync(options.Nodes);
        return new BenchTarget($"{engine}, {options.Nodes}-node cluster started by the bench ({ServerProcess.ServerDll})",
            [.. cluster.Nodes.Select(n => n.BaseAddress)], [.. cluster.Nodes.Select(FindPid)], cluster);
    }

    public async ValueTask DisposeAsync()
    {
        if (_owned is not null) await _owned.DisposeAsync();
    }

    // ServerProcess passes "--urls <base address>" as its own argument, which names exactly one process.
    private static int? FindPid(ServerProcess server) => ProcFs.FindProcessByArgument(server.BaseAddress.ToString().TrimEnd('/'));
}
