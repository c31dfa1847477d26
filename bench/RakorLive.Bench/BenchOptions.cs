using System.Globalization;
using RakorLive.IntegrationTests.Infrastructure;
using RakorLive.Rules;

namespace RakorLive.Bench;

public enum Scenario
{
    Steady,
    OneRoom,
    Growth,
    CatchUp,
    Storm,
    FollowUps,
}

/// <summary>The command line of the benchmark, validated before anything starts; every size has a full and a --quick default.</summary>
public sealed record BenchOptions
{
    /// <summary>Action points a scenario leaves free in each meeting (warm-up commands, margin for retries).</summary>
    public const int AddReserve = 50;

    public const string Usage = """
        RakorLive benchmark: RakorLive and a plain SignalR baseline, same load, same connections, one report.

          dotnet run -c Release --project bench/RakorLive.Bench -- --scenario NAME [options]

        Scenarios (figures in brackets: full run / --quick):
          steady     M meetings x N attendees watching, W kepala OPD writers adding and editing action points
                     at a fixed rate (open loop) [100x50 = 5,000 connections, 20 writers, 200/s for 60 s / 20x50, 10 writers, 100/s for 10 s]
          one-room   one meeting, W writers; once with its N attendees watching, once with K watchers
                     [50 writers, 50 attendees, 1,000 watchers, 200/s for 30 s each / 50, 50, 200, 100/s for 6 s each]
          growth     command latency around the 10th against around the Nth commitment of one meeting [N 2,000 / 400]
          catch-up   a client misses E events and rejoins with its last seq (hub JoinMeeting, and REST pages) [E 1,000, 20 / 5 times]
          storm      C clients drop, miss events, and reconnect at once with jitter, each with its last seq [C 1,000, 200 missed / 1,000, 100]
          follow-ups N commitments over M meetings and every agency, seeded through the API in a mix of states (progress, awaiting
                     verification, Done, Dropped, carried over); then R readers time GET /api/follow-ups with its common filters,
                     the agency ledger and the scorecards, Q requests each (no baseline: plain SignalR has no follow-up list)
                     [50,000 over 250 meetings, 4 readers, 200 requests / 5,000 over 25, 4, 50]

        Where the servers are:
          --engine sqlite|postgresql   storage of the servers the bench starts (default sqlite)
          --nodes N                    RakorLive servers it starts; more than 1 needs postgresql (default 1)
          --url URL[,URL...]           use running RakorLive servers (demo seed) instead; the baseline is still started here
          --no-baseline                measure RakorLive only (no ratios)

        Sizes (each scenario takes only its own):
          --quick                      a short run of the scenario (within 90 s); the options below still override it
          --meetings M --attendees N   steady: meetings, and watchers in each; one-room: --attendees only; follow-ups: --meetings only
          --watchers K                 one-room, growth: watchers of the meeting
          --writers W                  steady, one-room: writer sessions (kepala OPD accounts in turn)
          --rate R --duration S        steady, one-room: commands per second (paced) and seconds of load; storm: --rate only
          --edits P                    steady, one-room: percent of commands that edit (PATCH) instead of adding
          --warm-up S                  steady, one-room: seconds of the same load, not measured, first [10 / 3; one-room 2 / 1]
          --settle S                   steady, one-room: then at most S more, until the servers' JIT settles [60 / 5; one-room 6 / 2]
          --commitments N --window K   growth: action points to add, and how many at each end are measured; follow-ups: --commitments only
          --readers R --requests Q     follow-ups: concurrent readers, and timed requests per filter
          --no-seed                    follow-ups with --url: time the reads on what the store already holds (seeded by an
                                       earlier run, e.g. before and after a fix on the same data)
          --events E --repeats R       catch-up: events missed, and how many rejoins (and REST catch-ups) are timed
          --page-size P                catch-up: events per REST page (1-1000)
          --clients C --missed E       storm: reconnecting clients, and events each misses while away
          --jitter MS                  storm: reconnects spread uniformly over this many milliseconds
          --drain S                    seconds the watchers get to receive everything after the load (default 30, less with --quick);
                                       follow-ups: seconds the read model gets to catch up after the seeding (default 300 / 60)
          --results DIR                where the Markdown report goes (default bench/results)

        Output: progress on stderr; the report on stdout, its last line one JSON summary; a Markdown copy in --results.
        Exit code: 0 ok, 1 an event lost, duplicated or out of order, a command failed or a client never caught up,
        2 bad options or a failed set-up.
        """;

