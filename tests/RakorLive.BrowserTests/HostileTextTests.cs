using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using RakorLive.BrowserTests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace RakorLive.BrowserTests;

/// <summary>A server of its own: the agency and the user this test makes would show on the other tests' pages.</summary>
[CollectionDefinition(Name)]
public sealed class HostileTextCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser, hostile text";
}

/// <summary>
/// Stored script: a meeting whose every text field (titles, location, chair, names, display name, agency name, outcomes,
/// commitment fields, progress and verification notes, drop reason, the notulen's return note, evidence file name) holds
/// HTML and script. Every page shows the text as it was typed and runs none of it.
/// </summary>
[Collection(HostileTextCollection.Name)]
public sealed class HostileTextTests(BrowserFixture fixture, ITestOutputHelper output)
{
    /// <summary>Both payloads in every field: an event handler on an element, and a breakout of a script block.</summary>
    public const string Payload = "<img src=x onerror=window.__xss=1></script><script>window.__xss=1</script>";
    private const string Password = RakorLive.IntegrationTests.Infrastructure.ServerProcess.DemoPassword;

    private static string F(string field) => $"{Payload} #{field}";

    [Fact]
    public async Task Html_and_script_in_every_text_field_are_shown_as_text_on_every_page_and_never_run()
    {
        var admin = await fixture.Api.ClientAsync("admin");
        var secretariat = await fixture.Api.ClientAsync("sekretariat");
        var chair = await fixture.Api.ClientAsync("bupati");
        await Ok(admin.PostAsJsonAsync("/api/opds", new { code = "XSSOPD", name = F("agency") }));
        await Ok(admin.PostAsJsonAsync("/api/users", new { username = "kadis.xss", password = Password, displayName = F("displayname"), role = "OpdHead", opd = "XSSOPD" }));
        using var head = fixture.Server.CreateHttpClient();
        head.DefaultRequestHeaders.Authorization = new("Bearer", await fixture.Server.TokenAsync("kadis.xss"));

        var meeting = await Ok(secretariat.PostAsJsonAsync("/api/meetings", new
        {
            commandId = Guid.NewGuid().ToString(), title = F("title"), location = F("location"), chair = F("chair"),
            scheduledStart = DateTimeOffset.UtcNow.ToOffset(RakorApi.Wib).ToString("yyyy-MM-dd'T'HH:mm:sszzz"), timeZone = "Asia/Jakarta",
        }));
        var id = meeting["id"]!.GetValue<string>();
        var item = (await Ok(secretariat.PostAsJsonAsync($"/api/meetings/{id}/agenda-items",
            new { commandId = Guid.NewGuid().ToString(), title = F("agenda"), presenterOpd = "XSSOPD", timeboxMinutes = 15 })))["id"]!.GetValue<string>();
        await Ok(secretariat.PostAsJsonAsync($"/api/meetings/{id}/agenda-items",
            new { commandId = Guid.NewGuid().ToString(), title = F("agenda2"), presenterOpd = "PUPR", timeboxMinutes = 15 }));
        await Ok(chair.PostAsJsonAsync($"/api/meetings/{id}/start", new { commandId = Guid.NewGuid().ToString() }));
        await Ok(secretariat.PostAsJsonAsync($"/api/meetings/{id}/attendance", new { commandId = Guid.NewGuid().ToString(), opd = "XSSOPD", name = F("attendee"), position = F("position") }));
        foreach (var kind in new[] { "Note", "Decision", "Directive" })
            await Ok(secretariat.PostAsJsonAsync($"/api/agenda-items/{item}/outcomes", new { commandId = Guid.NewGuid().ToString(), kind, text = F(kind.ToLowerInvariant()) }));
        var due = RakorApi.TodayWib.AddDays(14).ToString("yyyy-MM-dd");
        object Commitment(string tag) => new
        {
            commandId = Guid.NewGuid().ToString(), agendaItemId = item, ownerOpd = "XSSOPD", supportingOpds = new[] { "PUPR" },
            description = F("description" + tag), target = F("target" + tag), beneficiaries = F("beneficiaries" + tag), benefit = F("benefit" + tag), dueDate = due,
        };
        var ap = (await Ok(head.PostAsJsonAsync($"/api/meetings/{id}/action-points", Commitment(""))))["id"]!.GetValue<string>();
        var dropped = await Ok(secretariat.PostAsJsonAsync($"/api/meetings/{id}/action-points", Commitment("-dropped")));
        using (var drop = new HttpRequestMessage(HttpMethod.Patch, $"/api/action-points/{dropped["id"]}")
        { Content = JsonContent.Create(new { commandId = Guid.NewGuid().ToString(), status = "Dropped", statusReason = F("reason") }) })
        {
            drop.Headers.TryAddWithoutValidation("If-Match", $"\"{dropped["version"]}\"");
            await Ok(secretariat.SendAsync(drop));
        }
        // Evidence under a hostile file name, a progress note, then returned by the secretariat with a hostile note.
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent("Laporan progres"u8.ToArray());
        file.Headers.ContentType = new("text/plain");
        form.Add(file, "file", "<img src=x onerror=window.__xss=1>.txt");
        var evidence = (await Ok(head.PostAsync($"/api/action-points/{ap}/evidence", form)))["evidenceId"]!.GetValue<string>();
        await Ok(head.PostAsJsonAsync($"/api/action-points/{ap}/progress", new { commandId = Guid.NewGuid().ToString(), percent = 100, note = F("progress"), evidenceIds = new[] { evidence } }));
        await Ok(secretariat.PostAsJsonAsync($"/api/action-points/{ap}/verify", new { commandId = Guid.NewGuid().ToString(), accepted = false, note = F("verification") }));
        await Ok(chair.PostAsJsonAsync($"/api/meetings/{id}/close", new { commandId = Guid.NewGuid().ToString() }));
        await Ok(secretariat.PostAsJsonAsync($"/api/meetings/{id}/notulen/submit", new { commandId = Guid.NewGuid().ToString() }));
        await Ok(chair.PostAsJsonAsync($"/api/meetings/{id}/notulen/return", new { commandId = Guid.NewGuid().ToString(), note = F("return-note") }));

        // Each page, signed in as the person who uses it, once its content has loaded.
        var live = "[data-testid=connection][data-status=live]";
        var pages = new (string Path, string? Query, string User, string Ready, string[] MustShow)[]
        {
            ("/", null, "sekretariat", "text=#title", ["title", "location"]),
            // The screen shows the outcomes of the item under discussion: after the close there is none (the desk and the notulen show them).
            ($"/meetings/{id}/screen", null, "bupati", live, ["title", "location", "chair", "agenda", "attendee", "description", "target"]),
            ($"/meetings/{id}/tablet", null, "kadis.xss", live, ["title", "description", "target", "beneficiaries", "benefit", "displayname", "verification"]),
            ($"/meetings/{id}/desk", null, "sekretariat", live, ["title", "attendee", "note", "decision", "directive", "return-note"]),
            ("/follow-ups", $"?meetingId={id}", "sekretariat", "text=#description", ["description", "target", "beneficiaries", "benefit", "agency", "reason", "verification"]),
        };
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (path, query, user, ready, mustShow) in pages)
        {
            await using var context = await fixture.NewContextAsync(RoomAndRecordTests.Desk);
            var dialogs = 0;
            context.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };
            IPage page;
            if (path == "/")
            {
                page = await context.NewPageAsync();
                await page.GotoAsync("/");
                await BrowserFixture.SignInAsync(page, user, Password);
            }
            else
            {
                page = await BrowserFixture.OpenSignedInAsync(context, path, user);
                if (query is not null) await page.GotoAsync(path + query);
            }
            await Expect(page.Locator(ready).First).ToBeAttachedAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var shown = await ShownFieldsAsync(page);
            seen.UnionWith(shown);
            var xss = await page.EvaluateAsync<bool>("() => window.__xss !== undefined || window.parent.__xss !== undefined");
            var text = await page.EvaluateAsync<string>("() => document.body.innerText");
            output.WriteLine($"{path}: shows {string.Join(", ", shown)}");
            if (xss) problems.Add($"{path}: the payload ran (window.__xss is set)");
            if (dialogs > 0) problems.Add($"{path}: {dialogs} dialog(s) opened");
            if (text.Contains("&lt;", StringComparison.Ordinal) || text.Contains("&amp;", StringComparison.Ordinal)) problems.Add($"{path}: shows escaped entities instead of the text");
            if (await page.Locator("img[src=x], body script:not([src]):not([type=module])").CountAsync() > 0) problems.Add($"{path}: a payload element is in the DOM");
            foreach (var field in mustShow.Where(f => !shown.Contains(f))) problems.Add($"{path}: '{field}' is not shown literally");
        }

        // The notulen's HTML document and the verification page, in the same browser.
        var html = await fixture.Api.DownloadAsync($"/api/meetings/{id}/exports/notulen.html");
        await using (var context = await fixture.NewContextAsync(RoomAndRecordTests.Desk))
        {
            var page = await context.NewPageAsync();
            await page.SetContentAsync(System.Text.Encoding.UTF8.GetString(html));
            var shown = await ShownFieldsAsync(page);
            output.WriteLine($"notulen.html: shows {string.Join(", ", shown)}");
            if (await page.EvaluateAsync<bool>("() => window.__xss !== undefined")) problems.Add("notulen.html: the payload ran");
            foreach (var field in new[] { "title", "location", "chair", "agenda", "note", "decision", "directive", "attendee", "position", "agency", "description", "target", "beneficiaries", "benefit" }
                .Where(f => !shown.Contains(f)))
                problems.Add($"notulen.html: '{field}' is not shown literally");
        }
        output.WriteLine($"2 payloads in {seen.Count} fields, checked on {pages.Length + 1} pages: {string.Join(", ", seen)}");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>The fields whose text ("payload #field") the page shows exactly as typed, in its text or in a form field's value.</summary>
    private static async Task<IReadOnlyList<string>> ShownFieldsAsync(IPage page)
    {
        var texts = await page.EvaluateAsync<string[]>(
            "() => [document.body.innerText, ...[...document.querySelectorAll('input, textarea, select option')].map(e => e.value ?? e.textContent)]");
        var all = string.Join("\n", texts);
        var fields = new SortedSet<string>(StringComparer.Ordinal);
        var at = 0;
        while ((at = all.IndexOf(Payload + " #", at, StringComparison.Ordinal)) >= 0)
        {
            at += Payload.Length + 2;
            var end = at;
            while (end < all.Length && (char.IsAsciiLetterOrDigit(all[end]) || all[end] == '-')) end++;
            fields.Add(all[at..end]);
        }
        return [.. fields];
    }


    private static async Task<JsonObject> Ok(Task<HttpResponseMessage> sending) => await Ok(await sending);

    private static async Task<JsonObject> Ok(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
                throw new HttpRequestException($"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {text}");
            return text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? [];
        }
    }
}
