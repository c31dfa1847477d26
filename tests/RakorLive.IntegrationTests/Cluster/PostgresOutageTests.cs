using System.Net;
using RakorLive.Client;
using RakorLive.IntegrationTests.Infrastructure;
using RakorLive.IntegrationTests.Live;
using Xunit.Abstractions;

namespace RakorLive.IntegrationTests.Cluster;

/// <summary>
/// PostgreSQL stopped for 10 s under the load of 20 writers with retries on two nodes: every attempt is answered
/// within the bounded timeout (503 problem+json while the database is away), the nodes come back without a restart,
/// the writers' retries land, and afterwards every acknowledged command is there exactly once and the outbox drains.
/// </summary>
[Collection(ExclusiveCollection.Name)]
public sealed class PostgresOutageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);
    // ResponseTimeout (10 s) plus the database timeouts' slack: no request may hang longer.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);
    private const int PerWriter = 6;

    [Fact]
    public async Task Requests_fail_fast_during_an_outage_and_every_acknowledged_command_is_there_exactly_once()
    {
        await using var cluster = await ServerCluster.StartAsync(2);
        var urls = cluster.Nodes.Select(n => n.BaseAddress).ToList();
        using var secretariat = new RakorLiveClient(urls);
        await secretariat.SignInAsync("sekretariat", ServerProcess.DemoPassword);
        var meeting = (await secretariat.CreateMeetingAsync(Rakor.Meeting("Rakor ketahanan layanan"))).Value;
        await secretariat.AddAgendaItemAsync(meeting.Id, Rakor.AgendaItem("Paparan Dinas PUPR", "PUPR"));
        var started = await secretariat.StartMeetingAsync(meeting.Id, Rakor.Command());

        // The writers go on until every node has acknowledged a write after the outage.
        var recovered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var load = new CommandLoad(urls, meeting.Id);
        var running = load.RunAsync(PerWriter, recovered.Task);
        await load.WhenAcknowledged(20).WaitAsync(TimeSpan.FromSeconds(60));
        var stoppedAt = DateTime.UtcNow;
        await LocalPostgres.StopAsync();
        try
        {
            await WaitFor(() => load.Attempts.Any(a => a.At > stoppedAt && a.Status == 503), TimeSpan.FromSeconds(30), "a 503 during the outage");
            // The outage itself lasts a fixed time: that is what the test is about, not a wait for a condition.
            await Task.Delay(Outage - (DateTime.UtcNow - stoppedAt));
        }
        finally
        {
            await LocalPostgres.StartAsync();
        }
        var restartedAt = DateTime.UtcNow;
        foreach (var node in cluster.Nodes) await WaitUntilReady(node);
        await WaitFor(() => urls.All(u => load.Attempts.Any(a => a.Node == u.GetLeftPart(UriPartial.Authority) && a.Path.StartsWith("/api/", StringComparison.Ordinal) && a.At > restartedAt && a.Status is 200 or 201)),
            TimeSpan.FromSeconds(60), "an acknowledged write on every node after the outage");
        var recovery = DateTime.UtcNow - restartedAt;
        recovered.SetResult();
        await running.WaitAsync(TimeSpan.FromSeconds(120));

        var attempts = load.Attempts.Where(a => a.Path.StartsWith("/api/", StringComparison.Ordinal)).ToList();
        // A 500 is a bug: show the server's own account of it.
        foreach (var node in cluster.Nodes)
            foreach (var line in node.Output.Split('\n').SkipWhile(l => !l.Contains("Unhandled server error")).Take(12))
                output.WriteLine($"{node.BaseAddress}: {line}");
        var during = attempts.Where(a => a.At > stoppedAt && a.At < restartedAt).ToList();
        output.WriteLine($"requests {attempts.Count}, during the outage {during.Count} (503: {during.Count(a => a.Status == 503)}), " +
            $"slowest {attempts.Max(a => a.Took).TotalSeconds:F2} s, recovered {recovery.TotalSeconds:F1} s after PostgreSQL came back");

        Assert.All(attempts, a => Assert.True(a.Took < Bound, $"a request to {a.Node} took {a.Took.TotalSeconds:F1} s"));
        Assert.All(attempts.Where(a => a.Status is not (200 or 201)), a =>
        {
            Assert.Equal(503, a.Status);
            Assert.Equal("application/problem+json", a.ContentType);
        });
        Assert.Contains(during, a => a.Status == 503);

        var audit = await LoadAudit.CheckAsync(load, secretariat, Store.PostgreSql(cluster.Database.ConnectionString), meeting.Id, started.Seq!.Value);
        audit.AssertClean(output, "PostgreSQL stopped for 10 s (two nodes)");
        // Commands refused during the outage were sent again with their commandId and landed once.
        Assert.True(audit.Retried > 0, "no command was retried after a 503");
        foreach (var node in cluster.Nodes)
        {
            using var view = new RakorLiveClient(node.BaseAddress) { AccessToken = secretariat.AccessToken };
            EventAssert.SameJson(await secretariat.GetMeetingAsync(meeting.Id), await view.GetMeetingAsync(meeting.Id), $"the meeting on {node.BaseAddress}");
        }
    }

    private static async Task WaitUntilReady(ServerProcess node)
    {
        using var http = node.CreateHttpClient();
        await WaitFor(async () =>
        {
            try { using var r = await http.GetAsync("/health/ready"); return r.StatusCode == HttpStatusCode.OK; }
            catch (HttpRequestException) { return false; }
        }, TimeSpan.FromSeconds(60), $"node {node.BaseAddress} ready again");
    }

    private static Task WaitFor(Func<bool> condition, TimeSpan limit, string what) => WaitFor(() => Task.FromResult(condition()), limit, what);

    // The load runs in other tasks and a separate process; checking their outcome periodically is the only signal there is.
    private static async Task WaitFor(Func<Task<bool>> condition, TimeSpan limit, string what)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(100);
        }
    }
}