    public Scenario Scenario { get; init; } = Scenario.Steady;
    public Engine Engine { get; init; } = Engine.Sqlite;
    public int Nodes { get; init; } = 1;
    public IReadOnlyList<Uri> Urls { get; init; } = [];
    public bool Baseline { get; init; } = true;
    public bool Quick { get; init; }
    public bool NoSeed { get; init; }

    public int Meetings { get; init; }
    public int Attendees { get; init; }
    public int Watchers { get; init; }
    public int Writers { get; init; }
    public int Rate { get; init; }
    public TimeSpan Duration { get; init; }
    public int EditPercent { get; init; }

    /// <summary>Steady, one-room: seconds of the same paced load, not measured, before the measured part (JIT tiers, GC sizing, pools).</summary>
    public TimeSpan WarmUp { get; init; }

    /// <summary>Steady, one-room: at most this much more of the warm-up load, until the servers' JIT has settled.</summary>
    public TimeSpan Settle { get; init; }
    public int Commitments { get; init; }
    public int Window { get; init; }
    public int Events { get; init; }
    public int Repeats { get; init; }
    public int PageSize { get; init; }
    public int Clients { get; init; }
    public int Missed { get; init; }
    public int Readers { get; init; }
    public int Requests { get; init; }
    public TimeSpan Jitter { get; init; }
    public TimeSpan Drain { get; init; }
    public string? ResultsDirectory { get; init; }

    /// <summary>The command line as given, for the report.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    public bool StartsOwnServers => Urls.Count == 0;

    /// <summary>
    /// A command not answered within this counts as failed. RakorLive gives up on its storage after 10 s itself;
    /// a quick run waits no longer than that, so it ends in time however slow the server is.
    /// </summary>
    public TimeSpan CommandTimeout => TimeSpan.FromSeconds(Quick ? 10 : 30);

    /// <summary>
    /// Filling a meeting (growth, catch-up) takes as long as the server needs for each command; a quick run stops
    /// filling after this and reports how far it got, so it still ends within its 90 s on a slow or busy machine.
    /// </summary>
    public TimeSpan? FillDeadline => Quick ? TimeSpan.FromSeconds(30) : null;

    public string EngineName => StartsOwnServers ? Engine.ToString().ToLowerInvariant() : "url";

    public string ScenarioName => Name(Scenario);

    public int NodeCount => StartsOwnServers ? Nodes : Urls.Count;

    /// <summary>Catch-up and storm replay from the history: bench-started servers keep enough of it (RakorLive:EventRetention).</summary>
    public int? EventRetention => Scenario switch
    {
        Scenario.CatchUp => Events + 1000,
        Scenario.Storm => Missed + StormLiveEvents + Rate * 60 + 1000,
        _ => null,
    };

    /// <summary>Storm: events the clients receive live before they drop, so each has a last seq of its own.</summary>
    public int StormLiveEvents => Quick ? 10 : 20;

    public static string Name(Scenario scenario) => scenario switch
    {
        Scenario.Steady => "steady",
        Scenario.OneRoom => "one-room",
        Scenario.Growth => "growth",
        Scenario.CatchUp => "catch-up",
        Scenario.Storm => "storm",
        Scenario.FollowUps => "follow-ups",
        _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
    };

