using Microsoft.Playwright;
using RakorLive.BrowserTests.Infrastructure;
using RakorLive.Model;
using static Microsoft.Playwright.Assertions;

namespace RakorLive.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class SignInPageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_secretariat_signs_in_with_the_form_and_sees_the_demo_meeting()
    {
        var demoId = Ids.Meeting("seed-demo-meeting");
        var demo = await fixture.Api.SnapshotAsync(demoId);
        await using var context = await fixture.NewContextAsync(BrowserFixture.BigScreen);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");

        // a wrong password is told in words, and the form stays
        await BrowserFixture.SignInAsync(page, "sekretariat", "not-the-password");
        await Expect(page.GetByTestId("error")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("error")).Not.ToBeEmptyAsync();
        await Expect(page.GetByTestId("meeting-list")).ToHaveCountAsync(0);

        await BrowserFixture.SignInAsync(page, "sekretariat");

        await Expect(page.GetByTestId("who")).ToHaveAttributeAsync("data-role", "Secretariat");
        await Expect(page.GetByTestId("error")).ToBeHiddenAsync();
        var row = page.Locator($"[data-testid=meeting-row][data-id='{demoId}']");
        await Expect(row).ToContainTextAsync(demo["title"]!.GetValue<string>());
        await Expect(row.GetByTestId("link-screen")).ToHaveAttributeAsync("href", $"/meetings/{demoId}/screen");
        // the secretariat prepares meetings from here
        await Expect(page.GetByTestId("meeting-form")).ToBeVisibleAsync();

        // the session survives a reload
        await page.ReloadAsync();
        await Expect(row).ToBeVisibleAsync();
        await Expect(page.GetByTestId("signin-form")).ToHaveCountAsync(0);
    }
}
