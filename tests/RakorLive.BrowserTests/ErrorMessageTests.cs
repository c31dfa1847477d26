using System.Text.Json.Nodes;
using Microsoft.Playwright;
using RakorLive.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RakorLive.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class ErrorMessageTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_commitment_due_before_the_meeting_date_is_refused_with_the_servers_words_and_nothing_is_created()
    {
        // Prepared a month ahead: a due date next week passes the form (not in the past) but is before the meeting.
        var meetingDay = RakorApi.TodayWib.AddDays(30);
        var (meetingId, _) = await fixture.Api.CreateMeetingAsync(
            "Rakor Lingkungan Hidup", new DateTimeOffset(meetingDay.ToDateTime(new TimeOnly(9, 0)), RakorApi.Wib),
            ("Pengelolaan sampah pasar", "DLH"));
        await using var tabletContext = await fixture.NewContextAsync(BrowserFixture.Tablet);
        var tablet = await BrowserFixture.OpenSignedInAsync(tabletContext, $"/meetings/{meetingId}/tablet", "kadis.pupr");
        await Expect(tablet.GetByTestId("meeting-status")).ToHaveAttributeAsync("data-status", "Scheduled");

        var description = "Normalisasi saluran drainase pasar";
        var tooEarly = RakorApi.TodayWib.AddDays(7).ToString("yyyy-MM-dd");
        await OfflineTabletTests.FillCommitmentAsync(tablet, description, RakorApi.TodayWib.AddDays(7));
        var response = await tablet.RunAndWaitForResponseAsync(
            () => tablet.GetByTestId("ap-submit").ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/action-points", StringComparison.Ordinal));

        Assert.Equal(400, response.Status);
        var problem = JsonNode.Parse(await response.TextAsync())!;
        var detail = problem["detail"]!.GetValue<string>();
        Assert.Contains(meetingDay.ToString("yyyy-MM-dd"), detail);
        var error = tablet.GetByTestId("error");
        await Expect(error).ToContainTextAsync(detail);
        // the form is long: the message must be where the person is looking, and said once
        await Expect(error).ToBeInViewportAsync();
        var shown = await error.InnerTextAsync();
        Assert.Equal(shown.IndexOf(detail, StringComparison.Ordinal), shown.LastIndexOf(detail, StringComparison.Ordinal));
        // refused is final: not kept for a retry that would fail the same way
        await Expect(tablet.GetByTestId("pending-count")).ToHaveTextAsync("0");
        await Expect(tablet.GetByTestId("own-action-points")).ToHaveCountAsync(0);
        Assert.Empty((await fixture.Api.SnapshotAsync(meetingId))["actionPoints"]!.AsArray());

        await BrowserFixture.ScreenshotAsync(tablet, "tablet-error-1280x800.png", fullPage: false);

        // what was typed is back in the form: correcting the date is enough
        var form = tablet.GetByTestId("ap-form");
        await Expect(form.Locator("textarea[name=description]")).ToHaveValueAsync(description);
        await Expect(form.Locator("input[name=dueDate]")).ToHaveValueAsync(tooEarly);
        var corrected = meetingDay.AddDays(14).ToString("yyyy-MM-dd");
        await form.Locator("input[name=dueDate]").FillAsync(corrected);
        await form.GetByTestId("ap-submit").ClickAsync();
        await Expect(tablet.Locator("[data-testid=own-action-points] [data-testid=action-point]")).ToHaveCountAsync(1);
        var created = Assert.Single((await fixture.Api.SnapshotAsync(meetingId))["actionPoints"]!.AsArray())!;
        Assert.Equal(description, created["description"]!.GetValue<string>());
        Assert.Equal(corrected, created["dueDate"]!.GetValue<string>());
    }
}
