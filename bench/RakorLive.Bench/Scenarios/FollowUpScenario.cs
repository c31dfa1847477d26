using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using RakorLive.Bench.Measuring;
using RakorLive.Bench.Reporting;
using RakorLive.Bench.Systems;

namespace RakorLive.Bench.Scenarios;

/// <summary>One read route with one filter, timed over its requests.</summary>
public sealed record FilterResult(string Name, string Example, LatencySummary Latency, int Failures, long? Matching, double MeanBytes, string? Error, bool IsList);

public sealed record FollowUpResult(
    int Meetings,
    int Commitments,
    int Agencies,
    IReadOnlyDictionary<string, int> States,
    int CarriedOver,
    int Acknowledged,
    int Failed,
    int Retried,
    IReadOnlyList<string> Errors,
    double SeedSeconds,
    bool CaughtUp,
    double CatchUpSeconds,
    string CatchUpDetail,
    IReadOnlyList<FilterResult> Filters,
    LatencySummary AllLists,
    IReadOnlyList<ProcessResources> SeedResources,
    IReadOnlyList<ProcessResources> ReadResources,
    string? AgencyNote,
    string LoadAverage)
{
    public double CommandsPerSecond => SeedSeconds > 0 ? Acknowledged / SeedSeconds : 0;
}

/// <summary>
/// follow-ups: does the follow-up list answer fast at a province's scale? N commitments over M meetings and every
/// agency are made through the API, the way a year of rakor makes them: meetings in series of five a month or so
/// apart, each carrying over what the one before left unfinished; due dates from the past into the coming months;
/// progress on a share, some awaiting verification, some verified Done, some returned, some Dropped. Once the read
/// model has caught up (the outbox projects after the reply), R readers time each common filter Q times.
/// </summary>
public sealed class FollowUpScenario(BenchOptions options, TextWriter progress) : ScenarioBase<FollowUpResult>(options, progress)
{
    public const double TargetP95Ms = 50;

    /// <summary>Meetings per series: each carries over the unfinished commitments of the one before (carriedCount up to 4).</summary>
    private const int SeriesLength = 5;

    /// <summary>Series seeded at once (different meetings, so the storage's group commit has company), and commands in flight per meeting.</summary>
    private const int SeriesConcurrency = 8;
    private const int CommandsPerMeeting = 4;

    private const int WarmUpRequests = 5;

    private static readonly string[] Topics =
    [
        "percepatan penurunan stunting", "perbaikan jalan kabupaten", "pengendalian inflasi daerah", "pengelolaan sampah pasar",
        "peningkatan pendapatan asli daerah", "penanganan banjir", "digitalisasi layanan perizinan", "vaksinasi anak sekolah",
        "revitalisasi pasar tradisional", "penyaluran bantuan sosial", "penataan pedagang kaki lima", "air bersih desa",
    ];

