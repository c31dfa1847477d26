using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using RakorLive.Bench.Measuring;

namespace RakorLive.Bench.Reporting;

/// <summary>The report three ways: a table on stdout, one JSON line after it, and a Markdown file for bench/results.</summary>
public static class ReportWriter
{
    // Readable in a terminal and a Markdown file: "->" stays "->" rather than "\u003E".
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void WriteText(ScenarioReport r, TextWriter o)
    {
        var options = r.Options;
        o.WriteLine($"RakorLive benchmark: {options.ScenarioName}{(options.Quick ? " (quick)" : "")}, {options.EngineName}, {options.NodeCount} node(s)");
        o.WriteLine($"  RakorLive   {r.RakorLiveTarget}");
        o.WriteLine($"  baseline    {r.BaselineTarget ?? "not run (--no-baseline)"}");
        foreach (var (label, text) in r.Load) o.WriteLine($"  {label,-11} {text}");
        o.WriteLine();
        o.WriteLine($"  {"figure",-56}{"RakorLive",12}{"baseline",12}{"ratio",11}");
        foreach (var f in r.Figures)
            o.WriteLine($"  {f.Name + (f.Unit.Length > 0 ? $" ({f.Unit})" : ""),-56}{N(f.RakorLive),12}{N(f.Baseline),12}{R(f.Ratio),11}");
        o.WriteLine();
        foreach (var table in r.Tables)
        {
            var widths = table.Columns.Select((c, i) => Math.Max(c.Length, table.Rows.Select(row => row[i].Length).DefaultIfEmpty(0).Max())).ToArray();
            o.WriteLine($"  {table.Title}");
            o.WriteLine("  " + string.Join("  ", table.Columns.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))));
            foreach (var row in table.Rows)
                o.WriteLine("  " + string.Join("  ", row.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))));
            o.WriteLine();
        }
        WriteResources(o, "RakorLive phase", r.RakorLiveResources);
        if (r.BaselineResources.Count > 0) WriteResources(o, "baseline phase", r.BaselineResources);
        o.WriteLine();
        foreach (var note in r.Notes) o.WriteLine($"  note: {note}");
        foreach (var c in r.Checks) o.WriteLine($"{(c.Ok ? "CHECK ok    " : "CHECK FAILED")} {c.Name}: {c.Detail}");
    }

    public static string JsonLine(ScenarioReport r)
    {
        var s = r.Summary;
        var values = new Dictionary<string, object?>
        {
            ["scenario"] = r.Options.ScenarioName,
            ["engine"] = r.Options.EngineName,
            ["nodes"] = r.Options.NodeCount,
            ["connections"] = r.Connections,
            ["commandsPerSecond"] = Round(s.CommandsPerSecond),
            ["p50Ms"] = Round(s.P50Ms),
            ["p99Ms"] = Round(s.P99Ms),
            ["baselineP99Ms"] = Round(s.BaselineP99Ms),
            ["ratio"] = Round(s.Ratio, 3),
            ["lost"] = s.Lost,
            ["duplicates"] = s.Duplicates,
            ["outOfOrder"] = s.OutOfOrder,
            ["serverRssMb"] = Round(s.ServerRssMb, 1),
            ["growthRatio"] = Round(s.GrowthRatio, 3),
            ["ok"] = r.Ok,
            ["quick"] = r.Options.Quick,
            ["latency"] = s.Latency,
        };
        foreach (var (key, value) in s.Extra) values[key] = value is double d ? Round(d) : value;
        return JsonSerializer.Serialize(values, Json);
    }

    public static string WriteMarkdown(ScenarioReport r, MachineInfo machine, string directory, string jsonLine)
    {
        Directory.CreateDirectory(directory);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var path = Path.Combine(directory, $"{r.Options.ScenarioName}{(r.Options.Quick ? "-quick" : "")}-{r.Options.EngineName}-{stamp}.md");
        var md = new StringBuilder();
        md.AppendLine($"# RakorLive benchmark: {r.Options.ScenarioName}{(r.Options.Quick ? " (quick)" : "")}, {r.Options.EngineName}, {r.Options.NodeCount} node(s)");
        md.AppendLine();
        md.AppendLine($"- when: {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC");
        md.AppendLine($"- commit: `{machine.GitCommit}`{(machine.GitDirty ? " (with uncommitted changes)" : "")}");
        md.AppendLine($"- command: `dotnet bench/RakorLive.Bench/bin/Release/net10.0/RakorLive.Bench.dll {string.Join(" ", r.Options.Arguments)}`");
        md.AppendLine($"- machine: {machine.Cores} cores ({machine.CpuModel}), {N(machine.MemoryGiB)} GiB memory, {machine.OperatingSystem}, {machine.Runtime}");
        md.AppendLine($"- RakorLive: {r.RakorLiveTarget}");
        md.AppendLine($"- baseline: {r.BaselineTarget ?? "not run (--no-baseline)"}");
        foreach (var (label, text) in r.Load) md.AppendLine($"- {label}: {text}");
        md.AppendLine();
        md.AppendLine("| figure | RakorLive | baseline | ratio |");
        md.AppendLine("|---|---:|---:|---:|");
        foreach (var f in r.Figures)
            md.AppendLine($"| {f.Name}{(f.Unit.Length > 0 ? $" ({f.Unit})" : "")} | {N(f.RakorLive)} | {N(f.Baseline)} | {R(f.Ratio)} |");
        md.AppendLine();
        md.AppendLine("Ratio: RakorLive's figure over the baseline's.");
        md.AppendLine();
        foreach (var table in r.Tables)
        {
            md.AppendLine($"{table.Title}:");
            md.AppendLine();
            md.AppendLine("| " + string.Join(" | ", table.Columns) + " |");
            md.AppendLine("|" + string.Join("|", table.Columns.Select((_, i) => i == 0 ? "---" : "---:")) + "|");
            foreach (var row in table.Rows) md.AppendLine("| " + string.Join(" | ", row.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))) + " |");
            md.AppendLine();
        }
        md.AppendLine("| process | phase | max RSS (MiB) | peak RSS (MiB) | CPU (s) | cores busy |");
        md.AppendLine("|---|---|---:|---:|---:|---:|");
        foreach (var (phase, list) in new[] { ("RakorLive", r.RakorLiveResources), ("baseline", r.BaselineResources) })
            foreach (var p in list)
                md.AppendLine($"| {p.Name} | {phase} | {N(p.MaxRssMiB)} | {N(p.PeakRssMiB)} | {N(p.CpuSeconds)} | {N(p.Cores)} |");
        md.AppendLine();
        md.AppendLine("| check | result | detail |");
        md.AppendLine("|---|---|---|");
        foreach (var c in r.Checks) md.AppendLine($"| {c.Name} | {(c.Ok ? "ok" : "**FAILED**")} | {c.Detail.Replace("|", "\\|", StringComparison.Ordinal)} |");
        if (r.Notes.Count > 0)
        {
            md.AppendLine();
            foreach (var note in r.Notes) md.AppendLine($"- {note}");
        }
        md.AppendLine();
        md.AppendLine("```json");
        md.AppendLine(jsonLine);
        md.AppendLine("```");
        File.WriteAllText(path, md.ToString());
        return path;
    }

    private static void WriteResources(TextWriter o, string phase, IReadOnlyList<ProcessResources> list)
    {
        o.WriteLine($"  {phase + ": process",-40}{"max RSS MiB",12}{"peak MiB",10}{"cpu s",9}{"cores",7}");
        foreach (var p in list) o.WriteLine($"  {p.Name,-40}{N(p.MaxRssMiB),12}{N(p.PeakRssMiB),10}{N(p.CpuSeconds),9}{N(p.Cores),7}");
    }

    private static double? Round(double? value, int digits = 2) => value is { } v && double.IsFinite(v) ? Math.Round(v, digits) : null;

    private static string N(double? value) => value switch
    {
        null => "-",
        { } v when v == Math.Floor(v) && Math.Abs(v) < 1e12 => v.ToString("0", CultureInfo.InvariantCulture),
        { } v when Math.Abs(v) >= 1000 => v.ToString("0", CultureInfo.InvariantCulture),
        { } v when Math.Abs(v) >= 100 => v.ToString("0.0", CultureInfo.InvariantCulture),
        { } v => v.ToString("0.00", CultureInfo.InvariantCulture),
    };

    private static string R(double? ratio) => ratio switch
    {
        null => "-",
        >= 100 => ratio.Value.ToString("0", CultureInfo.InvariantCulture) + "x",
        { } v => v.ToString("0.00", CultureInfo.InvariantCulture) + "x",
    };
}
