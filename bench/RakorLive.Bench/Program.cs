using System.Runtime.InteropServices;
using RakorLive.Bench;
using RakorLive.Bench.Measuring;
using RakorLive.Bench.Reporting;
using RakorLive.Bench.Scenarios;
using RakorLive.IntegrationTests.Infrastructure;

// Progress goes to stderr, the report to stdout, so `> report.txt` (or `| tail -1` for the JSON) keeps only the figures.
BenchOptions options;
try
{
    if (args.Any(a => a is "--help" or "-h"))
    {
        Console.WriteLine(BenchOptions.Usage);
        return 0;
    }
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine();
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

// Thousands of connections start, join and receive at once; the pool's slow thread injection would show up as latency.
ThreadPool.GetMinThreads(out var workers, out var io);
ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));

// Ctrl+C and SIGTERM end the run early but still stop the servers and drop the databases it started.
using var abort = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    abort.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    abort.Cancel();
});

var progress = Console.Error;
var started = Clock.Now;
ScenarioReport report;
try
{
    report = await ScenarioRunner.RunAsync(options, progress, abort.Token);
}
catch (OperationCanceledException) when (abort.IsCancellationRequested)
{
    progress.WriteLine("interrupted; nothing to report");
    return 2;
}
catch (Exception e)
{
    // The messages of the whole chain say what to fix (PostgreSQL not running, server not built, ...); the stack only where it helps.
    var messages = new List<string>();
    for (var inner = e; inner is not null; inner = inner.InnerException) messages.Add(inner.Message);
    progress.WriteLine($"the benchmark could not run: {string.Join(" <- ", messages.Distinct())}");
    if (Environment.GetEnvironmentVariable("RAKORLIVE_BENCH_TRACE") is { Length: > 0 }) progress.WriteLine(e);
    return 2;
}

var json = ReportWriter.JsonLine(report);
ReportWriter.WriteText(report, Console.Out);
try
{
    var directory = options.ResultsDirectory ?? Path.Combine(ServerProcess.RepositoryRoot, "bench", "results");
    var path = ReportWriter.WriteMarkdown(report, MachineInfo.Read(ServerProcess.RepositoryRoot), directory, json);
    progress.WriteLine($"report written to {path}");
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
{
    progress.WriteLine($"the Markdown report could not be written: {e.Message}");
}
progress.WriteLine($"done in {Clock.MsSince(started) / 1000:0.0} s");
Console.Out.WriteLine(json);
return report.Ok ? 0 : 1;