    public override async Task<FollowUpResult> RunAsync(ILiveSystem system, CancellationToken cancellationToken)
    {
        if (system is not RakorLiveSystem rakorLive) throw new InvalidOperationException("follow-ups measures RakorLive only: plain SignalR has no follow-up list.");
        var api = await FollowUpApi.ConnectAsync(rakorLive, cancellationToken);
        var before = await StatusTotalsAsync(api, cancellationToken);
        Progress.WriteLine($"  {api.Agencies.Count} agencies with a kepala OPD account; the store already holds {before.Values.Sum()} commitments");

        if (Options.NoSeed) return await ReadOnlyAsync(api, system, before, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow,
            TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta")).Date), cancellationToken);

        // ---------- seeding ----------
        var seedMonitor = ScenarioRunner.Monitor(system);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta")).Date);
        var series = (Options.Meetings + SeriesLength - 1) / SeriesLength;
        var meetingIds = new string[Options.Meetings];
        var statuses = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var carried = 0;
        var made = 0;
        var seedStart = Clock.Now;
        using var ticker = new Timer(_ => Progress.WriteLine(
            $"  seeding: {Volatile.Read(ref made)} of {Options.Commitments} commitments, {api.Acknowledged} commands acknowledged " +
            $"({api.Acknowledged / Math.Max(Clock.MsSince(seedStart) / 1000, 0.001):0}/s), {api.Failed} failed"), null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        await Parallel.ForEachAsync(Enumerable.Range(0, series), new ParallelOptions { MaxDegreeOfParallelism = SeriesConcurrency, CancellationToken = cancellationToken },
            async (s, ct) =>
            {
                string? previous = null;
                for (var j = 0; j < SeriesLength; j++)
                {
                    var index = s * SeriesLength + j;
                    if (index >= Options.Meetings) break;
                    try
                    {
                        var (id, carriedIn) = await SeedMeetingAsync(api, index, s, j, previous, today, statuses, () => Interlocked.Increment(ref made), ct);
                        meetingIds[index] = id;
                        Interlocked.Add(ref carried, carriedIn);
                        previous = id;
                    }
                    catch (CommandFailedException)
                    {
                        // Counted by the API; the series goes on with a meeting that carries nothing over.
                        previous = null;
                    }
                }
            });
        await ticker.DisposeAsync();
        var seedSeconds = Clock.MsSince(seedStart) / 1000;
        var seedResources = await seedMonitor.StopAsync();
        Progress.WriteLine($"  seeded {statuses.Count} commitments in {seedSeconds:0.0} s: {api.Acknowledged} commands ({api.Acknowledged / seedSeconds:0.0}/s), " +
                           $"{api.Failed} failed, {api.Retried} retried; {carried} carried over");

        // ---------- the read model catches up ----------
        var expected = Enum.GetNames<RakorLive.Model.ActionPointStatus>().ToDictionary(n => n,
            n => before.GetValueOrDefault(n) + statuses.Values.Count(v => v == n), StringComparer.Ordinal);
        var waitStart = Clock.Now;
        var deadline = waitStart + Clock.TicksOf(Options.Drain);
        Dictionary<string, int> seen;
        while (true)
        {
            seen = await StatusTotalsAsync(api, cancellationToken);
            if (expected.All(e => seen.GetValueOrDefault(e.Key) == e.Value) || Clock.Now > deadline) break;
            await Task.Delay(250, cancellationToken);
        }
        var caughtUp = expected.All(e => seen.GetValueOrDefault(e.Key) == e.Value);
        var catchUp = Clock.MsSince(waitStart) / 1000;
        var detail = string.Join(", ", expected.Select(e => $"{e.Key} {seen.GetValueOrDefault(e.Key)}/{e.Value}"));
        Progress.WriteLine($"  read model {(caughtUp ? "caught up" : "NOT caught up")} {catchUp:0.0} s after the seeding: {detail}");

        var (results, readResources, load) = await ReadsAsync(api, system, [.. meetingIds.Where(m => m is not null)], today, cancellationToken);
        return new FollowUpResult(Options.Meetings, statuses.Count, api.Agencies.Count,
            statuses.Values.GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal), carried,
            api.Acknowledged, api.Failed, api.Retried, api.Errors, seedSeconds, caughtUp, catchUp, detail, results, LatencySummary.Of(_listSamples),
            seedResources, readResources, api.Note, load);
    }

    /// <summary>--no-seed: the store's commitments as they are (an earlier run's), read the same way.</summary>
    private async Task<FollowUpResult> ReadOnlyAsync(FollowUpApi api, ILiveSystem system, Dictionary<string, int> totals, DateOnly today, CancellationToken cancellationToken)
    {
        using var listed = await Http.SendAsync(api.Client, Http.Request(HttpMethod.Get, api.Node, "api/meetings", api.Secretariat), cancellationToken);
        using var meetings = await JsonDocument.ParseAsync(await listed.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        var ids = meetings.RootElement.EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToList();
        // The meetingId filter reads meetings that made commitments, as after a seeding; an agenda-only meeting would time an empty answer.
        var withCommitments = new List<string>();
        foreach (var id in ids)
            if (await api.MeetingTotalAsync(id, cancellationToken) > 0) withCommitments.Add(id);
        var (results, readResources, load) = await ReadsAsync(api, system, withCommitments.Count > 0 ? withCommitments : ids, today, cancellationToken);
        return new FollowUpResult(ids.Count, totals.Values.Sum(), api.Agencies.Count, totals, 0, 0, 0, 0, [], 0, true, 0,
            "not seeded by this run (--no-seed): " + string.Join(", ", totals.Select(t => $"{t.Key} {t.Value}")), results, LatencySummary.Of(_listSamples),
            [], readResources, api.Note, load);
    }

    private async Task<(List<FilterResult>, IReadOnlyList<ProcessResources>, string)> ReadsAsync(FollowUpApi api, ILiveSystem system, IReadOnlyList<string> meetingIds,
        DateOnly today, CancellationToken cancellationToken)
    {
        var load = File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
        var readMonitor = ScenarioRunner.Monitor(system);
        var results = new List<FilterResult>();
        foreach (var filter in Filters(api.Agencies, meetingIds, today))
        {
            var result = await MeasureAsync(api, filter, cancellationToken);
            results.Add(result);
            Progress.WriteLine($"  {filter.Name,-58} p50 {result.Latency.P50,7:0.0} p95 {result.Latency.P95,7:0.0} p99 {result.Latency.P99,7:0.0} ms" +
                               (result.Failures > 0 ? $", {result.Failures} failed" : ""));
        }
        return (results, await readMonitor.StopAsync(), load);
    }

    // Every follow-up list request of every filter, for the summary's overall percentiles.
    private readonly ConcurrentBag<double> _listSamples = [];

    /// <summary>
    /// One meeting of a series: created (carrying over the last one's unfinished commitments), one agenda item,
    /// started, its commitments captured, then a year's worth of follow-up on them, and closed.
    /// </summary>
    private async Task<(string Id, int Carried)> SeedMeetingAsync(FollowUpApi api, int index, int series, int position, string? previous, DateOnly today,
        ConcurrentDictionary<string, string> statuses, Action made, CancellationToken cancellationToken)
    {
        // Series start 190 days back, a rakor every 40 days or so: the last ones are this month's.
        var date = today.AddDays(-190 + position * 40 + series * 7 % 35);
        var start = new DateTimeOffset(date.Year, date.Month, date.Day, 9, 0, 0, TimeSpan.FromHours(7));
        var topic = Topics[series % Topics.Length];
        var (meetingId, carried) = await api.CreateMeetingAsync($"Rakor {topic} ke-{position + 1} (seri {series + 1})", start, previous, cancellationToken);
        var agendaItem = await api.AddAgendaItemAsync(meetingId, $"Evaluasi {topic}", api.Agencies[index % api.Agencies.Count], cancellationToken);
        await api.MoveAsync(meetingId, "start", cancellationToken);

        var count = Options.Commitments / Options.Meetings + (index < Options.Commitments % Options.Meetings ? 1 : 0);
        var agencies = api.Agencies;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = CommandsPerMeeting, CancellationToken = cancellationToken },
            async (k, ct) =>
            {
                var h = Hash(index, k);
                var owner = agencies[(int)(h % (uint)agencies.Count)];
                var supporting = ((h >> 8) % 10) switch
                {
                    < 3 => new[] { agencies[(int)((h >> 12) % (uint)agencies.Count)] },
                    3 => new[] { agencies[(int)((h >> 12) % (uint)agencies.Count)], agencies[(int)((h >> 18) % (uint)agencies.Count)] },
                    _ => Array.Empty<string>(),
                };
                supporting = [.. supporting.Where(o => o != owner).Distinct()];
                var due = date.AddDays(7 + (int)((h >> 4) % 114));
                var description = $"{owner}: {Topics[(int)((h >> 20) % (uint)Topics.Length)]}, langkah {k + 1} rapat {index + 1}";
                try
                {
                    var (id, version) = await api.AddCommitmentAsync(meetingId, agendaItem, owner, supporting, description, due, ct);
                    made();
                    statuses[id] = "Open";
                    await FollowUpAsync(api, id, version, owner, (int)((h >> 24) % 100), statuses, ct);
                }
                catch (CommandFailedException)
                {
                    // Counted by the API; the commitment keeps the last state the server acknowledged.
                }
            });
        await api.MoveAsync(meetingId, "close", cancellationToken);
        return (meetingId, carried);
    }

