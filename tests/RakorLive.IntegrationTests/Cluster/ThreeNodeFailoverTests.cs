using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using RakorLive.Client;
using RakorLive.Commands;
using RakorLive.IntegrationTests.Infrastructure;
using RakorLive.Model;
using Xunit.Abstractions;

namespace RakorLive.IntegrationTests.Cluster;

/// <summary>
/// Three nodes on loopback against PostgreSQL; clients spread over the nodes; 300 operations; the node
/// hosting the meeting is killed with SIGKILL mid-way. Its clients fail over and catch up; at the end
/// every client holds the identical, gap-free sequence and every acknowledged action point exists once.
/// </summary>
[Collection(ExclusiveCollection.Name)]
public sealed class ThreeNodeFailoverTests(ITestOutputHelper output)
{
    private const int Operations = 300;
    private const int KillAfter = 100;
    private static readonly string[] Writers = ["kadis.pupr", "kadis.dinkes", "kadis.disdik"];
    private static readonly string[] WriterOpds = ["PUPR", "DINKES", "DISDIK"];

    [Fact]
    public async Task Clients_fail_over_and_every_acknowledged_action_point_survives_a_killed_node()
    {
        await using var cluster = await ServerCluster.StartAsync(3);
        var urls = cluster.Nodes.Select(n => n.BaseAddress).ToList();
        // Each participant prefers "its" node and lists the others for fail-over.
        IReadOnlyList<Uri> From(int first) => [.. Enumerable.Range(0, urls.Count).Select(i => urls[(first + i) % urls.Count])];

        using var secretariat = new RakorLiveClient(From(0));
        await secretariat.SignInAsync("sekretariat", ServerProcess.DemoPassword);
        var meeting = (await secretariat.CreateMeetingAsync(new CreateMeeting(null, "Rakor gabungan tiga simpul",
            DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)), "Ruang Rapat Bupati", "Bupati", null))).Value;
        await secretariat.AddAgendaItemAsync(meeting.Id, new AddAgendaItem(null, "Infrastruktur", "PUPR", 20));
        await secretariat.StartMeetingAsync(meeting.Id);

        var feeds = new List<MeetingFeed>();
        for (var i = 0; i < 6; i++)
        {
            var watcher = new RakorLiveClient(From(i % 3));
            await watcher.SignInAsync(i % 2 == 0 ? "bupati" : "layar", ServerProcess.DemoPassword);
            var feed = watcher.CreateMeetingFeed();
            await feed.ConnectAsync();
            await feed.JoinAsync(meeting.Id);
            feeds.Add(feed);
        }
        var joinedAt = feeds.Select(f => f.LastSeq).Distinct().Single();

        var acknowledged = new ConcurrentDictionary<string, string>();
        var done = 0;
        var killed = new TaskCompletionSource<(Stopwatch Watch, ServerProcess Node, bool HostedMeeting)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var due = DateTime.UtcNow.AddDays(21).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var writers = Enumerable.Range(0, Writers.Length).Select(w => Task.Run(async () =>
        {
            using var client = new RakorLiveClient(From(w), new RakorLiveClientOptions { MaxAttempts = 20, AttemptTimeout = TimeSpan.FromSeconds(15) });
            await client.SignInAsync(Writers[w], ServerProcess.DemoPassword);
            for (var i = 0; i < Operations / Writers.Length; i++)
            {
                var result = await client.CreateActionPointAsync(meeting.Id, new CreateActionPoint(
                    $"failover-{w}-{i}", null, WriterOpds[w], [], $"Komitmen {WriterOpds[w]} nomor {i}", "Target", "Warga", "Manfaat", due));
                acknowledged[result.Value.Id] = result.CommandId!;
                if (Interlocked.Increment(ref done) == KillAfter) killed.TrySetResult(await KillMeetingHost(cluster));
            }
        })).ToList();

        var (sinceKill, victim, hostedMeeting) = await killed.Task;
        output.WriteLine($"killed node {victim.BaseAddress} (hosted the meeting grain: {hostedMeeting}) after {KillAfter} acknowledged operations");
        await Task.WhenAll(writers);
        var survivor = new RakorLiveClient(urls.Where(u => cluster.Nodes.First(n => n.BaseAddress == u).IsRunning).ToList());
        await survivor.SignInAsync("sekretariat", ServerProcess.DemoPassword);
        var final = await survivor.GetMeetingAsync(meeting.Id);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await Task.WhenAll(feeds.Select(f => f.WaitForSeqAsync(final.Seq, timeout.Token)));
        output.WriteLine($"kill -> full recovery (all writes acknowledged, every client at seq {final.Seq}): {sinceKill.Elapsed.TotalSeconds:F1} s");
        Assert.True(hostedMeeting, "the killed node should have hosted the meeting grain");

        Assert.Equal(Operations, acknowledged.Count);
        var ids = final.ActionPoints.Select(a => a.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Empty(acknowledged.Keys.Except(ids));
        Assert.Equal(Operations, ids.Count);
        var expected = Enumerable.Range((int)joinedAt + 1, (int)(final.Seq - joinedAt)).Select(s => (long)s).ToList();
        foreach (var feed in feeds)
        {
            var received = feed.Received.Where(e => e.Seq > joinedAt).ToList();
            Assert.Equal(expected, received.Select(e => e.Seq));
            Assert.Equal(feeds[0].Received.Where(e => e.Seq > joinedAt).Select(e => (e.Seq, e.Type)), received.Select(e => (e.Seq, e.Type)));
        }
        output.WriteLine($"feeds on nodes: {string.Join(", ", feeds.Select(f => f.ConnectedNode?.Port))}; reconnects {feeds.Sum(f => f.Reconnects)}, rejoins {feeds.Sum(f => f.Rejoins)}");
        foreach (var feed in feeds) await feed.DisposeAsync();
    }

    /// <summary>SIGKILLs the node whose silo hosts the live meeting's grain (its /metrics counts it), so the grain must move.</summary>
    private static async Task<(Stopwatch, ServerProcess, bool)> KillMeetingHost(ServerCluster cluster)
    {
        ServerProcess? host = null;
        foreach (var node in cluster.Nodes)
        {
            using var http = node.CreateHttpClient();
            var metrics = await http.GetStringAsync("/metrics");
            if (metrics.Split('\n').Any(l => l.StartsWith("rakorlive_meetings_live", StringComparison.Ordinal) && !l.TrimEnd().EndsWith(" 0", StringComparison.Ordinal)))
                host = node;
        }
        var watch = Stopwatch.StartNew();
        await (host ?? cluster.Nodes[0]).KillAsync();
        return (watch, host ?? cluster.Nodes[0], host is not null);
    }
}
