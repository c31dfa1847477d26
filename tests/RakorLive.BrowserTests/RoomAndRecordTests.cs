using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using RakorLive.BrowserTests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace RakorLive.BrowserTests;

/// <summary>
/// The room with three browsers (the chair's screen, a kepala OPD's tablet, the secretariat's desk) on one live meeting,
/// and the screenshots of every page (screen 1920×1080, tablet 1280×800, desk and follow-ups 1440×900, the notulen's first PDF page).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RoomAndRecordTests(BrowserFixture fixture, ITestOutputHelper output)
{
    public static readonly ViewportSize Desk = new() { Width = 1440, Height = 900 };

    private static async Task<IPage> SignedIn(IBrowserContext context, string path, string username)
    {
        var page = await BrowserFixture.OpenSignedInAsync(context, path, username);
        await Expect(page.GetByTestId("connection")).ToHaveAttributeAsync("data-status", "live");
        return page;
    }

    [Fact]
    public async Task The_desk_records_a_decision_the_screen_shows_it_within_a_second_and_a_tablet_is_called_to_speak()
    {
        var (meetingId, items) = await fixture.Api.CreateMeetingAsync("Rakor Percepatan Pembangunan Desember 2026", DateTimeOffset.UtcNow,
            ("Paparan Dinas PUPR: jalan poros desa", "PUPR"), ("Paparan Dinas Kesehatan: posyandu", "DINKES"), ("Paparan Dishub: terminal", "DISHUB"));
        await fixture.Api.StartAsync(meetingId);

        await using var screenContext = await fixture.NewContextAsync(BrowserFixture.BigScreen);
        await using var tabletContext = await fixture.NewContextAsync(BrowserFixture.Tablet);
        await using var deskContext = await fixture.NewContextAsync(Desk);
        var screen = await SignedIn(screenContext, $"/meetings/{meetingId}/screen", "bupati");
        // The screen shows the QR of a Viewer code the desk issued (the desk's "show on the screen" link).
        await screen.GotoAsync($"/meetings/{meetingId}/screen?join={await fixture.Api.JoinCodeAsync(meetingId, "Viewer")}");
        await Expect(screen.GetByTestId("connection")).ToHaveAttributeAsync("data-status", "live");
        await Expect(screen.GetByTestId("join-qr-image")).ToBeVisibleAsync();
        var tablet = await SignedIn(tabletContext, $"/meetings/{meetingId}/tablet", "kadis.pupr");
        var desk = await SignedIn(deskContext, $"/meetings/{meetingId}/desk", "sekretariat");
        await screen.EvaluateAsync("() => { window.noReload = true; }");

        // Keyboard only at the desk: the text, Alt+2 for Keputusan, Enter to save.
        var text = desk.GetByTestId("outcome-text");
        await Expect(desk.GetByTestId("outcome-item")).ToHaveValueAsync(items[0]);
        await text.FocusAsync();
        await desk.Keyboard.TypeAsync("Ruas Tubei–Lebong Atas masuk prioritas APBD 2027.");
        await desk.Keyboard.PressAsync("Alt+2");
        await desk.Keyboard.PressAsync("Enter");
        await Expect(desk.Locator("[data-testid=desk-outcome][data-kind=Decision]")).ToHaveCountAsync(1);
        await Expect(screen.Locator("[data-testid=outcome][data-kind=Decision]"))
            .ToContainTextAsync("prioritas APBD 2027", new() { Timeout = 1000 });
        await Expect(screen.Locator("[data-testid=outcome][data-kind=Decision] .outcome-kind")).ToHaveTextAsync("Keputusan");
        await Expect(text).ToBeFocusedAsync();
        await Expect(text).ToHaveValueAsync("");

        // Minta bicara: the tablet asks, the screen queues it, the chair presses P, both see the call.
        await tablet.GetByTestId("speak-request").ClickAsync();
        await Expect(tablet.GetByTestId("speak-status")).ToHaveAttributeAsync("data-status", "Waiting");
        await Expect(screen.Locator("[data-testid=speaker][data-opd=PUPR]")).ToHaveCountAsync(1);
        await Expect(screen.GetByTestId("shortcuts")).ToContainTextAsync("P");
        await screen.Locator("body").PressAsync("p");
        await Expect(screen.Locator("[data-testid=speaking][data-opd=PUPR]")).ToBeVisibleAsync();
        await Expect(screen.GetByTestId("speaker-count")).ToHaveTextAsync("0");
        await Expect(tablet.GetByTestId("speak-status")).ToHaveAttributeAsync("data-status", "Called");

        // A second request is withdrawn from the tablet; the screen's queue follows.
        var dinkes = await fixture.NewContextAsync(BrowserFixture.Tablet);
        await using (dinkes)
        {
            var other = await SignedIn(dinkes, $"/meetings/{meetingId}/tablet", "kadis.dinkes");
            await other.GetByTestId("speak-request").ClickAsync();
            await Expect(screen.Locator("[data-testid=speaker][data-opd=DINKES]")).ToHaveCountAsync(1);
            await other.GetByTestId("speak-withdraw").ClickAsync();
            await Expect(screen.Locator("[data-testid=speaker][data-opd=DINKES]")).ToHaveCountAsync(0);
        }

        // N on the screen moves to the next item; the desk's outcome form follows it.
        await screen.Locator("body").PressAsync("n");
        await Expect(screen.GetByTestId("current-item")).ToHaveAttributeAsync("data-id", items[1]);
        await Expect(desk.GetByTestId("outcome-item")).ToHaveValueAsync(items[1]);
        await desk.GetByTestId("outcome-text").FocusAsync();
        await desk.Keyboard.TypeAsync("Dinkes melaporkan posyandu aktif tiap bulan.");
        await desk.Keyboard.PressAsync("Alt+3");
        await desk.Keyboard.PressAsync("Enter");
        await Expect(screen.Locator("[data-testid=outcome][data-kind=Directive]")).ToHaveCountAsync(1);
        await fixture.Api.CheckInAsync(meetingId, "PUPR", "Ir. Bambang Setiawan, M.T.");
        await Expect(desk.Locator("[data-testid=invited-opd][data-opd=PUPR]")).ToHaveAttributeAsync("data-present", "true");
        await Expect(desk.Locator("[data-testid=invited-opd][data-opd=DINKES]")).ToHaveAttributeAsync("data-present", "false");
        Assert.True(await screen.EvaluateAsync<bool>("() => window.noReload === true"), "the screen was reloaded");
        await Expect(screen.GetByTestId("error")).ToBeHiddenAsync();
        await Expect(desk.GetByTestId("error")).ToBeHiddenAsync();

        await Shot(screen, "screen.png");
        await Shot(tablet, "tablet.png");
        await Shot(desk, "desk.png");
    }

    [Fact]
    public async Task The_countdown_turns_amber_in_the_last_two_minutes_and_red_with_the_overrun_when_over()
    {
        var (meetingId, items) = await fixture.Api.CreateMeetingAsync("Rakor singkat", DateTimeOffset.UtcNow, 1, ("Arahan Bupati", "BAPPEDA"));
        await using var context = await fixture.NewContextAsync(BrowserFixture.BigScreen);
        // The page's clock, driven from here: no waiting for the time box.
        await context.Clock.InstallAsync(new() { TimeDate = DateTime.UtcNow });
        var screen = await SignedIn(context, $"/meetings/{meetingId}/screen", "bupati");
        await screen.GetByTestId("start").ClickAsync();
        await Expect(screen.GetByTestId("current-item")).ToHaveAttributeAsync("data-id", items[0]);

        var countdown = screen.GetByTestId("current-countdown");
        // A 1-minute time box is inside its last 2 minutes from the start: amber.
        await Expect(countdown).ToHaveAttributeAsync("data-phase", "warn");
        await Expect(countdown).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bwarn\b"));
        await context.Clock.FastForwardAsync("01:05");
        await Expect(countdown).ToHaveAttributeAsync("data-phase", "over");
        await Expect(countdown).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bover\b"));
        await Expect(countdown).ToContainTextAsync("Lewat waktu 00:0");
        var color = await countdown.EvaluateAsync<string>("el => getComputedStyle(el).color");
        Assert.Equal("rgb(180, 35, 24)", color);
    }

    [Fact]
    public async Task A_tablet_joins_by_the_link_of_the_QR_on_the_screen()
    {
        var (meetingId, _) = await fixture.Api.CreateMeetingAsync("Rakor dengan QR", DateTimeOffset.UtcNow, ("Paparan Dinkes", "DINKES"));
        await using var deskContext = await fixture.NewContextAsync(Desk);
        await using var screenContext = await fixture.NewContextAsync(BrowserFixture.BigScreen);
        await using var tabletContext = await fixture.NewContextAsync(BrowserFixture.Tablet);
        var desk = await SignedIn(deskContext, $"/meetings/{meetingId}/desk", "sekretariat");
        var form = desk.GetByTestId("join-code-form");
        await form.Locator("select[name=role]").SelectOptionAsync("OpdHead");
        await form.Locator("select[name=opd]").SelectOptionAsync("DINKES");
        await form.GetByTestId("join-code-submit").ClickAsync();
        var code = await desk.GetByTestId("join-code").First.GetAttributeAsync("data-code");
        Assert.False(string.IsNullOrEmpty(code));

        var screen = await SignedIn(screenContext, $"/meetings/{meetingId}/screen", "bupati");
        await screen.GotoAsync($"/meetings/{meetingId}/screen?join={code}");
        var qr = screen.GetByTestId("join-qr-image");
        await Expect(qr).ToBeVisibleAsync();
        var link = await qr.GetAttributeAsync("data-link");
        Assert.EndsWith($"/?join={code}", link);
        Assert.True(await qr.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 100"), "the QR image did not load");

        // What a tablet's camera opens: the sign-in page with the code, which joins and lands on the tablet view.
        var tablet = await tabletContext.NewPageAsync();
        await tablet.GotoAsync(link!);
        await Expect(tablet).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/meetings/{meetingId}/tablet$"));
        await Expect(tablet.GetByTestId("connection")).ToHaveAttributeAsync("data-status", "live");
        await Expect(tablet.GetByTestId("who")).ToHaveAttributeAsync("data-role", "OpdHead");
        await Expect(tablet.GetByTestId("who")).ToContainTextAsync("DINKES");
    }

    [Fact]
    public async Task Screenshots_of_the_follow_ups_page_and_the_first_page_of_an_approved_notulen()
    {
        var (meetingId, items) = await fixture.Api.CreateMeetingAsync("Rakor Evaluasi Program Prioritas", DateTimeOffset.UtcNow,
            ("Paparan Dinas PUPR: jalan poros desa", "PUPR"), ("Paparan Dinas Kesehatan: posyandu", "DINKES"));
        await fixture.Api.StartAsync(meetingId);
        await fixture.Api.CheckInAsync(meetingId, "PUPR", "Ir. Bambang Setiawan, M.T.");
        await fixture.Api.CheckInAsync(meetingId, "DINKES", "dr. Rina Marlina, M.Kes.");
        await fixture.Api.OutcomeAsync(items[0], "Note", "Ruas Tubei–Lebong Atas rusak berat sepanjang 12 km.");
        await fixture.Api.OutcomeAsync(items[0], "Decision", "Perbaikan ruas Tubei–Lebong Atas menjadi prioritas APBD 2027.");
        await fixture.Api.OutcomeAsync(items[0], "Directive", "Dinas PUPR menyusun peta jalan dalam dua pekan.");
        await fixture.Api.ActionPointAsync(meetingId, items[0], "PUPR", "Menyusun peta jalan perbaikan ruas Tubei–Lebong Atas");
        await fixture.Api.ActionPointAsync(meetingId, items[1], "DINKES", "Mengaktifkan kembali 14 posyandu");
        await fixture.Api.CommandAsync("bupati", $"/api/meetings/{meetingId}/close");
        await fixture.Api.CommandAsync("sekretariat", $"/api/meetings/{meetingId}/notulen/submit");
        await fixture.Api.CommandAsync("bupati", $"/api/meetings/{meetingId}/notulen/approve");

        await using var context = await fixture.NewContextAsync(Desk);
        var followUps = await BrowserFixture.OpenSignedInAsync(context, "/follow-ups", "sekretariat");
        await followUps.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Shot(followUps, "follow-ups.png");
        var desk = await followUps.Context.NewPageAsync();
        await desk.GotoAsync($"/meetings/{meetingId}/desk");
        await Expect(desk.Locator("[data-testid=notulen-version][data-status=Approved]")).ToHaveCountAsync(1);
        await Expect(desk.GetByTestId("notulen-correct")).ToBeEnabledAsync();

        var pdf = await fixture.Api.DownloadAsync($"/api/meetings/{meetingId}/exports/notulen.pdf");
        Directory.CreateDirectory(BrowserFixture.ScreenshotDirectory);
        var pdfPath = Path.Combine(BrowserFixture.ScreenshotDirectory, "notulen.pdf");
        await File.WriteAllBytesAsync(pdfPath, pdf);
        var pngStem = Path.Combine(BrowserFixture.ScreenshotDirectory, "notulen-page1");
        using (var pdftoppm = Process.Start(new ProcessStartInfo("pdftoppm", ["-png", "-r", "90", "-f", "1", "-l", "1", "-singlefile", pdfPath, pngStem])
            { RedirectStandardError = true })!)
        {
            await pdftoppm.WaitForExitAsync();
            Assert.True(pdftoppm.ExitCode == 0, await pdftoppm.StandardError.ReadToEndAsync());
        }
        Assert.True(new FileInfo(pngStem + ".png").Length > 10_000);
        output.WriteLine($"Screenshots: {BrowserFixture.ScreenshotDirectory}");
    }

    private async Task Shot(IPage page, string name)
    {
        await BrowserFixture.ScreenshotAsync(page, name, fullPage: false);
        output.WriteLine($"Screenshot: {Path.Combine(BrowserFixture.ScreenshotDirectory, name)}");
    }
}
