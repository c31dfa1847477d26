namespace RakorLive.IntegrationTests.Infrastructure;

/// <summary>
/// Several RakorLive processes forming one Orleans cluster on a throw-away PostgreSQL database,
/// each with its own HTTP, silo and gateway ports on 127.0.0.1.
/// </summary>
public sealed class ServerCluster : IAsyncDisposable
{
    private ServerCluster(TestDatabase database, IReadOnlyList<ServerProcess> nodes)
    {
        Database = database;
        Nodes = nodes;
    }

    public TestDatabase Database { get; }
    public IReadOnlyList<ServerProcess> Nodes { get; }

    public static async Task<ServerCluster> StartAsync(int nodeCount, params string[] extraArgs)
    {
        var database = await TestDatabase.CreateAsync();
        var clusterId = "test-" + Guid.NewGuid().ToString("N")[..8];
        string[] args = [.. database.ServerArgs, $"--Orleans:ClusterId={clusterId}", "--Orleans:AdvertisedIPAddress=127.0.0.1", .. extraArgs];
        var nodes = new List<ServerProcess>();
        try
        {
            // The first node creates the schema and the demo data; the others join the running cluster.
            nodes.Add(await ServerProcess.StartAsync(ServerProcess.NewDataDirectory(), ownsDataDirectory: true, args));
            var others = Enumerable.Range(1, nodeCount - 1)
                .Select(_ => ServerProcess.StartAsync(ServerProcess.NewDataDirectory(), ownsDataDirectory: true, args));
            nodes.AddRange(await Task.WhenAll(others));
            return new ServerCluster(database, nodes);
        }
        catch
        {
            foreach (var node in nodes) await node.DisposeAsync();
            await database.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes) await node.DisposeAsync();
        await Database.DisposeAsync();
    }
}
