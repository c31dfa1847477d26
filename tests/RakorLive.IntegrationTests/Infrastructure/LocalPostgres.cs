using System.Diagnostics;

namespace RakorLive.IntegrationTests.Infrastructure;

/// <summary>Stops and starts the machine's PostgreSQL 15 cluster (the one scripts/start-postgres.sh starts), for outage tests.</summary>
public static class LocalPostgres
{
    public static Task StopAsync() => Run("pg_ctlcluster", "15", "main", "stop", "-m", "fast");

    public static Task StartAsync() => Run("pg_ctlcluster", "15", "main", "start");

    private static async Task Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {error}");
    }
}

/// <summary>Tests that take shared machinery (the machine's PostgreSQL) away run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ExclusiveCollection
{
    public const string Name = "Exclusive: stops shared services";
}
