using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RakorLive.BrowserTests.Infrastructure;
using RakorLive.Model;
using static Microsoft.Playwright.Assertions;

namespace RakorLive.BrowserTests;

/// <summary>Tablets on weak wifi: commitments wait in the outbox and are retried with the same commandId.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class OfflineTabletTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_commitment_made_offline_is_sent_when_the_tablet_is_back_and_arrives_once()
    {
        var (meetingId, _) = await fixture.Api.CreateMeetingAsync(
            "Rakor Kesehatan Masyarakat", DateTimeOffset.UtcNow, ("Penanganan stunting", "DINKES"));
        await fixture.Api.StartAsync(meetingId);
        await using var screenContext = await fixture.NewContextAsync(BrowserFixture.BigScreen);
        await using var tabletContext = await fixture.NewContextAsync(BrowserFixture.Tablet);
        var screen = await BrowserFixture.OpenSignedInAsync(screenContext, $"/meetings/{meetingId}/screen", "layar");
        var tablet = await BrowserFixture.OpenSignedInAsync(tabletContext, $"/meetings/{meetingId}/tablet", "kadis.dinkes");
        await Expect(tablet.GetByTestId("connection")).ToHaveAttributeAsync("data-status", "live");
        await Expect(screen.GetByTestId("action-point-count")).ToHaveTextAsync("0");
        var sent = RecordActionPointPosts(tablet);

        await tabletContext.SetOfflineAsync(true);
        var description = "Pemberian makanan tambahan bagi balita di 12 desa";
        await FillCommitmentAsync(tablet, description);
        await tablet.GetByTestId("ap-submit").ClickAsync();

        await Expect(tablet.GetByTestId("pending-count")).ToHaveTextAsync("1");
        // at least one attempt failed while offline (the item shows its retry number)
        await Expect(tablet.GetByTestId("pending-item")).ToContainTextAsync(RetryLabel());
        Assert.Empty((await fixture.Api.SnapshotAsync(meetingId))["actionPoints"]!.AsArray());

        await tabletContext.SetOfflineAsync(false);

        await Expect(tablet.GetByTestId("pending-count")).ToHaveTextAsync("0");
        await Expect(screen.GetByTestId("action-point")).ToHaveCountAsync(1);
        await Expect(screen.GetByTestId("action-point-count")).ToHaveTextAsync("1");
        await Expect(screen.GetByTestId("ap-description")).ToHaveTextAsync(description);
        await Expect(tablet.Locator("[data-testid=own-action-points] [data-testid=action-point]")).ToHaveCountAsync(1);

        var commandIds = sent();
        Assert.True(commandIds.Count >= 2, $"expected a failed attempt and a retry, saw {commandIds.Count} POSTs");
        var commandId = Assert.Single(commandIds.Distinct());
        var snapshot = await fixture.Api.SnapshotAsync(meetingId);
        var actionPoint = Assert.Single(snapshot["actionPoints"]!.AsArray())!;
        Assert.Equal(Ids.ActionPoint(meetingId, commandId), actionPoint["id"]!.GetValue<string>());
        await Expect(screen.GetByTestId("action-point")).ToHaveAttributeAsync("data-id", actionPoint["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_commitment_whose_answer_was_lost_is_retried_with_the_same_commandId_and_stays_single()
    {
        var (meetingId, _) = await fixture.Api.CreateMeetingAsync(
            "Rakor Pendidikan", DateTimeOffset.UtcNow, ("Rehabilitasi ruang kelas", "DISDIK"));
        await fixture.Api.StartAsync(meetingId);
        await using var screenContext = await fixture.NewContextAsync(BrowserFixture.BigScreen);
        await using var tabletContext = await fixture.NewContextAsync(BrowserFixture.Tablet);
        var screen = await BrowserFixture.OpenSignedInAsync(screenContext, $"/meetings/{meetingId}/screen", "layar");
        var tablet = await BrowserFixture.OpenSignedInAsync(tabletContext, $"/meetings/{meetingId}/tablet", "kadis.disdik");
        await Expect(tablet.GetByTestId("connection")).ToHaveAttributeAsync("data-status", "live");

        // Weak wifi at its worst: the server receives and stores the first POST, the tablet never hears back.
        var replayHeaders = new List<string?>();
        var attempts = 0;
        await tablet.RouteAsync("**/action-points", async route =>
        {
            if (Interlocked.Increment(ref attempts) == 1)
            {
                await using var _ = await route.FetchAsync();
                await route.AbortAsync("connectionreset");
                return;
            }
            var response = await route.FetchAsync();
            replayHeaders.Add(response.Headers.TryGetValue("idempotent-replay", out var replay) ? replay : null);
            await route.FulfillAsync(new RouteFulfillOptions { Response = response });
        });
        var sent = RecordActionPointPosts(tablet);

        var description = "Rehabilitasi 40 ruang kelas rusak berat";
        await FillCommitmentAsync(tablet, description);
        await tablet.GetByTestId("ap-submit").ClickAsync();

        await Expect(screen.GetByTestId("action-point")).ToHaveCountAsync(1);
        await Expect(tablet.GetByTestId("pending-count")).ToHaveTextAsync("0");
        var commandIds = sent();
        var commandId = Assert.Single(commandIds.Distinct());
        Assert.True(commandIds.Count >= 2, $"expected the lost attempt and a retry, saw {commandIds.Count} POSTs");
        Assert.Contains("true", replayHeaders);

        var snapshot = await fixture.Api.SnapshotAsync(meetingId);
        var actionPoint = Assert.Single(snapshot["actionPoints"]!.AsArray())!;
        Assert.Equal(Ids.ActionPoint(meetingId, commandId), actionPoint["id"]!.GetValue<string>());
        await Expect(screen.GetByTestId("action-point-count")).ToHaveTextAsync("1");
        await Expect(tablet.GetByTestId("error")).ToBeHiddenAsync();
    }

    internal static async Task FillCommitmentAsync(IPage tablet, string description, DateOnly? dueDate = null)
    {
        var form = tablet.GetByTestId("ap-form");
        await form.Locator("textarea[name=description]").FillAsync(description);
        await form.Locator("input[name=target]").FillAsync("100% sasaran terlayani");
        await form.Locator("input[name=beneficiaries]").FillAsync("Keluarga berisiko");
        await form.Locator("input[name=benefit]").FillAsync("Layanan dasar lebih merata");
        await form.Locator("input[name=dueDate]").FillAsync((dueDate ?? RakorApi.TodayWib.AddDays(14)).ToString("yyyy-MM-dd"));
    }

    /// <summary>
    /// The commandId of every POST of a commitment the page sends, including those that fail;
    /// read with the returned function (events arrive on Playwright's thread).
    /// </summary>
    private static Func<IReadOnlyList<string>> RecordActionPointPosts(IPage page)
    {
        var commandIds = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Method != "POST" || !request.Url.EndsWith("/action-points", StringComparison.Ordinal)) return;
            var commandId = JsonNode.Parse(request.PostData ?? "{}")?["commandId"]?.GetValue<string>() ?? "";
            lock (commandIds) commandIds.Add(commandId);
        };
        return () => { lock (commandIds) return [.. commandIds]; };
    }

    [GeneratedRegex(@"percobaan ke-\d+")]
    private static partial Regex RetryLabel();
}
