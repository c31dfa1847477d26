using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using RakorLive.Client;
using RakorLive.Commands;
using RakorLive.IntegrationTests.Infrastructure;
using RakorLive.IntegrationTests.Live;
using RakorLive.Json;
using RakorLive.Model;
using RakorLive.Wire;

namespace RakorLive.IntegrationTests.Notifications;

/// <summary>
/// Deadline notifications on a real server process: due dates chosen relative to the real date so notices fall due at
/// once; a webhook receiver on 127.0.0.1 checks every signature; the server is SIGKILLed and started again on the same
/// data (and once "a day later", <c>RakorLive:ClockOffset</c>), and each notification is still raised exactly once.
/// </summary>
public abstract class NotificationTests
{
    protected abstract Engine Engine { get; }

    private static readonly TimeZoneInfo Wib = TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta");

    private static DateOnly LocalToday(TimeSpan offset = default) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow + offset, Wib).DateTime);

    private static string[] WebhookArgs(WebhookReceiver receiver, int maxAttempts = 10, int httpRetries = 3) =>
    [
        $"--RakorLive:Webhooks:0:Url={receiver.Url}",
        $"--RakorLive:Webhooks:0:Secret={WebhookReceiver.Secret}",
        "--RakorLive:Webhooks:0:Events=*",
        $"--RakorLive:Notifications:MaxAttempts={maxAttempts}",
        $"--RakorLive:Notifications:HttpRetries={httpRetries}",
        "--RakorLive:Notifications:RetryDelay=00:00:00.500",
        "--RakorLive:Notifications:PollInterval=00:00:00.200",
    ];

    private static async Task<string> NewMeeting(Participant secretariat)
    {
        // Scheduled three days ago: a commitment may be due from the meeting's date on, so one can already be late.
        var start = DateTimeOffset.UtcNow.AddDays(-3).ToOffset(TimeSpan.FromHours(7));
        var meeting = await secretariat.Client.CreateMeetingAsync(new CreateMeeting(RakorLiveClient.NewCommandId(), "Rakor uji tenggat", start,
            "Ruang Rapat Bupati", "Bupati Sukamaju", "Asia/Jakarta"));
        return meeting.Value.Id;
    }

    private static async Task<string> Commit(Participant secretariat, string meetingId, string owner, DateOnly due)
    {
        var command = Rakor.ActionPoint(owner, "Tenggat " + due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) with
        {
            DueDate = due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        return (await secretariat.Client.CreateActionPointAsync(meetingId, command)).Value.Id;
    }

    private static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    private static int? Int(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;

    private static bool Has(IEnumerable<WebhookReceiver.Received> got, string apId, string kind, int? lead = null) =>
        got.Any(r => Str(r.Body, "actionPointId") == apId && r.Event == kind && (lead is null || Int(r.Body, "leadDays") == lead));

    private static async Task<IReadOnlyList<FollowUpNotification>> RaisedAsync(ServerProcess server, string token, string opd)
    {
        using var http = server.CreateHttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await http.GetFromJsonAsync<List<FollowUpNotification>>($"{Routes.Notifications}?opd={opd}", RakorLiveJson.Options))!;
    }

    [Fact]
    public async Task Deadline_notices_reach_a_signed_webhook_once_across_a_crash_and_a_restart_a_day_later()
    {
        await using var receiver = new WebhookReceiver { FailFirst = 2 };
        // Restarts keep the same ports: the new silo supersedes the killed one's membership entry at once.
        await using var server = await ServerProcess.StartAsync(Engine, WebhookArgs(receiver));
        var today = LocalToday();
        string dueToday, dueIn2, dueIn5, late;
        await using (var secretariat = await Participant.SignInAsync(server, "sekretariat"))
        {
            var meetingId = await NewMeeting(secretariat);
            dueToday = await Commit(secretariat, meetingId, "PUPR", today);
            dueIn2 = await Commit(secretariat, meetingId, "PUPR", today.AddDays(2));
            dueIn5 = await Commit(secretariat, meetingId, "PUPR", today.AddDays(5));
            late = await Commit(secretariat, meetingId, "PUPR", today.AddDays(-1));
        }

        // At once: H-1 for today's, H-3 for the one in two days, H-7 for the one in five, missed for yesterday's; the first two requests got 500 and were retried.
        await receiver.Until(got => Has(got, dueToday, NotificationNames.DeadlineApproaching, 1) && Has(got, dueIn2, NotificationNames.DeadlineApproaching, 3)
            && Has(got, dueIn5, NotificationNames.DeadlineApproaching, 7) && Has(got, late, NotificationNames.DeadlineMissed), "the first notices");
        Assert.Contains(receiver.Requests, r => r.AnsweredStatus == 500);

        // A crash, and a start on the same day: nothing is raised twice.
        await server.KillAsync();
        await server.StartAsync();
        var adminToken = await server.TokenAsync("admin");
        await Task.Delay(TimeSpan.FromSeconds(3));

        // A crash, and a start "tomorrow": today's is missed now, the one in two days reaches H-1; nothing else.
        await server.KillAsync();
        await server.StartWithAsync("--RakorLive:ClockOffset=1.00:00:00");
        await receiver.Until(got => Has(got, dueToday, NotificationNames.DeadlineMissed) && Has(got, dueIn2, NotificationNames.DeadlineApproaching, 1), "the next day's notices");
        await Task.Delay(TimeSpan.FromSeconds(2));

        adminToken = await server.TokenAsync("admin");
        var raised = (await RaisedAsync(server, adminToken, "PUPR")).Where(n => n.ActionPointId is null || new[] { dueToday, dueIn2, dueIn5, late }.Contains(n.ActionPointId)).ToList();
        var deadlineNotices = raised.Where(n => n.ActionPointId is not null).Select(n => (n.ActionPointId, n.Notification, n.LeadDays)).ToList();
        Assert.Equal(
            new[]
            {
                ((string?)dueToday, NotificationNames.DeadlineApproaching, (int?)1), (dueToday, NotificationNames.DeadlineMissed, null),
                (dueIn2, NotificationNames.DeadlineApproaching, 3), (dueIn2, NotificationNames.DeadlineApproaching, 1),
                (dueIn5, NotificationNames.DeadlineApproaching, 7),
                (late, NotificationNames.DeadlineMissed, null),
            }.Order(),
            deadlineNotices.Order());
        // At most one digest per local date (one per restart after 07.00 WIB, as each start catches up on today's).
        var digests = raised.Where(n => n.Notification == NotificationNames.DailyDigest).ToList();
        Assert.Equal(digests.Count, digests.Select(d => d.Date).Distinct().Count());

        // Every request was signed; the gateway accepted each notification under one delivery id, the same in Idempotency-Key.
        Assert.All(receiver.Requests, r => Assert.True(r.SignatureValid, "a webhook request with a bad signature"));
        Assert.All(receiver.Requests, r => Assert.Equal(r.DeliveryId, r.IdempotencyKey));
        var accepted = receiver.Accepted.Where(r => Str(r.Body, "actionPointId") is { } id && new[] { dueToday, dueIn2, dueIn5, late }.Contains(id)).ToList();
        Assert.Equal(6, accepted.Select(r => Str(r.Body, "id")).Distinct().Count());
        Assert.All(accepted, r => Assert.Equal("PUPR", Str(r.Body, "opd")));
        Assert.All(accepted, r => Assert.Equal(r.Event, Str(r.Body, "notification")));
    }

    [Fact]
    public async Task A_webhook_that_keeps_failing_is_shown_to_the_admin_who_can_retry_it_and_the_agency_watches_live()
    {
        await using var receiver = new WebhookReceiver { FailAlways = true };
        await using var server = await ServerProcess.StartAsync(Engine, WebhookArgs(receiver, maxAttempts: 2, httpRetries: 1));
        var adminToken = await server.TokenAsync("admin");
        using var admin = server.CreateHttpClient();
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);

        // The kepala OPD watches its agency live; another agency's or a viewer's watch is refused.
        await using var hub = await Connect(server, await server.TokenAsync("kadis.dinkes"));
        var pushed = new List<(string Method, JsonElement Payload)>();
        foreach (var method in new[] { HubNames.FollowUpChanged, NotificationNames.DeadlineApproaching })
            hub.On<JsonElement>(method, payload => { lock (pushed) pushed.Add((method, payload)); });
        await hub.InvokeAsync<JsonElement>(HubNames.WatchFollowUps, (string?)null);
        var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<JsonElement>(HubNames.WatchFollowUps, "PUPR"));
        Assert.Contains("403", refused.Message);
        await using (var viewer = await Connect(server, await server.TokenAsync("layar")))
            Assert.Contains("403", (await Assert.ThrowsAsync<HubException>(() => viewer.InvokeAsync<JsonElement>(HubNames.WatchFollowUps, (string?)null))).Message);

        string apId;
        await using (var secretariat = await Participant.SignInAsync(server, "sekretariat"))
            apId = await Commit(secretariat, await NewMeeting(secretariat), "DINKES", LocalToday().AddDays(1));

        // Two attempts (each with one in-process retry), then Failed.
        NotificationDelivery? failed = null;
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        while (failed is null && DateTime.UtcNow < until)
        {
            var list = (await admin.GetFromJsonAsync<List<NotificationDelivery>>(Routes.NotificationDeliveries + "?status=failed", RakorLiveJson.Options))!;
            failed = list.FirstOrDefault(d => d.Opd == "DINKES" && d.Notification == NotificationNames.DeadlineApproaching);
            if (failed is null) await Task.Delay(200);
        }
        Assert.NotNull(failed);
        Assert.Equal((DeliveryStatus.Failed, 2, receiver.Url), (failed.Status, failed.Attempts, failed.Url));
        Assert.Contains("500", failed.LastError);
        Assert.Equal(4, receiver.Requests.Count(r => r.DeliveryId == failed.Id));

        // Only the Admin sees or retries deliveries.
        using (var secretariatHttp = server.CreateHttpClient())
        {
            secretariatHttp.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await server.TokenAsync("sekretariat"));
            Assert.Equal(HttpStatusCode.Forbidden, (await secretariatHttp.GetAsync(Routes.NotificationDeliveries + "?status=failed")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await secretariatHttp.PostAsync(Routes.DeliveryRetry(failed.Id), null)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync(Routes.DeliveryRetry("ntf_unknown-w0"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync(Routes.NotificationDeliveries + "?status=lost")).StatusCode);

        // The gateway is back: the Admin retries and it is delivered, same delivery id, same signed body.
        receiver.FailAlways = false;
        var retry = await admin.PostAsync(Routes.DeliveryRetry(failed.Id), null);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var got = await receiver.Until(r => r.Any(x => x.DeliveryId == failed.Id), "the retried delivery");
        Assert.Equal(apId, Str(got.First(x => x.DeliveryId == failed.Id).Body, "actionPointId"));
        // The receiver answers before the server marks the delivery: wait for the mark.
        var markedBy = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        List<NotificationDelivery> delivered;
        while (true)
        {
            delivered = (await admin.GetFromJsonAsync<List<NotificationDelivery>>(Routes.NotificationDeliveries + "?status=Delivered", RakorLiveJson.Options))!;
            if (delivered.Any(d => d.Id == failed.Id) || DateTime.UtcNow > markedBy) break;
            await Task.Delay(100);
        }
        Assert.Contains(delivered, d => d.Id == failed.Id);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync(Routes.DeliveryRetry(failed.Id), null)).StatusCode);

        // Live, on the agency's connection: its ledger change and the notice.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            lock (pushed)
                if (pushed.Any(p => p.Method == HubNames.FollowUpChanged && Str(p.Payload, "actionPointId") == apId)
                    && pushed.Any(p => p.Method == NotificationNames.DeadlineApproaching && Str(p.Payload, "actionPointId") == apId)) break;
            await Task.Delay(100);
        }
        lock (pushed)
        {
            var change = Assert.Single(pushed, p => p.Method == HubNames.FollowUpChanged && Str(p.Payload, "actionPointId") == apId).Payload;
            Assert.Equal(("DINKES", "Open", 1), (Str(change, "opd"), Str(change, "status"), Int(change, "version")));
            var notice = Assert.Single(pushed, p => p.Method == NotificationNames.DeadlineApproaching).Payload;
            Assert.Equal((failed.NotificationId, 1), (Str(notice, "id"), Int(notice, "leadDays")));
            Assert.All(pushed, p => Assert.Equal("DINKES", Str(p.Payload, "opd")));
        }
    }

    private static async Task<HubConnection> Connect(ServerProcess server, string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, HubNames.MeetingHubPath), http =>
            {
                http.Transports = HttpTransportType.WebSockets;
                http.SkipNegotiation = true;
                http.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        await connection.StartAsync();
        return connection;
    }
}

public sealed class NotificationTestsOnSqlite : NotificationTests
{
    protected override Engine Engine => Engine.Sqlite;
}

public sealed class NotificationTestsOnPostgreSql : NotificationTests
{
    protected override Engine Engine => Engine.PostgreSQL;
}
