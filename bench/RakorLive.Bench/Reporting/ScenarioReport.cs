using RakorLive.Bench.Measuring;

namespace RakorLive.Bench.Reporting;

/// <summary>One figure of both systems; the ratio is RakorLive's over the baseline's (above 1: RakorLive is slower or bigger).</summary>
public sealed record Figure(string Name, string Unit, double? RakorLive, double? Baseline)
{
    public double? Ratio => RakorLive is { } r && Baseline is { } b && b > 0 ? r / b : null;
}

/// <summary>A pass/fail condition of the run; any failed one makes the exit code 1.</summary>
public sealed record Check(string Name, bool Ok, string Detail);

/// <summary>A table of its own for a scenario whose figures have more than one dimension (follow-ups: one row per filter).</summary>
public sealed record Table(string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>The machine-readable summary: the keys every scenario has (null where not applicable), then its own.</summary>
public sealed record Summary
{
    /// <summary>What p50Ms and p99Ms measure in this scenario.</summary>
    public required string Latency { get; init; }

    public double? CommandsPerSecond { get; init; }
    public double? P50Ms { get; init; }
    public double? P99Ms { get; init; }
    public double? BaselineP99Ms { get; init; }
    public long Lost { get; init; }
    public long Duplicates { get; init; }
    public long OutOfOrder { get; init; }
    public double? ServerRssMb { get; init; }
    public double? GrowthRatio { get; init; }
    public Dictionary<string, object?> Extra { get; init; } = [];

    public double? Ratio => P99Ms is { } r && BaselineP99Ms is { } b && b > 0 ? r / b : null;
}

/// <summary>Everything a scenario measured, for the console table, the JSON line and the Markdown file.</summary>
public sealed class ScenarioReport(BenchOptions options)
{
    public BenchOptions Options => options;
    public string RakorLiveTarget { get; set; } = "";
    public string? BaselineTarget { get; set; }
    public int Connections { get; set; }
    /// <summary>What was run, as label and text ("load", "payload", ...).</summary>
    public List<(string Label, string Text)> Load { get; } = [];
    public List<Figure> Figures { get; } = [];
    public List<Check> Checks { get; } = [];
    public List<Table> Tables { get; } = [];
    public List<string> Notes { get; } = [];
    public List<ProcessResources> RakorLiveResources { get; } = [];
    public List<ProcessResources> BaselineResources { get; } = [];
    public Summary Summary { get; set; } = new() { Latency = "" };

    public bool Ok => Checks.All(c => c.Ok);

    public void Add(string name, string unit, double? rakorLive, double? baseline) => Figures.Add(new Figure(name, unit, rakorLive, baseline));

    public void Add(string name, LatencySummary rakorLive, LatencySummary? baseline, bool withP95 = false)
    {
        Add($"{name} p50", "ms", rakorLive.P50OrNull, baseline?.P50OrNull);
        if (withP95) Add($"{name} p95", "ms", rakorLive.Count > 0 ? rakorLive.P95 : null, baseline is { Count: > 0 } b95 ? b95.P95 : null);
        Add($"{name} p99", "ms", rakorLive.P99OrNull, baseline?.P99OrNull);
        Add($"{name} max", "ms", rakorLive.Count > 0 ? rakorLive.Max : null, baseline is { Count: > 0 } b ? b.Max : null);
    }

    public void Check(string name, bool ok, string detail) => Checks.Add(new Check(name, ok, detail));
}