    // Which scenario takes which size option: anything else is refused, so a typo never silently measures the defaults.
    private static readonly Dictionary<string, Scenario[]> SizeOptions = new(StringComparer.Ordinal)
    {
        ["--meetings"] = [Scenario.Steady, Scenario.FollowUps],
        ["--attendees"] = [Scenario.Steady, Scenario.OneRoom],
        ["--watchers"] = [Scenario.OneRoom, Scenario.Growth],
        ["--writers"] = [Scenario.Steady, Scenario.OneRoom],
        ["--rate"] = [Scenario.Steady, Scenario.OneRoom, Scenario.Storm],
        ["--duration"] = [Scenario.Steady, Scenario.OneRoom],
        ["--edits"] = [Scenario.Steady, Scenario.OneRoom],
        ["--warm-up"] = [Scenario.Steady, Scenario.OneRoom],
        ["--settle"] = [Scenario.Steady, Scenario.OneRoom],
        ["--commitments"] = [Scenario.Growth, Scenario.FollowUps],
        ["--window"] = [Scenario.Growth],
        ["--events"] = [Scenario.CatchUp],
        ["--repeats"] = [Scenario.CatchUp],
        ["--page-size"] = [Scenario.CatchUp],
        ["--clients"] = [Scenario.Storm],
        ["--missed"] = [Scenario.Storm],
        ["--jitter"] = [Scenario.Storm],
        ["--readers"] = [Scenario.FollowUps],
        ["--requests"] = [Scenario.FollowUps],
    };

