using Microsoft.Playwright;
using RakorLive.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RakorLive.BrowserTests;

/// <summary>The loop after the meeting in three browsers: the kepala OPD's tablet, the secretariat's desk, the next rakor's screen.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FollowUpLoopTests(BrowserFixture fixture)
{
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    [Fact]
    public async Task A_tablet_reports_100_percent_with_a_file_the_secretariat_verifies_and_the_next_rakors_screen_shows_it_Done_live()
    {
        var (first, _) = await fixture.Api.CreateMeetingAsync("Rakor Oktober", DateTimeOffset.UtcNow, ("Jalan kabupaten", "PUPR"));
        await fixture.Api.StartAsync(first);
        var description = "Peta jalan perbaikan ruas Sukamaju–Cibodas";
        var ap = await fixture.Api.AddActionPointAsync(first, "kadis.pupr", "PUPR", description, RakorApi.TodayWib.AddDays(14));
        await fixture.Api.CloseAsync(first);
        var second = await fixture.Api.CreateFollowUpMeetingAsync("Rakor November", first);

        await using var screenContext = await fixture.NewContextAsync(BrowserFixture.BigScreen);
        await using var tabletContext = await fixture.NewContextAsync(BrowserFixture.Tablet);
        await using var deskContext = await fixture.NewContextAsync(BrowserFixture.BigScreen);
        var screen = await BrowserFixture.OpenSignedInAsync(screenContext, $"/meetings/{second}/screen", "bupati");
        await screen.EvaluateAsync("() => { window.noReload = true; }");
        await Expect(screen.GetByTestId("connection")).ToHaveAttributeAsync("data-status", "live");
        var carried = screen.Locator($"[data-testid=carried-item][data-id='{ap}']");
        await Expect(carried).ToHaveAttributeAsync("data-status", "Open");
        await Expect(carried.GetByTestId("carried-times")).ToContainTextAsync("1");

        // The tablet of the next rakor lists the agency's carried commitment and reports 100 % with a photo.
        var tablet = await BrowserFixture.OpenSignedInAsync(tabletContext, $"/meetings/{second}/tablet", "kadis.pupr");
        var card = tablet.Locator($"[data-testid=own-action-points] [data-testid=action-point][data-id='{ap}']");
        await Expect(card).ToHaveCountAsync(1);
        await card.GetByTestId("ap-report").ClickAsync();
        var form = tablet.Locator($"[data-testid=progress-form][data-id='{ap}']");
        await form.Locator("input[name=percent]").FillAsync("100");
        await form.Locator("textarea[name=note]").FillAsync("Peta jalan disahkan; foto terlampir");
        await form.GetByTestId("progress-file").SetInputFilesAsync(new FilePayload { Name = "foto-lokasi.png", MimeType = "image/png", Buffer = Png });
        await form.GetByTestId("progress-submit").ClickAsync();
        await Expect(tablet.GetByTestId("pending-count")).ToHaveTextAsync("0");
        await Expect(carried).ToHaveAttributeAsync("data-status", "AwaitingVerification");

        // The secretariat sees it in the verification queue with the photo inline, and accepts it.
        var desk = await BrowserFixture.OpenSignedInAsync(deskContext, "/follow-ups", "sekretariat");
        var item = desk.Locator($"[data-testid=queue-item][data-id='{ap}']");
        await Expect(item).ToHaveCountAsync(1);
        await Expect(item.GetByTestId("evidence-image")).ToBeVisibleAsync();
        await item.GetByTestId("verify-accept").ClickAsync();
        await Expect(item).ToHaveCountAsync(0);

        // The next rakor's screen shows it Done, live.
        await Expect(carried).ToHaveAttributeAsync("data-status", "Done");
        await Expect(carried.GetByTestId("ap-status")).ToHaveTextAsync("Selesai");
        Assert.True(await screen.EvaluateAsync<bool>("() => window.noReload === true"));
    }
}
