using RakorLive.Bench.Measuring;
using RakorLive.Bench.Reporting;
using RakorLive.Bench.Systems;

namespace RakorLive.Bench.Scenarios;

/// <summary>
/// The order every scenario runs in: RakorLive's servers start and give the payload templates; the baseline
/// process starts, takes the same load and is stopped; then RakorLive takes the load, alone on the machine.
/// </summary>
public static class ScenarioRunner
{
    public static async Task<ScenarioReport> RunAsync(BenchOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        progress.WriteLine(options.StartsOwnServers
            ? $"starting {options.Nodes} RakorLive server(s) on {options.EngineName}..."
            : $"using the running RakorLive server(s) at {string.Join(", ", options.Urls)}...");
        await using var rakorLive = await RakorLiveSystem.StartAsync(options, cancellationToken);
        // The baseline's payloads; follow-ups has no baseline and keeps the store to the commitments it makes.
        var templates = options.Scenario == Scenario.FollowUps ? null : await rakorLive.CaptureTemplatesAsync(cancellationToken);
        if (templates is not null)
            progress.WriteLine($"payloads: ActionPointAdded {templates.AddEventBytes} bytes, ActionPointUpdated {templates.UpdateEventBytes} bytes");

        IScenario scenario = options.Scenario switch
        {
            Scenario.Steady or Scenario.OneRoom => new LoadScenario(options, progress),
            Scenario.Growth => new GrowthScenario(options, progress),
            Scenario.CatchUp => new CatchUpScenario(options, progress),
            Scenario.Storm => new StormScenario(options, progress),
            Scenario.FollowUps => new FollowUpScenario(options, progress),
            _ => throw new ArgumentOutOfRangeException(nameof(options)),
        };

        object? baseline = null;
        object? measured = null;
        string? baselineTarget = null;
        if (scenario.RakorLiveFirst)
        {
            progress.WriteLine($"RakorLive: {options.ScenarioName}");
            measured = await scenario.RunPhaseAsync(rakorLive, cancellationToken);
        }
        if (options.Baseline && templates is not null)
        {
            progress.WriteLine("starting the baseline hub...");
            await using var system = await BaselineSystem.StartAsync(templates, options.CommandTimeout, cancellationToken);
            baselineTarget = system.Description;
            progress.WriteLine($"baseline: {options.ScenarioName}");
            baseline = await scenario.RunPhaseAsync(system, cancellationToken);
        }
        if (measured is null)
        {
            progress.WriteLine($"RakorLive: {options.ScenarioName}");
            measured = await scenario.RunPhaseAsync(rakorLive, cancellationToken);
        }

        var report = new ScenarioReport(options) { RakorLiveTarget = rakorLive.Description, BaselineTarget = baselineTarget };
        if (templates is not null)
            report.Load.Add(("payload", $"RakorLive's own events: ActionPointAdded {templates.AddEventBytes} bytes, ActionPointUpdated {templates.UpdateEventBytes} bytes; the baseline broadcasts the same data"));
        scenario.Build(report, measured, baseline);
        foreach (var (phase, resources) in new[] { ("RakorLive", report.RakorLiveResources), ("baseline", report.BaselineResources) })
            foreach (var others in resources.Where(r => r.Name.StartsWith(ResourceMonitor.OtherProcesses, StringComparison.Ordinal) && r.Cores > 0.25))
                report.Notes.Add($"during the {phase} phase{others.Name[ResourceMonitor.OtherProcesses.Length..]} other processes kept {others.Cores:0.00} " +
                                 $"of the {Environment.ProcessorCount} cores busy: its figures are disturbed");
        return report;
    }

    /// <summary>The processes of a phase: the system's servers, then the bench itself (its clients share the cores).</summary>
    public static ResourceMonitor Monitor(ILiveSystem system) =>
        new([.. system.Processes, ("bench (watchers, writers)", Environment.ProcessId)]);

    /// <summary>The server figure of a phase: the sum of its servers' largest sampled RSS (null when none was started here).</summary>
    public static double? ServerRssMiB(IReadOnlyList<ProcessResources> resources)
    {
        var servers = resources.Where(r => r.Name != ResourceMonitor.OtherProcesses && !r.Name.StartsWith("bench", StringComparison.Ordinal)).ToList();
        return servers.Count > 0 && servers.All(s => s.MaxRssMiB is not null) ? servers.Sum(s => s.MaxRssMiB) : null;
    }

    public static async Task<Dictionary<int, long>> SeqsAsync(ILiveSystem system, IReadOnlyList<BenchMeeting> meetings, CancellationToken cancellationToken)
    {
        var seqs = new System.Collections.Concurrent.ConcurrentDictionary<int, long>();
        await Parallel.ForEachAsync(meetings, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (m, ct) => seqs[m.Index] = await system.GetSeqAsync(m.Id, ct));
        return new Dictionary<int, long>(seqs);
    }
}

/// <summary>A scenario: one phase per system, the same for both, then one report of the two.</summary>
public interface IScenario
{
    /// <summary>
    /// Normally the baseline goes first and RakorLive then has the machine to itself; a scenario whose size
    /// RakorLive decides (a quick fill cut short by its deadline) runs RakorLive first and gives the baseline the same size.
    /// </summary>
    bool RakorLiveFirst { get; }

    Task<object> RunPhaseAsync(ILiveSystem system, CancellationToken cancellationToken);

    void Build(ScenarioReport report, object rakorLive, object? baseline);
}

/// <summary>Typed phases for a scenario; the runner only sees <see cref="IScenario"/>.</summary>
public abstract class ScenarioBase<T>(BenchOptions options, TextWriter progress) : IScenario
    where T : class
{
    protected BenchOptions Options => options;
    protected TextWriter Progress => progress;

    public virtual bool RakorLiveFirst => false;

    public abstract Task<T> RunAsync(ILiveSystem system, CancellationToken cancellationToken);

    public abstract void Build(ScenarioReport report, T rakorLive, T? baseline);

    async Task<object> IScenario.RunPhaseAsync(ILiveSystem system, CancellationToken cancellationToken) => await RunAsync(system, cancellationToken);

    void IScenario.Build(ScenarioReport report, object rakorLive, object? baseline) => Build(report, (T)rakorLive, (T?)baseline);

    /// <summary>Writers 0..count-1 of the system, closed again if one fails to open.</summary>
    protected static async Task<List<IWriterChannel>> OpenWritersAsync(ILiveSystem system, int count, CancellationToken cancellationToken)
    {
        var channels = new List<IWriterChannel>();
        try
        {
            for (var i = 0; i < count; i++) channels.Add(await system.OpenWriterAsync(i, cancellationToken));
            return channels;
        }
        catch
        {
            await CloseAsync(channels);
            throw;
        }
    }

    protected static async Task CloseAsync(IEnumerable<IWriterChannel> channels)
    {
        foreach (var channel in channels) await channel.DisposeAsync();
    }
}