    /// <exception cref="ArgumentException">With a message meant for the person at the terminal.</exception>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"Unexpected argument '{arg}'; options start with --.");
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = (equals > 0 ? arg[..equals] : arg).ToLowerInvariant();
            if (name == "--urls") name = "--url";
            if (name is "--quick" or "--no-baseline" or "--no-seed")
            {
                if (equals > 0) throw new ArgumentException($"{name} takes no value.");
                flags.Add(name);
                continue;
            }
            if (!Known(name)) throw new ArgumentException($"Unknown option {name}. See --help.");
            string value;
            if (equals > 0) value = arg[(equals + 1)..];
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) value = args[++i];
            else throw new ArgumentException($"{name} needs a value.");
            if (!given.TryAdd(name, value)) throw new ArgumentException($"{name} is given twice.");
        }

        var scenario = given.TryGetValue("--scenario", out var s) ? ParseScenario(s) : Scenario.Steady;
        foreach (var name in given.Keys)
            if (SizeOptions.TryGetValue(name, out var takers) && !takers.Contains(scenario))
                throw new ArgumentException($"{name} is an option of {string.Join(" and ", takers.Select(Name))}, not of {Name(scenario)}.");

        var quick = flags.Contains("--quick");
        var o = Defaults(scenario, quick) with
        {
            Quick = quick,
            NoSeed = flags.Contains("--no-seed"),
            // Plain SignalR has no follow-up list to compare with.
            Baseline = !flags.Contains("--no-baseline") && scenario != Scenario.FollowUps,
            Arguments = [.. args],
        };
        int Int(string name, int current, int min, int max) =>
            given.TryGetValue(name, out var v) ? ParseInt(name, v, min, max) : current;

        o = o with
        {
            Engine = given.TryGetValue("--engine", out var e) ? ParseEngine(e) : Engine.Sqlite,
            Nodes = Int("--nodes", 1, 1, 9),
            Urls = given.TryGetValue("--url", out var u) ? ParseUrls(u) : [],
            Meetings = Int("--meetings", o.Meetings, 1, 1000),
            Attendees = Int("--attendees", o.Attendees, 1, 1000),
            Watchers = Int("--watchers", o.Watchers, o.Scenario == Scenario.Growth ? 0 : 1, 10_000),
            Writers = Int("--writers", o.Writers, 1, 1000),
            Rate = Int("--rate", o.Rate, o.Scenario == Scenario.Storm ? 0 : 1, 10_000),
            Duration = TimeSpan.FromSeconds(Int("--duration", (int)o.Duration.TotalSeconds, 1, 3600)),
            EditPercent = Int("--edits", o.EditPercent, 0, 100),
            WarmUp = TimeSpan.FromSeconds(Int("--warm-up", (int)o.WarmUp.TotalSeconds, 0, 600)),
            Settle = TimeSpan.FromSeconds(Int("--settle", (int)o.Settle.TotalSeconds, 0, 600)),
            Commitments = Int("--commitments", o.Commitments, 2, o.Scenario == Scenario.FollowUps ? 1_000_000 : Limits.ActionPointsPerMeeting),
            Window = Int("--window", o.Window, 1, 1000),
            Events = Int("--events", o.Events, 1, 10_000),
            Repeats = Int("--repeats", o.Repeats, 1, 1000),
            PageSize = Int("--page-size", o.PageSize, 1, 1000),
            Clients = Int("--clients", o.Clients, 1, 10_000),
            Missed = Int("--missed", o.Missed, 1, 10_000),
            Readers = Int("--readers", o.Readers, 1, 256),
            Requests = Int("--requests", o.Requests, 1, 100_000),
            Jitter = TimeSpan.FromMilliseconds(Int("--jitter", (int)o.Jitter.TotalMilliseconds, 0, 600_000)),
            Drain = TimeSpan.FromSeconds(Int("--drain", (int)o.Drain.TotalSeconds, 1, 3600)),
            ResultsDirectory = given.GetValueOrDefault("--results"),
        };
        Validate(o, given.ContainsKey("--engine") || given.ContainsKey("--nodes"));
        return o;
    }

    private static bool Known(string name) =>
        SizeOptions.ContainsKey(name) || name is "--scenario" or "--engine" or "--nodes" or "--url" or "--drain" or "--results";

    private static BenchOptions Defaults(Scenario scenario, bool quick) => scenario switch
    {
        Scenario.Steady => new BenchOptions
        {
            Scenario = scenario, Meetings = quick ? 20 : 100, Attendees = 50, Writers = quick ? 10 : 20,
            Rate = quick ? 100 : 200, Duration = TimeSpan.FromSeconds(quick ? 10 : 60), EditPercent = 20, Drain = Seconds(quick ? 10 : 30),
            WarmUp = Seconds(quick ? 3 : 10), Settle = Seconds(quick ? 5 : 60),
        },
        Scenario.OneRoom => new BenchOptions
        {
            Scenario = scenario, Writers = 50, Attendees = 50, Watchers = quick ? 200 : 1000,
            Rate = quick ? 100 : 200, Duration = TimeSpan.FromSeconds(quick ? 6 : 30), EditPercent = 75, Drain = Seconds(quick ? 5 : 30),
            WarmUp = Seconds(quick ? 1 : 2), Settle = Seconds(quick ? 2 : 6),
        },
        Scenario.Growth => new BenchOptions
        {
            Scenario = scenario, Commitments = quick ? 400 : Limits.ActionPointsPerMeeting, Window = 20, Watchers = 10, Drain = Seconds(quick ? 10 : 30),
        },
        Scenario.CatchUp => new BenchOptions
        {
            Scenario = scenario, Events = 1000, Repeats = quick ? 5 : 20, PageSize = 200, Drain = Seconds(quick ? 15 : 30),
        },
        Scenario.Storm => new BenchOptions
        {
            Scenario = scenario, Clients = 1000, Missed = quick ? 100 : 200, Rate = 10, Jitter = TimeSpan.FromMilliseconds(quick ? 1000 : 2000),
            Drain = Seconds(quick ? 20 : 60),
        },
        Scenario.FollowUps => new BenchOptions
        {
            Scenario = scenario, Commitments = quick ? 5_000 : 50_000, Meetings = quick ? 25 : 250, Readers = 4, Requests = quick ? 50 : 200,
            Drain = Seconds(quick ? 60 : 300),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
    };

    private static TimeSpan Seconds(int s) => TimeSpan.FromSeconds(s);

    private static void Validate(BenchOptions o, bool serverShapeGiven)
    {
        if (o.Urls.Count > 0 && serverShapeGiven)
            throw new ArgumentException("--engine and --nodes describe servers the bench starts; with --url it uses the running ones as they are.");
        if (o.NoSeed && (o.Scenario != Scenario.FollowUps || o.StartsOwnServers))
            throw new ArgumentException("--no-seed is for follow-ups with --url: a server the bench starts holds nothing to read.");
        if (o.StartsOwnServers && o.Engine == Engine.Sqlite && o.Nodes > 1)
            throw new ArgumentException("SQLite serves one process; use --engine postgresql for more than one node.");
        switch (o.Scenario)
        {
            case Scenario.Steady or Scenario.OneRoom:
                var meetings = o.Scenario == Scenario.Steady ? o.Meetings : 1;
                // The warm-up (and its settling, at the longest) adds to the same meetings as the measured load.
                var commands = (long)o.Rate * (long)(o.Duration.TotalSeconds + o.WarmUp.TotalSeconds + o.Settle.TotalSeconds);
                var addsPerMeeting = commands * (100 - o.EditPercent) / 100 / meetings;
                var room = Limits.ActionPointsPerMeeting - AddReserve;
                if (addsPerMeeting > room)
                    throw new ArgumentException(
                        $"{commands} commands with {o.EditPercent}% edits would add about {addsPerMeeting} action points to each of {meetings} meeting(s); " +
                        $"a meeting holds {Limits.ActionPointsPerMeeting} (the bench keeps {AddReserve} free). Lower --rate, --duration, --warm-up or --settle, raise --edits" +
                        (o.Scenario == Scenario.Steady ? " or --meetings." : "."));
                if (o.EditPercent == 100)
                    throw new ArgumentException("--edits 100 leaves nothing to edit: the writers add the action points they then edit (use at most 99).");
                break;
            case Scenario.Growth:
                if (o.Commitments < 2 * o.Window)
                    throw new ArgumentException($"--commitments ({o.Commitments}) must hold both measured ends: at least twice --window ({o.Window}).");
                break;
            case Scenario.FollowUps:
                var perMeeting = (o.Commitments + o.Meetings - 1) / o.Meetings;
                if (perMeeting > Limits.ActionPointsPerMeeting)
                    throw new ArgumentException($"--commitments {o.Commitments} over --meetings {o.Meetings} is {perMeeting} per meeting; a meeting holds {Limits.ActionPointsPerMeeting}. Raise --meetings.");
                if (o.Commitments < o.Meetings)
                    throw new ArgumentException($"--commitments ({o.Commitments}) must be at least --meetings ({o.Meetings}): every meeting makes commitments.");
                break;
            case Scenario.Storm:
                if (o.Missed + o.StormLiveEvents > Limits.ActionPointsPerMeeting - AddReserve)
                    throw new ArgumentException($"--missed {o.Missed} would go past the {Limits.ActionPointsPerMeeting} action points a meeting holds.");
                break;
        }
    }

    private static Scenario ParseScenario(string value) => value.ToLowerInvariant() switch
    {
        "steady" => Scenario.Steady,
        "one-room" or "oneroom" => Scenario.OneRoom,
        "growth" => Scenario.Growth,
        "catch-up" or "catchup" => Scenario.CatchUp,
        "storm" => Scenario.Storm,
        "follow-ups" or "followups" => Scenario.FollowUps,
        _ => throw new ArgumentException($"--scenario is one of steady, one-room, growth, catch-up, storm, follow-ups; not '{value}'."),
    };

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

    /// <summary>Latencies are measured on the bench's own clock at both ends, so a server elsewhere is fine.</summary>
    private static IReadOnlyList<Uri> ParseUrls(string value)
    {
        var urls = new List<Uri>();
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(part, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                throw new ArgumentException($"--url '{part}' is not an http(s) URL.");
            urls.Add(url);
        }
        return urls.Count > 0 ? urls : throw new ArgumentException("--url needs at least one URL.");
    }
}
