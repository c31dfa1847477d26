using RakorLive.Events;
using RakorLive.Model;

namespace RakorLive.Grains.Meetings;

/// <summary>
/// The rules of a meeting's event sequence: <c>seq</c> grows by one per event and never repeats
/// within an <c>epoch</c>; the last <c>retention</c> events are kept for catch-up; a reader whose
/// position is older than that, ahead of the log, or from another epoch gets a snapshot instead.
/// </summary>
public sealed class MeetingEventLog(MeetingState state, int retention)
{
    /// <summary>A fresh epoch: distinct from any earlier incarnation of the meeting's log.</summary>
    public static long NewEpoch(DateTimeOffset now) => now.ToUnixTimeMilliseconds();

    public MeetingEvent Append(string meetingId, string type, MeetingEventData data, DateTimeOffset now)
    {
        var evt = new MeetingEvent(meetingId, state.Seq + 1, state.Epoch, type, now, data);
        state.Seq = evt.Seq;
        state.Events.Add(evt);
        if (state.Events.Count > retention)
            state.Events.RemoveRange(0, state.Events.Count - retention);
        return evt;
    }

    /// <summary>The oldest <c>afterSeq</c> that can still be answered with events.</summary>
    public long OldestAnswerable => state.Events.Count == 0 ? state.Seq : state.Events[0].Seq - 1;

    /// <summary>
    /// Events after <paramref name="afterSeq"/>, or a snapshot when those are not all retained.
    /// <c>afterSeq</c> 0 (or less) means "I have nothing" and also gets a snapshot, because the
    /// meeting's own details (title, time, place) are not events.
    /// </summary>
    public CatchUp After(long afterSeq, long? epoch, Func<MeetingSnapshot> snapshot) =>
        afterSeq <= 0 ? new CatchUp(snapshot(), [], state.Seq, state.Epoch) : History(afterSeq, epoch, int.MaxValue, snapshot);

    /// <summary>
    /// The REST history view: at most <paramref name="max"/> events after <paramref name="afterSeq"/>
    /// (0 = from the start), or a snapshot when that position is not answerable.
    /// </summary>
    public CatchUp History(long afterSeq, long? epoch, int max, Func<MeetingSnapshot> snapshot)
    {
        var answerable = afterSeq >= 0
            && (epoch is null || epoch == state.Epoch)
            && afterSeq <= state.Seq
            && afterSeq >= OldestAnswerable;
        return answerable
            ? new CatchUp(null, state.Events.Where(e => e.Seq > afterSeq).Take(max).ToList(), state.Seq, state.Epoch)
            : new CatchUp(snapshot(), [], state.Seq, state.Epoch);
    }
}
