using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using RakorLive.Client;
using RakorLive.Events;
using RakorLive.Json;
using RakorLive.Model;
using Xunit.Abstractions;

namespace RakorLive.IntegrationTests.Infrastructure;

/// <summary>
/// After a crash under <see cref="CommandLoad"/>: is every acknowledged command there exactly once, and has every
/// side effect been done? Exactly once means: the meeting's events are gap-free; the event at the seq each command
/// was acknowledged with is that command's (its type, its entity, its version); no event of the load is claimed by
/// no command (each command makes one event, so an unclaimed one is a command done twice); and the final snapshot
/// holds each entity once, every commitment at the last acknowledged version. Drained means: the follow-up list,
/// each agency's ledger and the journal's outbox position (read in the database) all agree with the meeting.
/// </summary>
public sealed record LoadAudit(int Acknowledged, int FoundOnce, int Lost, int Duplicated, int Retried, bool OutboxDrained, TimeSpan DrainTime,
    long FinalSeq, string Requests, IReadOnlyList<string> Problems)
{
    public string Figures =>
        $"acknowledged {Acknowledged}, found exactly once {FoundOnce}, lost {Lost}, duplicated {Duplicated} " +
        $"(retried {Retried}); outbox drained {(OutboxDrained ? "yes" : "NO")} {DrainTime.TotalSeconds:F1} s after the last acknowledgement; final seq {FinalSeq}";

    public void AssertClean(ITestOutputHelper output, string scenario)
    {
        output.WriteLine($"{scenario}: {Figures}");
        output.WriteLine($"  requests: {Requests}");
        foreach (var problem in Problems.Take(20)) output.WriteLine("  " + problem);
        Assert.True(Acknowledged > 0, "nothing was acknowledged");
        Assert.Empty(Problems);
        Assert.Equal((Acknowledged, 0, 0), (FoundOnce, Lost, Duplicated));
        Assert.True(OutboxDrained, "the outbox did not drain");
    }

    /// <param name="reader">A signed-in client (Secretariat) on a running node.</param>
    /// <param name="loadFrom">The meeting's seq before the load began: every event after it belongs to a command of the load.</param>
    public static async Task<LoadAudit> CheckAsync(CommandLoad load, RakorLiveClient reader, Store store, string meetingId, long loadFrom,
        TimeSpan? drainLimit = null)
    {
        var problems = new List<string>();
        var acks = load.Acknowledgements;
        problems.AddRange(load.Failures.Select(f => "command failed: " + f));
        var final = await reader.GetMeetingAsync(meetingId);
        var events = await AllEvents(reader, meetingId, final.Seq);
        var seqs = events.Select(e => e.Seq).ToList();
        if (!seqs.SequenceEqual(Live.EventAssert.LongRange(1, final.Seq)))
            problems.Add($"the events are not gap-free: {seqs.Count} events for seq 1..{final.Seq}");
        var bySeq = events.GroupBy(e => e.Seq).ToDictionary(g => g.Key, g => g.First());

        var apVersions = final.ActionPoints.GroupBy(a => a.Id).ToDictionary(g => g.Key, g => g.Count());
        var attendees = final.Attendance.GroupBy(a => a.Name).ToDictionary(g => g.Key, g => g.Count());
        var agenda = final.Agenda.GroupBy(a => a.Id).ToDictionary(g => g.Key, g => g.Count());
        var claimed = new HashSet<long>();
        var foundOnce = 0;
        foreach (var ack in acks)
        {
            var expected = CommandLoad.Expected(ack);
            var atSeq = bySeq.TryGetValue(ack.Seq, out var e) ? CommandLoad.Found(e) : default;
            var inSnapshot = ack.Kind switch
            {
                CommandLoad.Kind.CheckIn => attendees.GetValueOrDefault(ack.EntityId) == 1,
                CommandLoad.Kind.AddAgendaItem => agenda.GetValueOrDefault(ack.EntityId) == 1,
                _ => apVersions.GetValueOrDefault(ack.EntityId) == 1,
            };
            if (atSeq == expected && inSnapshot && claimed.Add(ack.Seq)) foundOnce++;
            else problems.Add($"{ack.Kind} {ack.CommandId} (seq {ack.Seq}, {expected.Entity} v{expected.Version}) not found once: event there {atSeq}, in the snapshot {inSnapshot}");
        }
        var unclaimed = events.Where(e => e.Seq > loadFrom && !claimed.Contains(e.Seq)).ToList();
        var duplicateEntities = apVersions.Values.Concat(attendees.Values).Concat(agenda.Values).Sum(n => n - 1);
        foreach (var e in unclaimed.Take(10)) problems.Add($"event {e.Seq} {e.Type} {CommandLoad.Found(e)} belongs to no acknowledged command");
        if (duplicateEntities > 0) problems.Add($"{duplicateEntities} entities are in the snapshot more than once");
        foreach (var (id, last) in acks.Where(a => a.Kind is CommandLoad.Kind.AddActionPoint or CommandLoad.Kind.EditActionPoint)
                     .GroupBy(a => a.EntityId).Select(g => (g.Key, g.Max(a => a.Version))))
        {
            var version = final.ActionPoints.FirstOrDefault(a => a.Id == id)?.Version;
            if (version != last) problems.Add($"commitment {id} is at version {version}, its last acknowledged edit made version {last}");
        }

        var (drained, drainTime) = await WaitForDrain(reader, store, meetingId, final, load.LastAcknowledgedAt ?? DateTime.UtcNow, drainLimit ?? TimeSpan.FromSeconds(60));
        return new LoadAudit(acks.Count, foundOnce, acks.Count - foundOnce, unclaimed.Count + duplicateEntities, acks.Count(a => a.Attempts > 1),
            drained, drainTime, final.Seq, load.AttemptSummary, problems);
    }

    private static async Task<List<MeetingEvent>> AllEvents(RakorLiveClient reader, string meetingId, long upTo)
    {
        var events = new List<MeetingEvent>();
        var after = 0L;
        while (after < upTo)
        {
            var page = await reader.GetEventsAsync(meetingId, after, limit: 1000);
            if (page.Events.Count == 0) break;
            events.AddRange(page.Events);
            after = page.Events[^1].Seq;
        }
        return events;
    }

    /// <summary>
    /// Waits until the read models and the journal's outbox position agree with the meeting. There is no push for
    /// them (the outbox runs after the reply), so this reads them until they agree, within <paramref name="limit"/>.
    /// </summary>
    private static async Task<(bool, TimeSpan)> WaitForDrain(RakorLiveClient reader, Store store, string meetingId, MeetingSnapshot meeting,
        DateTime lastAcknowledged, TimeSpan limit)
    {
        using var http = new HttpClient { BaseAddress = reader.CurrentNode, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", reader.AccessToken);
        var want = meeting.ActionPoints.Select(Key).Order(StringComparer.Ordinal).ToList();
        var opds = meeting.ActionPoints.SelectMany(a => a.SupportingOpds.Append(a.OwnerOpd)).Distinct().ToList();
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (await Drained()) return (true, DateTime.UtcNow - lastAcknowledged);
            if (watch.Elapsed > limit) return (false, DateTime.UtcNow - lastAcknowledged);
            await Task.Delay(100);
        }

        async Task<bool> Drained()
        {
            var (outbox, last) = await store.OutboxAsync(meetingId);
            if (outbox < last) return false;
            var followUps = new List<string>();
            for (var page = 1; ; page++)
            {
                var answer = await http.GetFromJsonAsync<FollowUpPage>($"/api/follow-ups?meetingId={meetingId}&page={page}&pageSize=200", RakorLiveJson.Options);
                followUps.AddRange(answer!.Items.Select(i => $"{i.Id} v{i.Version} {i.Status} {i.Target}"));
                if (page * answer.PageSize >= answer.Total) break;
            }
            if (!followUps.Order(StringComparer.Ordinal).SequenceEqual(want)) return false;
            foreach (var opd in opds)
            {
                var ledger = (await reader.GetOpdActionPointsAsync(opd)).Where(a => a.MeetingId == meetingId).Select(Key).Order(StringComparer.Ordinal);
                var expected = meeting.ActionPoints.Where(a => a.OwnerOpd == opd || a.SupportingOpds.Contains(opd)).Select(Key).Order(StringComparer.Ordinal);
                if (!ledger.SequenceEqual(expected)) return false;
            }
            return true;
        }
    }

    private static string Key(ActionPoint a) => $"{a.Id} v{a.Version} {a.Status} {a.Target}";
}
