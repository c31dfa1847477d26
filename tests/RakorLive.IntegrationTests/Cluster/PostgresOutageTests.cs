using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using RakorLive.IntegrationTests.Infrastructure;
using RakorLive.Model;
using Xunit.Abstractions;

namespace RakorLive.IntegrationTests.Cluster;

/// <summary>
/// PostgreSQL stopped for 10 s under load: callers get 503 problem+json within the bounded timeout,
/// the nodes come back without a restart, and nothing acknowledged is lost.
/// </summary>
[Collection(ExclusiveCollection.Name)]
public sealed class PostgresOutageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);
    // ResponseTimeout (10 s) plus the database timeouts' slack: no request may hang longer.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    private sealed record Outcome(string CommandId, int Node, HttpStatusCode Status, string? ContentType, TimeSpan Took, DateTime At);

    [Fact]
    public async Task Requests_fail_fast_during_an_outage_and_nothing_acknowledged_is_lost()
    {
        await using var cluster = await ServerCluster.StartAsync(2);
        var token = await cluster.Nodes[0].TokenAsync("kadis.pupr");
        var secretariat = await cluster.Nodes[0].TokenAsync("sekretariat");
        var meetingId = await CreateMeeting(cluster.Nodes[0], secretariat);

        var outcomes = new ConcurrentBag<Outcome>();
        using var stopLoad = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var node = cluster.Nodes[w % cluster.Nodes.Count];
            using var http = node.CreateHttpClient();
            http.Timeout = Bound + TimeSpan.FromSeconds(10);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            for (var i = 0; !stopLoad.IsCancellationRequested; i++)
            {
                var commandId = $"outage-{w}-{i}";
                var watch = Stopwatch.StartNew();
                using var response = await http.PostAsJsonAsync($"/api/meetings/{meetingId}/action-points", Body(commandId));
                outcomes.Add(new Outcome(commandId, w % cluster.Nodes.Count, response.StatusCode, response.Content.Headers.ContentType?.MediaType, watch.Elapsed, DateTime.UtcNow));
            }
        })).ToList();

        await WaitForAcknowledged(outcomes, 20);
        var stoppedAt = DateTime.UtcNow;
        await LocalPostgres.StopAsync();
        try
        {
            await WaitFor(() => outcomes.Any(o => o.At > stoppedAt && o.Status == HttpStatusCode.ServiceUnavailable), TimeSpan.FromSeconds(30), "a 503 during the outage");
            // The outage itself lasts a fixed time: that is what the test is about, not a wait for a condition.
            await Task.Delay(Outage - (DateTime.UtcNow - stoppedAt));
        }
        finally
        {
            await LocalPostgres.StartAsync();
        }
        var restartedAt = DateTime.UtcNow;
        foreach (var node in cluster.Nodes) await WaitUntilReady(node);
        await WaitFor(() => Enumerable.Range(0, cluster.Nodes.Count).All(n => outcomes.Any(o => o.Node == n && o.At > restartedAt && o.Status == HttpStatusCode.Created)),
            TimeSpan.FromSeconds(60), "an acknowledged write on every node after the outage");
        var recovered = DateTime.UtcNow - restartedAt;
        await stopLoad.CancelAsync();
        await Task.WhenAll(writers);

        var all = outcomes.ToList();
        // A 500 is a bug: show the server's own account of it.
        foreach (var node in cluster.Nodes)
            foreach (var line in node.Output.Split('\n').SkipWhile(l => !l.Contains("Unhandled server error")).Take(12))
                output.WriteLine($"{node.BaseAddress}: {line}");
        var during = all.Where(o => o.At > stoppedAt && o.At < restartedAt).ToList();
        output.WriteLine($"requests {all.Count}, acknowledged {all.Count(o => o.Status == HttpStatusCode.Created)}, during outage {during.Count} " +
            $"(503: {during.Count(o => o.Status == HttpStatusCode.ServiceUnavailable)}), slowest {all.Max(o => o.Took).TotalSeconds:F2} s, " +
            $"recovered {recovered.TotalSeconds:F1} s after PostgreSQL came back");

        Assert.All(all, o => Assert.True(o.Took < Bound, $"{o.CommandId} took {o.Took.TotalSeconds:F1} s"));
        Assert.All(all.Where(o => o.Status != HttpStatusCode.Created), o =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, o.Status);
            Assert.Equal("application/problem+json", o.ContentType);
        });
        Assert.Contains(during, o => o.Status == HttpStatusCode.ServiceUnavailable);

        // Every acknowledged commitment exists exactly once, on every node's view.
        var acknowledged = all.Where(o => o.Status == HttpStatusCode.Created).Select(o => Ids.ActionPoint(meetingId, o.CommandId)).ToHashSet();
        foreach (var node in cluster.Nodes)
        {
            var ids = await ActionPointIds(node, secretariat, meetingId);
            Assert.Equal(ids.Count, ids.Distinct().Count());
            Assert.Empty(acknowledged.Except(ids));
        }
        // And a client retrying a refused command after the outage gets it done exactly once.
        var refused = all.First(o => o.Status == HttpStatusCode.ServiceUnavailable);
        using var retry = cluster.Nodes[1].CreateHttpClient();
        retry.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var first = await retry.PostAsJsonAsync($"/api/meetings/{meetingId}/action-points", Body(refused.CommandId));
        using var again = await retry.PostAsJsonAsync($"/api/meetings/{meetingId}/action-points", Body(refused.CommandId));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replay").Single());
    }

    private static object Body(string commandId) => new
    {
        commandId,
        ownerOpd = "PUPR",
        supportingOpds = new[] { "DISHUB" },
        description = "Perbaikan ruas jalan " + commandId,
        target = "1 km",
        beneficiaries = "Warga",
        benefit = "Akses",
        dueDate = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd"),
    };

    private static async Task<string> CreateMeeting(ServerProcess node, string token)
    {
        using var http = node.CreateHttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.PostAsJsonAsync("/api/meetings", new
        {
            commandId = "outage-meeting",
            title = "Rakor ketahanan layanan",
            scheduledStart = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)),
            location = "Ruang Rapat",
            chair = "Sekda",
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task<List<string>> ActionPointIds(ServerProcess node, string token, string meetingId)
    {
        using var http = node.CreateHttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var snapshot = await http.GetFromJsonAsync<JsonElement>($"/api/meetings/{meetingId}");
        return snapshot.GetProperty("actionPoints").EnumerateArray().Select(a => a.GetProperty("id").GetString()!).ToList();
    }

    private static Task WaitForAcknowledged(ConcurrentBag<Outcome> outcomes, int count) =>
        WaitFor(() => outcomes.Count(o => o.Status == HttpStatusCode.Created) >= count, TimeSpan.FromSeconds(30), $"{count} acknowledged writes");

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
