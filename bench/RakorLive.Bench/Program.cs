using System.Runtime.InteropServices;
using RakorLive.Bench;

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
BenchTarget? target = null;
try
{
    progress.WriteLine(options.StartsOwnServers ? $"starting {options.Nodes} server(s) on {options.Engine}..." : "using the running server(s)...");
    target = await BenchTarget.StartAsync(options);
    abort.Token.ThrowIfCancellationRequested();
    var report = await new BenchRun(options, target, progress).RunAsync(abort.Token);
    report.WriteTable(Console.Out);
    Console.Out.WriteLine(report.ToJsonLine());
    return report.Ok ? 0 : 1;
}
catch (OperationCanceledException) when (abort.IsCancellationRequested)
{
    progress.WriteLine("interrupted; nothing to report");
    return 2;
}
catch (Exception e)
{
    progress.WriteLine($"the benchmark could not run: {e}");
    return 2;
}
finally
{
    if (target is not null)
    {
        progress.WriteLine("stopping what the bench started...");
        await target.DisposeAsync();
    }
}
