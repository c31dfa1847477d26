using RakorLive.Events;
using RakorLive.Model;

namespace RakorLive.Grains.Meetings;

/// <summary>
/// The rules of a meeting's catch-up: <c>seq</c> grows by one per event and never repeats within an <c>epoch</c>;
/// a reader within the last <c>retention</c> events gets the events it missed (the newest <see cref="Window"/> from
/// memory, older ones from the journal); a reader whose position is older than that, ahead of the log, or from
/// another epoch gets a snapshot instead.
/// </summary>
public sealed class MeetingEventLog(int retention, int window = 1000)
{
    /// <summary>How many confirmed events stay in memory: reconnecting screens are answered without a database read.</summary>
    public int Window { get; } = Math.Clamp(window, 1, retention);

    private readonly List<MeetingEvent> _recent = [];

    /// <summary>A fresh epoch: distinct from any earlier incarnation of the meeting's log.</summary>
    public static long NewEpoch(DateTimeOffset now) => now.ToUnixTimeMilliseconds();

    public void Reset(IReadOnlyList<MeetingEvent> recent)
    {
        _recent.Clear();
        Add(recent);
    }

    /// <summary>Confirmed events only: what was never durable is never answered.</summary>
    public void Add(IReadOnlyList<MeetingEvent> events)
    {
        _recent.AddRange(events);
        if (_recent.Count > Window) _recent.RemoveRange(0, _recent.Count - Window);
    }

    /// <summary>The oldest <c>afterSeq</c> memory can answer with events, for a log at <paramref name="seq"/>.</summary>
    public long OldestInMemory(long seq) => _recent.Count == 0 ? seq : _recent[0].Seq - 1;

    /// <summary>Whether a position is within the retained history (answered with events, from memory or the journal).</summary>
    public bool Retains(MeetingSnapshot meeting, long afterSeq, long? epoch) =>
        afterSeq >= 0 && (epoch is null || epoch == meeting.Epoch) && afterSeq <= meeting.Seq && afterSeq >= meeting.Seq - retention;

    /// <summary>Whether memory alone answers the position.</summary>
    public bool InMemory(MeetingSnapshot meeting, long afterSeq) => afterSeq >= OldestInMemory(meeting.Seq);

    /// <summary>
    /// Events after <paramref name="afterSeq"/>, or a snapshot when those are not all retained.
    /// <c>afterSeq</c> 0 (or less) means "I have nothing" and also gets a snapshot, because the
    /// meeting's own details (title, time, place) are not events.
    /// </summary>
    public CatchUp After(MeetingSnapshot meeting, long afterSeq, long? epoch) =>
        afterSeq <= 0 ? new CatchUp(meeting, [], meeting.Seq, meeting.Epoch) : History(meeting, afterSeq, epoch, int.MaxValue);

    /// <summary>
    /// The REST history view: at most <paramref name="max"/> events after <paramref name="afterSeq"/>
    /// (0 = from the start), or a snapshot when that position is not answerable.
    /// </summary>
    public CatchUp History(MeetingSnapshot meeting, long afterSeq, long? epoch, int max)
        => HistoryFromMemory(meeting, afterSeq, epoch, max);

    /// <summary>
    /// Events read from the journal for a retained position older than memory. The journal may already hold a batch the
    /// grain has not confirmed yet, so nothing past the confirmed seq is answered; a hole (history from before an
    /// upgrade) answers with a snapshot.
    /// </summary>
    public static CatchUp FromJournal(MeetingSnapshot meeting, long afterSeq, IReadOnlyList<MeetingEvent> read)
    {
        var events = read.Where(e => e.Seq <= meeting.Seq).ToList();
        if (afterSeq == meeting.Seq) return new CatchUp(null, [], meeting.Seq, meeting.Epoch);
        var contiguous = events.Count > 0 && events[0].Seq == afterSeq + 1 && events[^1].Seq - events[0].Seq == events.Count - 1;
        return contiguous ? new CatchUp(null, events, meeting.Seq, meeting.Epoch) : new CatchUp(meeting, [], meeting.Seq, meeting.Epoch);
    }

    private CatchUp HistoryFromMemory(MeetingSnapshot meeting, long afterSeq, long? epoch, int max)
    {
        var answerable = afterSeq >= 0
            && (epoch is null || epoch == meeting.Epoch)
            && afterSeq <= meeting.Seq
            && afterSeq >= OldestInMemory(meeting.Seq);
        if (!answerable) return new CatchUp(meeting, [], meeting.Seq, meeting.Epoch);
        // Seqs are consecutive, so the first wanted event's index follows from the first retained one.
        var start = _recent.Count == 0 ? 0 : (int)Math.Max(0, afterSeq - (_recent[0].Seq - 1));
        var count = Math.Min(max, _recent.Count - start);
        return new CatchUp(null, _recent.GetRange(start, Math.Max(0, count)), meeting.Seq, meeting.Epoch);
    }
}
