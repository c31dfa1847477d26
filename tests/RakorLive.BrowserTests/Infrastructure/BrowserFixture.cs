using Microsoft.Playwright;
using RakorLive.IntegrationTests.Infrastructure;

namespace RakorLive.BrowserTests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}

/// <summary>
/// One real server (the built binary serving the built web pages from its webroot) and one headless
/// Chromium for every browser test; each test opens its own browser contexts, so sessions,
/// localStorage and offline state never leak between tests.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's chromium: Playwright's own browser download is not reachable from these machines.</summary>
    public const string DefaultChromium = "/usr/bin/chromium";

    public static readonly ViewportSize BigScreen = new() { Width = 1920, Height = 1080 };
    public static readonly ViewportSize Tablet = new() { Width = 1280, Height = 800 };

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private ServerProcess? _server;

    public ServerProcess Server => _server ?? throw new InvalidOperationException("The fixture is not initialized.");
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The fixture is not initialized.");
    public RakorApi Api { get; private set; } = null!;

    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("RAKORLIVE_CHROMIUM") is { Length: > 0 } path ? path : DefaultChromium;

    /// <summary>Screenshots for a person to look at; in the test output folder, never committed.</summary>
    public static string ScreenshotDirectory => Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException(
                $"Chromium not found at {ChromiumPath}. Run scripts/install-test-prereqs.sh as root, or set RAKORLIVE_CHROMIUM.");

        // The server takes seconds to become ready; start the browser meanwhile.
        // The pemda of the documents, with the sub-keys (the integration tests use the single "Name / City" form).
        var server = ServerProcess.StartAsync("--RakorLive:Region:Name=Kabupaten Sukamaju", "--RakorLive:Region:City=Sukamaju");
        try
        {
            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args =
                [
                    "--no-sandbox", // runs as root in a container
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking", // nothing but 127.0.0.1 may be contacted
                    "--disable-component-update",
                    "--disable-sync",
                ],
            });
        }
        finally
        {
            _server = await server;
        }
        Api = new RakorApi(Server);
        // A 2-core machine runs the server, the browser and the test at once: give conditions time.
        Assertions.SetDefaultExpectTimeout(20_000);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
        Api?.Dispose();
    }

    public Task<IBrowserContext> NewContextAsync(ViewportSize viewport) =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.BaseAddress.ToString(),
            ViewportSize = viewport,
            Locale = "id-ID",
            TimezoneId = "Asia/Jakarta",
        });

    /// <summary>
    /// Opens <paramref name="path"/> as a person would: a page that needs a session sends them to the
    /// sign-in form (/?next=...), which brings them back after signing in.
    /// </summary>
    public static async Task<IPage> OpenSignedInAsync(IBrowserContext context, string path, string username)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/\?next="));
        await SignInAsync(page, username);
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(path) + "$"));
        return page;
    }

    public static async Task SignInAsync(IPage page, string username, string password = ServerProcess.DemoPassword)
    {
        var form = page.GetByTestId("signin-form");
        await form.Locator("input[name=username]").FillAsync(username);
        await form.Locator("input[name=password]").FillAsync(password);
        await form.GetByTestId("signin-submit").ClickAsync();
    }

    public static async Task ScreenshotAsync(IPage page, string name, bool fullPage)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name), FullPage = fullPage });
    }
}
