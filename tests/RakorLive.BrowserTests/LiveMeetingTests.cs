using Microsoft.Playwright;
using RakorLive.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RakorLive.BrowserTests;

/// <summary>The chair's big screen and a kepala OPD's tablet, two browsers on one live meeting.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LiveMeetingTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_commitment_from_the_tablet_appears_on_the_chairs_screen_and_both_follow_the_agenda()
    {
        var (meetingId, items) = await fixture.Api.CreateMeetingAsync(
            "Rakor Percepatan Infrastruktur Jalan", DateTimeOffset.UtcNow,
            ("Progres peningkatan jalan kabupaten", "PUPR"),
            ("Penanganan stunting", "DINKES"),
            ("Manajemen lalu lintas pasar", "DISHUB"));

        await using var chairContext = await fixture.NewContextAsync(BrowserFixture.BigScreen);
        await using var tabletContext = await fixture.NewContextAsync(BrowserFixture.Tablet);
        var screen = await BrowserFixture.OpenSignedInAsync(chairContext, $"/meetings/{meetingId}/screen", "bupati");
        var tablet = await BrowserFixture.OpenSignedInAsync(tabletContext, $"/meetings/{meetingId}/tablet", "kadis.pupr");
        // a reload would clear this marker: everything below must arrive live
        await screen.EvaluateAsync("() => { window.noReload = true; }");
        await tablet.EvaluateAsync("() => { window.noReload = true; }");

        await Expect(screen.GetByTestId("connection")).ToHaveAttributeAsync("data-status", "live");
        await Expect(tablet.GetByTestId("connection")).ToHaveAttributeAsync("data-status", "live");
        await Expect(tablet.GetByTestId("meeting-status")).ToHaveAttributeAsync("data-status", "Scheduled");

        await screen.GetByTestId("start").ClickAsync();

        await Expect(tablet.GetByTestId("meeting-status")).ToHaveAttributeAsync("data-status", "Live");
        await Expect(tablet.GetByTestId("meeting-status")).ToHaveTextAsync("Berlangsung");
        await Expect(screen.GetByTestId("current-item")).ToHaveAttributeAsync("data-id", items[0]);
        await Expect(tablet.GetByTestId("ap-agenda-current")).ToContainTextAsync("Progres peningkatan jalan kabupaten");

        // check-in: the agency is fixed by the sign-in, the name comes from the account
        var checkin = tablet.GetByTestId("checkin-form");
        await Expect(checkin.Locator("select[name=opd]")).ToHaveValueAsync("PUPR");
        await checkin.Locator("input[name=position]").FillAsync("Kepala Dinas PUPR");
        await checkin.GetByTestId("checkin-submit").ClickAsync();
        await Expect(tablet.GetByTestId("checkin-status")).ToBeVisibleAsync();
        await Expect(screen.Locator("[data-testid=attendee][data-opd=PUPR]")).ToHaveCountAsync(1);
        await Expect(screen.GetByTestId("attendance-count")).ToHaveTextAsync("1");

        var description = "Menyusun peta jalan perbaikan ruas Sukamaju–Cibeureum";
        var dueDate = RakorApi.TodayWib.AddDays(14);
        var form = tablet.GetByTestId("ap-form");
        await form.Locator("select[name=supportingOpds]").SelectOptionAsync(["DISHUB", "DLH"]);
        await form.Locator("textarea[name=description]").FillAsync(description);
        await form.Locator("input[name=target]").FillAsync("12 km jalan mantap");
        await form.Locator("input[name=beneficiaries]").FillAsync("Warga Kecamatan Sukamaju");
        await form.Locator("input[name=benefit]").FillAsync("Waktu tempuh ke pasar berkurang");
        await form.Locator("input[name=dueDate]").FillAsync(dueDate.ToString("yyyy-MM-dd"));
        await form.GetByTestId("ap-submit").ClickAsync();

        var card = screen.GetByTestId("action-point");
        await Expect(card).ToHaveCountAsync(1);
        await Expect(card.GetByTestId("ap-description")).ToHaveTextAsync(description);
        await Expect(card.GetByTestId("ap-owner")).ToHaveTextAsync("PUPR");
        await Expect(card.GetByTestId("ap-supporting")).ToContainTextAsync("DISHUB");
        await Expect(card.GetByTestId("ap-supporting")).ToContainTextAsync("DLH");
        await Expect(card.GetByTestId("ap-status")).ToHaveTextAsync("Belum ditindaklanjuti");
        await Expect(tablet.GetByTestId("pending-count")).ToHaveTextAsync("0");

        var snapshot = await fixture.Api.SnapshotAsync(meetingId);
        var actionPoint = Assert.Single(snapshot["actionPoints"]!.AsArray())!;
        Assert.Equal(description, actionPoint["description"]!.GetValue<string>());
        Assert.Equal(items[0], actionPoint["agendaItemId"]!.GetValue<string>());
        Assert.Equal(dueDate.ToString("yyyy-MM-dd"), actionPoint["dueDate"]!.GetValue<string>());
        Assert.Equal(["DISHUB", "DLH"], actionPoint["supportingOpds"]!.AsArray().Select(o => o!.GetValue<string>()).Order());
        await Expect(card).ToHaveAttributeAsync("data-id", actionPoint["id"]!.GetValue<string>());
        var seq = snapshot["seq"]!.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Expect(screen.GetByTestId("seq")).ToHaveTextAsync(seq);
        await Expect(tablet.GetByTestId("seq")).ToHaveTextAsync(seq);
        await Expect(tablet.Locator($"[data-testid=own-action-points] [data-testid=action-point][data-id='{actionPoint["id"]}']")).ToHaveCountAsync(1);

        await screen.GetByTestId("advance").ClickAsync();

        await Expect(screen.GetByTestId("current-item")).ToHaveAttributeAsync("data-id", items[1]);
        await Expect(screen.GetByTestId("current-item")).ToHaveTextAsync("Penanganan stunting");
        await Expect(screen.Locator($"[data-testid=agenda-item][data-id='{items[0]}']")).ToHaveAttributeAsync("data-status", "Done");
        await Expect(tablet.GetByTestId("ap-agenda-current")).ToContainTextAsync("Penanganan stunting");
        await Expect(screen.GetByTestId("error")).ToBeHiddenAsync();
        await Expect(tablet.GetByTestId("error")).ToBeHiddenAsync();

        Assert.True(await screen.EvaluateAsync<bool>("() => window.noReload === true"), "the screen was reloaded");
        Assert.True(await tablet.EvaluateAsync<bool>("() => window.noReload === true"), "the tablet was reloaded");

        await BrowserFixture.ScreenshotAsync(screen, "screen-1920x1080.png", fullPage: false);
        await BrowserFixture.ScreenshotAsync(tablet, "tablet-1280x800.png", fullPage: true);
    }
}
