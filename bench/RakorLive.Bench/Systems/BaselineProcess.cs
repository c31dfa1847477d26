using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using RakorLive.IntegrationTests.Infrastructure;

namespace RakorLive.Bench.Systems;

/// <summary>
/// The baseline hub (bench/RakorLive.Bench.Baseline) as its own process on a free loopback port: the same
/// runtime, GC mode and Kestrel as RakorLive's server, and its CPU and memory are its own, not the bench's.
/// </summary>
public sealed class BaselineProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private BaselineProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }
    public int Pid => _process.Id;

    public static string Dll
    {
        get
        {
#if DEBUG
            const string configuration = "Debug";
#else
            const string configuration = "Release";
#endif
            var path = Path.Combine(ServerProcess.RepositoryRoot, "bench", "RakorLive.Bench.Baseline", "bin", configuration, "net10.0", "RakorLive.Bench.Baseline.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("Build the bench first (it builds the baseline too): " + path);
        }
    }

    public static async Task<BaselineProcess> StartAsync(CancellationToken cancellationToken)
    {
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(Dll)!,
        };
        info.ArgumentList.Add(Dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        var baseline = new BaselineProcess(process, baseAddress);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (baseline._output) baseline._output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (baseline._output) baseline._output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await baseline.WaitUntilReadyAsync(TimeSpan.FromSeconds(60), cancellationToken);
            return baseline;
        }
        catch
        {
            await baseline.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                lock (_output) throw new InvalidOperationException($"The baseline exited with code {_process.ExitCode}:\n{_output}");
            }
            try
            {
                using var response = await http.GetAsync("health/ready", cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested) { }
            await Task.Delay(100, cancellationToken);
        }
        throw new TimeoutException($"The baseline was not ready within {limit.TotalSeconds} s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