    /// <summary>The mix of states: 40% untouched, 25% in progress, 10% awaiting verification, 14% Done, 3% returned, 8% Dropped.</summary>
    private static async Task FollowUpAsync(FollowUpApi api, string id, int version, string owner, int draw, ConcurrentDictionary<string, string> statuses,
        CancellationToken cancellationToken)
    {
        switch (draw)
        {
            case < 40:
                return;
            case < 65:
                await api.ReportProgressAsync(id, owner, 10 + draw % 8 * 10, cancellationToken);
                statuses[id] = "InProgress";
                return;
            case < 92:
                await api.ReportProgressAsync(id, owner, 100, cancellationToken);
                statuses[id] = "AwaitingVerification";
                if (draw < 75) return;
                var accepted = draw < 89;
                await api.VerifyAsync(id, accepted, cancellationToken);
                statuses[id] = accepted ? "Done" : "InProgress";
                return;
            default:
                await api.DropAsync(id, version, cancellationToken);
                statuses[id] = "Dropped";
                return;
        }
    }

    private static uint Hash(int meeting, int k)
    {
        var x = (uint)(meeting * 7919 + k) * 2654435761u;
        x ^= x >> 15;
        x *= 2246822519u;
        x ^= x >> 13;
        return x;
    }

    private static async Task<Dictionary<string, int>> StatusTotalsAsync(FollowUpApi api, CancellationToken cancellationToken)
    {
        var totals = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var status in Enum.GetNames<RakorLive.Model.ActionPointStatus>())
        {
            using var response = await Http.SendAsync(api.Client, Http.Request(HttpMethod.Get, api.Node, $"api/follow-ups?status={status}&pageSize=1", api.Secretariat), cancellationToken);
            using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            totals[status] = body.RootElement.GetProperty("total").GetInt32();
        }
        return totals;
    }

    private sealed record Filter(string Name, Func<int, string> Path, bool English = false, bool IsList = true);

    /// <summary>The filters the secretariat's page, the agencies and the chair use; request k varies the agency, meeting or word.</summary>
    private static IReadOnlyList<Filter> Filters(IReadOnlyList<string> agencies, IReadOnlyList<string> meetings, DateOnly today)
    {
        // k is negative for the untimed warm-up requests.
        string Opd(int k) => agencies[Math.Abs(k * 7) % agencies.Count];
        string Meeting(int k) => meetings[Math.Abs(k * 13) % meetings.Count];
        string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string[] words = ["stunting", "jalan", "inflasi", "sampah", "banjir", "perizinan", "pasar", "bantuan"];
        return
        [
            new("all, page 1 (urgency order)", _ => "api/follow-ups"),
            new("all, page 1, Accept-Language: en", _ => "api/follow-ups", English: true),
            new("all, page 50", _ => "api/follow-ups?page=50"),
            new("all, page 1 of 200", _ => "api/follow-ups?pageSize=200"),
            new("opd (lead or support)", k => $"api/follow-ups?opd={Opd(k)}"),
            new("opd, page 2", k => $"api/follow-ups?opd={Opd(k)}&page=2"),
            new("status=AwaitingVerification (verification queue)", _ => "api/follow-ups?status=AwaitingVerification"),
            new("status=Open,InProgress", _ => "api/follow-ups?status=Open,InProgress"),
            new("status=Done, page 5", _ => "api/follow-ups?status=Done&page=5"),
            new("overdue=true", _ => "api/follow-ups?overdue=true"),
            new("overdue=true & opd", k => $"api/follow-ups?overdue=true&opd={Opd(k)}"),
            new("overdue=false & status=InProgress", _ => "api/follow-ups?overdue=false&status=InProgress"),
            new("dueBefore=today+7 (due within a week)", _ => $"api/follow-ups?dueBefore={Day(today.AddDays(7))}"),
            new("dueBefore & status=Open,InProgress & opd", k => $"api/follow-ups?dueBefore={Day(today.AddDays(30))}&status=Open,InProgress&opd={Opd(k)}"),
            new("meetingId", k => $"api/follow-ups?meetingId={Meeting(k)}"),
            new("q (search text)", k => $"api/follow-ups?q={words[Math.Abs(k) % words.Length]}"),
            new("q & opd", k => $"api/follow-ups?q={words[Math.Abs(k) % words.Length]}&opd={Opd(k)}"),
            new("GET /api/opds/{code}/action-points (whole ledger)", k => $"api/opds/{Opd(k)}/action-points", IsList: false),
            new("GET /api/scorecards", _ => "api/scorecards", IsList: false),
            new("GET /api/scorecards?from&to (last 90 days)", _ => $"api/scorecards?from={Day(today.AddDays(-90))}&to={Day(today)}", IsList: false),
            new("GET /api/opds/{code}/scorecard", k => $"api/opds/{Opd(k)}/scorecard", IsList: false),
        ];
    }

    private async Task<FilterResult> MeasureAsync(FollowUpApi api, Filter filter, CancellationToken cancellationToken)
    {
        var samples = new ConcurrentBag<double>();
        var failures = 0;
        long bytes = 0;
        long? matching = null;
        string? error = null;
        var next = -WarmUpRequests - 1;
        async Task<bool> One(int k, bool timed)
        {
            var request = Http.Request(HttpMethod.Get, api.Node, filter.Path(k), api.Secretariat);
            if (filter.English) request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
            var start = Clock.Now;
            try
            {
                using var response = await Http.SendAsync(api.Client, request, cancellationToken);
                var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                var ms = Clock.MsSince(start);
                if (!timed) return true;
                samples.Add(ms);
                if (filter.IsList) _listSamples.Add(ms);
                Interlocked.Add(ref bytes, body.Length);
                if (filter.IsList && matching is null)
                {
                    using var document = JsonDocument.Parse(body);
                    matching = document.RootElement.GetProperty("total").GetInt32();
                }
                return true;
            }
            catch (CommandFailedException e)
            {
                if (timed) Interlocked.Increment(ref failures);
                error ??= e.Message;
                return false;
            }
        }
        var readers = Enumerable.Range(0, Options.Readers).Select(async _ =>
        {
            while (true)
            {
                var k = Interlocked.Increment(ref next);
                if (k >= Options.Requests) return;
                await One(k, timed: k >= 0);
            }
        });
        await Task.WhenAll(readers);
        return new FilterResult(filter.Name, filter.Path(0), LatencySummary.Of(samples), failures, matching,
            samples.IsEmpty ? 0 : (double)bytes / samples.Count, error, filter.IsList);
    }

    public override void Build(ScenarioReport report, FollowUpResult rl, FollowUpResult? bl)
    {
        var o = Options;
        report.Connections = o.Readers;
        report.Load.Add(("seeding", $"{rl.Commitments} commitments over {rl.Meetings} meetings (series of {SeriesLength}, each carrying over the unfinished ones of the one before) " +
                                    $"and {rl.Agencies} agencies, through the API: {SeriesConcurrency} series at once, {CommandsPerMeeting} commands in flight per meeting"));
        report.Load.Add(("states", string.Join(", ", rl.States.OrderByDescending(s => s.Value).Select(s => $"{s.Key} {s.Value}")) +
                                   (o.NoSeed ? "" : $"; {rl.CarriedOver} carried over into a later meeting")));
        report.Load.Add(("reads", $"{o.Readers} concurrent readers (secretariat token), {o.Requests} timed requests per filter after {WarmUpRequests} untimed; " +
                                  "request k varies the agency, meeting or search word"));
        report.Load.Add(("baseline", "none: plain SignalR has no follow-up list, so this scenario has no ratio"));
        if (o.NoSeed) report.Load.Add(("store", rl.CatchUpDetail));
        report.Add("seeding: acknowledged commands/s", "", o.NoSeed ? null : rl.CommandsPerSecond, null);
        report.Add("seeding: commitments/s", "", rl.SeedSeconds > 0 ? rl.Commitments / rl.SeedSeconds : null, null);
        report.Add("seeding: duration", "s", rl.SeedSeconds, null);
        report.Add("read model caught up after the seeding", "s", rl.CatchUpSeconds, null);
        report.Add("GET /api/follow-ups, all filters: p50", "ms", rl.AllLists.P50OrNull, null);
        report.Add("GET /api/follow-ups, all filters: p95", "ms", rl.AllLists.Count > 0 ? rl.AllLists.P95 : null, null);
        report.Add("GET /api/follow-ups, all filters: p99", "ms", rl.AllLists.P99OrNull, null);
        report.Add("server max RSS (reads)", "MiB", ScenarioRunner.ServerRssMiB(rl.ReadResources), null);
        // The target is the follow-up list's (GET /api/follow-ups, each filter); the ledger and the scorecards are timed beside it.
        static IReadOnlyList<string> Row(FilterResult f) =>
        [
            f.Name, f.Matching?.ToString(CultureInfo.InvariantCulture) ?? "-", (f.MeanBytes / 1024).ToString("0.0", CultureInfo.InvariantCulture),
            Ms(f.Latency.P50), Ms(f.Latency.P95), Ms(f.Latency.P99), Ms(f.Latency.Max),
            f.Latency.Count == 0 ? "-" : f.Latency.P95 <= TargetP95Ms ? "yes" : "**no**",
        ];
        report.Tables.Add(new Table($"The follow-up list, GET /api/follow-ups: read latency (ms), {o.Requests} requests per filter, {o.Readers} concurrent readers, target p95 ≤ {TargetP95Ms:0} ms",
            ["filter", "matching", "KiB", "p50", "p95", "p99", "max", "p95 ≤ 50 ms"], [.. rl.Filters.Where(f => f.IsList).Select(Row)]));
        report.Tables.Add(new Table($"Beside the list (not the list's target): read latency (ms), {o.Requests} requests per route, {o.Readers} concurrent readers",
            ["route", "matching", "KiB", "p50", "p95", "p99", "max", "p95 ≤ 50 ms"], [.. rl.Filters.Where(f => !f.IsList).Select(Row)]));
        report.RakorLiveResources.AddRange(rl.ReadResources);
        report.Check("seeding", rl.Failed == 0,
            $"{rl.Acknowledged} commands acknowledged, {rl.Failed} failed, {rl.Retried} retried with the same commandId" +
            (rl.Errors.Count > 0 ? "; " + string.Join(" | ", rl.Errors.Take(3)) : ""));
        report.Check("read model caught up", rl.CaughtUp, $"per-status totals of GET /api/follow-ups against what the bench made: {rl.CatchUpDetail}");
        var failedReads = rl.Filters.Where(f => f.Failures > 0).ToList();
        report.Check("reads", failedReads.Count == 0, failedReads.Count == 0
            ? $"{rl.Filters.Sum(f => f.Latency.Count)} requests answered"
            : string.Join(" | ", failedReads.Select(f => $"{f.Name}: {f.Failures} failed ({f.Error})")));
        var lists = rl.Filters.Where(f => f.IsList).ToList();
        var beside = rl.Filters.Where(f => !f.IsList).ToList();
        var missed = lists.Where(f => f.Latency.Count > 0 && f.Latency.P95 > TargetP95Ms).ToList();
        var slowBeside = beside.Where(f => f.Latency.Count > 0 && f.Latency.P95 > TargetP95Ms).ToList();
        report.Notes.Add(missed.Count == 0
            ? $"the follow-up list: each of its {lists.Count} filters is within the target p95 ≤ {TargetP95Ms:0} ms"
            : $"the follow-up list: {missed.Count} of its {lists.Count} filters miss the target p95 ≤ {TargetP95Ms:0} ms: {string.Join(", ", missed.Select(f => $"{f.Name} ({f.Latency.P95:0.0} ms)"))}");
        report.Notes.Add(slowBeside.Count == 0
            ? $"beside the list: each of the {beside.Count} routes answers within p95 ≤ {TargetP95Ms:0} ms too"
            : $"beside the list: {slowBeside.Count} of {beside.Count} routes take longer than p95 {TargetP95Ms:0} ms: " +
              string.Join(", ", slowBeside.Select(f => $"{f.Name} ({f.Latency.P95:0.0} ms, {f.MeanBytes / (1024 * 1024):0.0} MiB per answer)")));
        report.Notes.Add($"load average (1, 5, 15 min) when the reads began: {rl.LoadAverage} on {Environment.ProcessorCount} cores");
        foreach (var others in rl.SeedResources.Where(r => r.Name.StartsWith(ResourceMonitor.OtherProcesses, StringComparison.Ordinal) && r.Cores > 0.25))
            report.Notes.Add($"during the seeding other processes kept {others.Cores:0.00} of the {Environment.ProcessorCount} cores busy: the seeding rate is disturbed");
        if (rl.AgencyNote is not null) report.Notes.Add(rl.AgencyNote);
        if (rl.Commitments < o.Commitments) report.Notes.Add($"{rl.Commitments} of the {o.Commitments} commitments were made (see the seeding check)");
        var worst = lists.Where(f => f.Latency.Count > 0).MaxBy(f => f.Latency.P95);
        report.Summary = new Summary
        {
            Latency = "GET /api/follow-ups over all its filters (p50, p95, p99); commandsPerSecond is the seeding rate through the API",
            CommandsPerSecond = o.NoSeed ? null : rl.CommandsPerSecond,
            P50Ms = rl.AllLists.P50OrNull,
            P99Ms = rl.AllLists.P99OrNull,
            ServerRssMb = ScenarioRunner.ServerRssMiB(rl.ReadResources),
            Extra = new Dictionary<string, object?>
            {
                ["p95Ms"] = rl.AllLists.Count > 0 ? rl.AllLists.P95 : null,
                ["targetP95Ms"] = TargetP95Ms,
                ["filtersWithinTarget"] = $"{lists.Count - missed.Count}/{lists.Count}",
                ["besideWithin50Ms"] = $"{beside.Count - slowBeside.Count}/{beside.Count}",
                ["worstFilter"] = worst?.Name,
                ["worstP95Ms"] = worst?.Latency.P95,
                ["commitments"] = rl.Commitments,
                ["meetings"] = rl.Meetings,
                ["agencies"] = rl.Agencies,
                ["readers"] = o.Readers,
                ["requests"] = o.Requests,
                ["seedSeconds"] = rl.SeedSeconds,
                ["catchUpSeconds"] = rl.CatchUpSeconds,
                ["p95ByFilter"] = rl.Filters.ToDictionary(f => f.Name, f => f.Latency.Count > 0 ? Math.Round(f.Latency.P95, 2) : (double?)null),
            },
        };
    }

    private static string Ms(double value) => value.ToString(value >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture);
}
