namespace RakorLive.Bench.Measuring;

/// <summary>
/// One process over a measured phase: the largest resident set seen while it ran (sampled), its
/// high-water mark since it started, and the CPU it used during the phase; null where /proc could not be read.
/// </summary>
public sealed record ProcessResources(string Name, int? Pid, double? MaxRssMiB, double? PeakRssMiB, double? CpuSeconds, double PhaseSeconds)
{
    /// <summary>Average cores busy during the phase (1.0 = one core all the time).</summary>
    public double? Cores => CpuSeconds is { } cpu && PhaseSeconds > 0 ? cpu / PhaseSeconds : null;
}

/// <summary>
/// Samples the resident set of the processes of a phase twice a second: the server's RSS under load is
/// the figure, not what is left after the load has gone.
/// </summary>
public sealed class ResourceMonitor : IAsyncDisposable
{
    public const string OtherProcesses = "other processes on the machine";

    private readonly IReadOnlyList<(string Name, int? Pid)> _processes;
    private readonly ProcessSample?[] _first;
    private readonly long[] _maxRssKiB;
    private readonly long _started = Clock.Now;
    private readonly double? _machineBusy = ProcFs.MachineBusySeconds();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ResourceMonitor(IReadOnlyList<(string Name, int? Pid)> processes)
    {
        _processes = processes;
        _first = [.. processes.Select(p => p.Pid is { } pid ? ProcFs.SampleProcess(pid) : null)];
        _maxRssKiB = [.. _first.Select(s => s?.RssKiB ?? 0)];
        _loop = LoopAsync();
    }

    public async Task<IReadOnlyList<ProcessResources>> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Sample();
        var seconds = Clock.MsSince(_started) / 1000;
        List<ProcessResources> measured = [.. _processes.Select((p, i) =>
        {
            var last = p.Pid is { } pid ? ProcFs.SampleProcess(pid) : null;
            return new ProcessResources(p.Name, p.Pid,
                last is null ? null : _maxRssKiB[i] / 1024.0,
                last is null ? null : last.PeakRssKiB / 1024.0,
                last is not null && _first[i] is { } first ? last.CpuSeconds - first.CpuSeconds : null,
                seconds);
        })];
        // The cores are shared: whatever else ran during the phase took CPU from the processes measured.
        if (_machineBusy is { } before && ProcFs.MachineBusySeconds() is { } after)
            measured.Add(new ProcessResources(OtherProcesses, null, null, null,
                Math.Max(0, after - before - measured.Sum(m => m.CpuSeconds ?? 0)), seconds));
        return measured;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        while (await timer.WaitForNextTickAsync(_stop.Token)) Sample();
    }

    private void Sample()
    {
        for (var i = 0; i < _processes.Count; i++)
            if (_processes[i].Pid is { } pid && ProcFs.SampleProcess(pid) is { } sample)
                _maxRssKiB[i] = Math.Max(_maxRssKiB[i], sample.RssKiB);
    }
}
