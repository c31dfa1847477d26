using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace RakorLive.IntegrationTests.Infrastructure;

/// <summary>
/// A real RakorLive server: the built RakorLive.Server binary as a child process, on real Kestrel,
/// bound to 127.0.0.1 on free ports, with its own data directory. Tests stop it (gracefully or with
/// SIGKILL) and start it again on the same data to prove durability.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    public const string AdminPassword = "admin-test-password";
    public const string DemoPassword = "rakor-demo-2026";

    private readonly StringBuilder _output = new();
    private readonly IReadOnlyList<string> _initialArgs;
    private IReadOnlyList<string> _extraArgs;
    private Process? _process;

    private ServerProcess(string dataDirectory, bool ownsDataDirectory, IReadOnlyList<string> extraArgs)
    {
        DataDirectory = dataDirectory;
        OwnsDataDirectory = ownsDataDirectory;
        _extraArgs = _initialArgs = extraArgs;
        Port = FreePort();
        SiloPort = FreePort();
        GatewayPort = FreePort();
    }

    public string DataDirectory { get; }
    public bool OwnsDataDirectory { get; }
    public int Port { get; }
    public int SiloPort { get; }
    public int GatewayPort { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The server's resident memory (VmRSS of /proc/&lt;pid&gt;/status), in bytes.</summary>
    public long ResidentBytes()
    {
        var process = _process is { HasExited: false } p ? p : throw new InvalidOperationException("The server is not running.");
        var line = File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>Starts a server with demo data (agencies, one user per role, a meeting) on a fresh data directory.</summary>
    public static Task<ServerProcess> StartAsync(params string[] extraArgs) =>
        StartAsync(NewDataDirectory(), ownsDataDirectory: true, extraArgs);

    /// <summary>
    /// Starts a server on <paramref name="engine"/>: SQLite in a fresh data directory, or a fresh
    /// PostgreSQL database that is dropped when the server is disposed.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(Engine engine, params string[] extraArgs)
    {
        if (engine == Engine.Sqlite) return await StartAsync(extraArgs);
        var database = await TestDatabase.CreateAsync();
        try
        {
            var server = await StartAsync(NewDataDirectory(), ownsDataDirectory: true, [.. database.ServerArgs, .. extraArgs]);
            server._database = database;
            return server;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    public static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "rakorlive-test-" + Guid.NewGuid().ToString("N"));

    private TestDatabase? _database;

    /// <summary>The throw-away PostgreSQL database this server was started on by <see cref="StartAsync(Engine, string[])"/>; null on SQLite.</summary>
    public TestDatabase? Database => _database;

    public static async Task<ServerProcess> StartAsync(string dataDirectory, bool ownsDataDirectory, params string[] extraArgs)
    {
        var server = new ServerProcess(dataDirectory, ownsDataDirectory, extraArgs);
        await server.StartAsync();
        return server;
    }

    public HttpClient CreateHttpClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Starts (again) on the same data directory and ports, and waits until /health/ready answers 200.</summary>
    public async Task StartAsync()
    {
        if (_process is { HasExited: false }) throw new InvalidOperationException("The server is already running.");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(ServerDll)!,
        };
        info.ArgumentList.Add(ServerDll);
        foreach (var arg in new[]
        {
            "--urls", BaseAddress.ToString().TrimEnd('/'),
            $"--Storage:DataDirectory={DataDirectory}",
            $"--Orleans:SiloPort={SiloPort}",
            $"--Orleans:GatewayPort={GatewayPort}",
            $"--RakorLive:Bootstrap:AdminPassword={AdminPassword}",
            "--RakorLive:SeedDemo=true",
            "--Logging:LogLevel:Default=Warning",
        }.Concat(_extraArgs))
            info.ArgumentList.Add(arg);
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
    }

    /// <summary>Starts again on the same data and ports with <paramref name="moreArgs"/> after the first start's arguments.</summary>
    public Task StartWithAsync(params string[] moreArgs)
    {
        _extraArgs = [.. _initialArgs, .. moreArgs];
        return StartAsync();
    }

    /// <summary>Graceful stop (SIGTERM), waiting for the process to exit.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process) return;
        if (SysKill(process.Id, 15) != 0) process.Kill(entireProcessTree: true);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); await process.WaitForExitAsync(); }
    }

    /// <summary>A crash: SIGKILL, no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false } process) return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        if (OwnsDataDirectory)
        {
            try { Directory.Delete(DataDirectory, recursive: true); }
            catch (IOException) { }
        }
        if (_database is not null) await _database.DisposeAsync();
    }

    private async Task WaitUntilReadyAsync(TimeSpan limit)
    {
        using var http = CreateHttpClient();
        http.Timeout = TimeSpan.FromSeconds(5);
        var deadline = DateTime.UtcNow + limit;
        var delay = TimeSpan.FromMilliseconds(50);
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                // Exited is not yet all read: the last lines (a refused start's reason) may still be on their way from the pipes.
                await _process.WaitForExitAsync();
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode}:\n{Output}");
            }
            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            // Polling is the only signal a separate process gives; back off to keep the CPU for the server.
            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 500));
        }
        throw new TimeoutException($"The server was not ready within {limit.TotalSeconds} s:\n{Output}");
    }

    /// <summary>Signs in and returns the bearer token.</summary>
    public async Task<string> TokenAsync(string username, string? password = null)
    {
        using var http = CreateHttpClient();
        var response = await http.PostAsJsonAsync("/api/auth/token", new { username, password = password ?? (username == "admin" ? AdminPassword : DemoPassword) });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<TokenBody>();
        return body!.AccessToken;
    }

    private sealed record TokenBody(string AccessToken);

    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RakorLive.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("RakorLive.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string ServerDll
    {
        get
        {
#if DEBUG
            const string configuration = "Debug";
#else
            const string configuration = "Release";
#endif
            var path = Path.Combine(RepositoryRoot, "src", "RakorLive.Server", "bin", configuration, "net10.0", "RakorLive.Server.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("Build the solution first: " + path);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SysKill(int pid, int signal);
}
