using System.Globalization;
using RakorLive.IntegrationTests.Infrastructure;
using RakorLive.Rules;

namespace RakorLive.Bench;

/// <summary>The command line of the benchmark, validated before anything starts.</summary>
public sealed record BenchOptions
{
    /// <summary>Every n-th operation of a writer edits one of its own action points (PATCH) instead of adding one.</summary>
    public const int EditEvery = 5;

    public const string Usage = """
        RakorLive benchmark: one live meeting, concurrent writers, many watchers.

          dotnet run -c Release --project bench/RakorLive.Bench -- [options]

          --engine sqlite|postgresql   storage of the servers it starts (default sqlite)
          --nodes N                    servers it starts; more than 1 needs postgresql (default 1)
          --url URL[,URL...]           use running servers on this machine instead (demo seed required)
          --writers W                  kepala OPD sessions adding action points at once (default 5)
          --watchers K                 live feeds, spread over the nodes (default 20)
          --operations N               commands in total; every 5th of a writer is an edit (default 2000)
          --duration-limit S           seconds for the writes plus the watchers' catch-up (default 120)

        Exit code: 0 ok, 1 a watcher missed or duplicated an event or a command failed, 2 bad options or set-up failure.
        """;

    public Engine Engine { get; init; } = Engine.Sqlite;
    public int Nodes { get; init; } = 1;

    /// <summary>Servers to target; empty: the bench starts its own.</summary>
    public IReadOnlyList<Uri> Urls { get; init; } = [];

    public int Writers { get; init; } = 5;
    public int Watchers { get; init; } = 20;
    public int Operations { get; init; } = 2000;
    public TimeSpan DurationLimit { get; init; } = TimeSpan.FromSeconds(120);

    public bool StartsOwnServers => Urls.Count == 0;

    /// <summary>Operations of writer <paramref name="writer"/> (0-based): the total shared out, the first ones taking the remainder.</summary>
    public int OperationsOf(int writer) => Operations / Writers + (writer < Operations % Writers ? 1 : 0);

    public static bool IsEdit(int operation) => (operation + 1) % EditEvery == 0;

    public int ActionPointsCreated => Enumerable.Range(0, Writers).Sum(w => OperationsOf(w) - OperationsOf(w) / EditEvery);

    /// <exception cref="ArgumentException">With a message meant for the person at the terminal.</exception>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        bool engineGiven = false, nodesGiven = false;
        for (var i = 0; i < args.Count; i++)
        {
            var (name, value) = Split(args, ref i);
            options = name switch
            {
                "--engine" => options with { Engine = ParseEngine(value) },
                "--nodes" => options with { Nodes = ParseInt(name, value, 1, 9) },
                "--url" or "--urls" => options with { Urls = ParseUrls(value) },
                "--writers" => options with { Writers = ParseInt(name, value, 1, 500) },
                "--watchers" => options with { Watchers = ParseInt(name, value, 1, 5000) },
                "--operations" => options with { Operations = ParseInt(name, value, 1, 1_000_000) },
                "--duration-limit" => options with { DurationLimit = TimeSpan.FromSeconds(ParseInt(name, value, 1, 24 * 3600)) },
                _ => throw new ArgumentException($"Unknown option {name}."),
            };
            engineGiven |= name == "--engine";
            nodesGiven |= name == "--nodes";
        }
        if (options.Urls.Count > 0 && (engineGiven || nodesGiven))
            throw new ArgumentException("--engine and --nodes describe servers the bench starts; with --url it uses the running ones as they are.");
        if (options.StartsOwnServers && options.Engine == Engine.Sqlite && options.Nodes > 1)
            throw new ArgumentException("SQLite serves one process; use --engine postgresql for more than one node.");
        if (options.Operations < options.Writers)
            throw new ArgumentException($"--operations ({options.Operations}) must be at least --writers ({options.Writers}).");
        if (options.ActionPointsCreated > Limits.ActionPointsPerMeeting)
            throw new ArgumentException(
                $"{options.Operations} operations would add {options.ActionPointsCreated} action points; a meeting holds {Limits.ActionPointsPerMeeting}.");
        return options;
    }

    /// <summary>Accepts <c>--name value</c> and <c>--name=value</c>.</summary>
    private static (string Name, string Value) Split(IReadOnlyList<string> args, ref int i)
    {
        var arg = args[i];
        if (!arg.StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"Unexpected argument '{arg}'.");
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        if (equals > 0) return (arg[..equals].ToLowerInvariant(), arg[(equals + 1)..]);
        if (i + 1 >= args.Count) throw new ArgumentException($"{arg} needs a value.");
        return (arg.ToLowerInvariant(), args[++i]);
    }

    private static Engine ParseEngine(string value) => value.ToLowerInvariant() switch
    {
        "sqlite" => Engine.Sqlite,
        "postgresql" or "postgres" => Engine.PostgreSQL,
        _ => throw new ArgumentException($"--engine is sqlite or postgresql, not '{value}'."),
    };

    private static int ParseInt(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{name} is a whole number from {min} to {max}, not '{value}'.");

    /// <summary>
    /// Fan-out latency compares the server's clock (occurredAt) with the bench's, so both must be the same
    /// machine's: only loopback addresses are accepted.
    /// </summary>
    private static IReadOnlyList<Uri> ParseUrls(string value)
    {
        var urls = new List<Uri>();
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(part, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                throw new ArgumentException($"--url '{part}' is not an http(s) URL.");
            if (!url.IsLoopback)
                throw new ArgumentException($"--url '{part}' is not on this machine; fan-out latency needs the server's clock to be the bench's.");
            urls.Add(url);
        }
        return urls.Count > 0 ? urls : throw new ArgumentException("--url needs at least one URL.");
    }
}
