using System.Diagnostics;
using RakorLive.Client;
using RakorLive.Commands;
using RakorLive.IntegrationTests.Infrastructure;
using RakorLive.IntegrationTests.Live;
using RakorLive.Model;
using Xunit.Abstractions;

namespace RakorLive.IntegrationTests.Cluster;

/// <summary>
/// Three nodes on loopback against PostgreSQL; 20 writers with retries spread over the nodes add and edit
/// commitments, check in and add agenda items (300 commands); the node hosting the meeting is killed with SIGKILL
/// after 100. Writers and watchers fail over and catch up; at the end every watcher holds the identical, gap-free
/// sequence, every acknowledged command is there exactly once, and the outbox has drained into the read models.
/// </summary>
[Collection(ExclusiveCollection.Name)]
public sealed class ThreeNodeFailoverTests(ITestOutputHelper output)
{
    private const int PerWriter = 15;
    private const int KillAfter = 100;

    [Fact]
    public async Task Clients_fail_over_and_every_acknowledged_command_survives_a_killed_node_exactly_once()
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

        // Found before the load, so the kill itself is instant when the load reaches it.
        var (victim, hostedMeeting) = await MeetingHost(cluster);
        var load = new CommandLoad(urls, meeting.Id);
        var running = load.RunAsync(PerWriter);
        await load.WhenAcknowledged(KillAfter).WaitAsync(TimeSpan.FromSeconds(120));
        await victim.KillAsync();
        var sinceKill = Stopwatch.StartNew();
        output.WriteLine($"killed node {victim.BaseAddress} (hosted the meeting grain: {hostedMeeting}) after {load.Count} acknowledged commands");
        await running.WaitAsync(TimeSpan.FromSeconds(240));
        var allAcknowledged = sinceKill.Elapsed;
        var survivors = cluster.Nodes.Where(n => n.IsRunning).ToList();
        using var survivor = new RakorLiveClient([.. survivors.Select(n => n.BaseAddress)]);
        await survivor.SignInAsync("sekretariat", ServerProcess.DemoPassword);
        Assert.True(hostedMeeting, "the killed node should have hosted the meeting grain");

        var audit = await LoadAudit.CheckAsync(load, survivor, Store.PostgreSql(cluster.Database.ConnectionString), meeting.Id, joinedAt);
        audit.AssertClean(output, "a node killed in a three-node cluster (PostgreSQL)");
        Assert.Equal(CommandLoad.Writers * PerWriter, audit.Acknowledged);
        Assert.True(audit.Retried > 0, "no command was retried across the kill");
        var final = await survivor.GetMeetingAsync(meeting.Id);
        // Every surviving node shows the same meeting.
        foreach (var node in survivors)
        {
            using var view = new RakorLiveClient(node.BaseAddress) { AccessToken = survivor.AccessToken };
            EventAssert.SameJson(final, await view.GetMeetingAsync(meeting.Id), $"the meeting on {node.BaseAddress}");
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await Task.WhenAll(feeds.Select(f => f.WaitForSeqAsync(final.Seq, timeout.Token)));
        output.WriteLine($"kill -> every write acknowledged {allAcknowledged.TotalSeconds:F1} s; -> audited and every watcher at seq {final.Seq} {sinceKill.Elapsed.TotalSeconds:F1} s");

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

    /// <summary>The node whose silo hosts the live meeting's grain (its /metrics counts it): killing it makes the grain move.</summary>
    private static async Task<(ServerProcess, bool)> MeetingHost(ServerCluster cluster)
    {
        foreach (var node in cluster.Nodes)
        {
            using var http = node.CreateHttpClient();
            var metrics = await http.GetStringAsync("/metrics");
            if (metrics.Split('\n').Any(l => l.StartsWith("rakorlive_meetings_live", StringComparison.Ordinal) && !l.TrimEnd().EndsWith(" 0", StringComparison.Ordinal)))
                return (node, true);
        }
        return (cluster.Nodes[0], false);
    }
}
