using RakorLive.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RakorLive.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class LanguageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_language_toggle_switches_the_screen_to_English_with_the_servers_vocabulary()
    {
        var indonesian = await fixture.Api.VocabularyAsync("id");
        var english = await fixture.Api.VocabularyAsync("en");
        var (meetingId, _) = await fixture.Api.CreateMeetingAsync(
            "Rakor Kependudukan", DateTimeOffset.UtcNow, ("Perekaman KTP-el", "DUKCAPIL"));
        await using var context = await fixture.NewContextAsync(BrowserFixture.BigScreen);
        var screen = await BrowserFixture.OpenSignedInAsync(context, $"/meetings/{meetingId}/screen", "bupati");
        var status = screen.GetByTestId("meeting-status");
        await Expect(status).ToHaveTextAsync(indonesian["meetingStatus"]!["Scheduled"]!.GetValue<string>());
        await Expect(screen.GetByTestId("start")).ToHaveTextAsync("Mulai rapat");
        await Expect(screen.Locator("html")).ToHaveAttributeAsync("lang", "id");

        await screen.GetByTestId("lang-toggle").ClickAsync();

        await Expect(status).ToHaveTextAsync(english["meetingStatus"]!["Scheduled"]!.GetValue<string>());
        await Expect(screen.Locator("[data-testid=agenda-item-status]")).ToHaveTextAsync(english["agendaItemStatus"]!["Pending"]!.GetValue<string>());
        await Expect(screen.GetByTestId("start")).ToHaveTextAsync("Start meeting");
        await Expect(screen.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(screen.GetByTestId("lang-toggle")).ToHaveTextAsync("Bahasa Indonesia");

        // the choice is kept on this device
        await screen.ReloadAsync();
        await Expect(status).ToHaveTextAsync(english["meetingStatus"]!["Scheduled"]!.GetValue<string>());
        await Expect(screen.GetByTestId("start")).ToHaveTextAsync("Start meeting");
    }
}
