using RakorLive.Bench.Systems;

namespace RakorLive.Bench.Live;

/// <summary>
/// The action points of a phase's meetings as the writers share them: how many each meeting may still receive,
/// and, per meeting and agency, those not being edited right now with the version their last answer gave.
/// Every kepala OPD session of an agency may edit the agency's action points, so they share one pool.
/// </summary>
public sealed class AddBudget(int perMeeting)
{
    private readonly Dictionary<int, int> _used = [];
    private readonly Dictionary<(int Meeting, string Opd), Queue<OwnItem>> _idle = [];

    public bool TryTake(BenchMeeting meeting)
    {
        lock (_used)
        {
            var used = _used.GetValueOrDefault(meeting.Index);
            if (used >= perMeeting) return false;
            _used[meeting.Index] = used + 1;
            return true;
        }
    }

    /// <summary>An action point of <paramref name="opd"/> in the meeting that nobody is editing, taken out of the pool; null if none.</summary>
    public OwnItem? TakeIdle(BenchMeeting meeting, string opd)
    {
        lock (_idle) return _idle.TryGetValue((meeting.Index, opd), out var idle) && idle.TryDequeue(out var item) ? item : null;
    }

    public void ReturnIdle(BenchMeeting meeting, string opd, OwnItem item)
    {
        lock (_idle)
        {
            if (!_idle.TryGetValue((meeting.Index, opd), out var idle)) _idle[(meeting.Index, opd)] = idle = new Queue<OwnItem>();
            idle.Enqueue(item);
        }
    }
}

/// <summary>
/// A kepala OPD session: sends the commands it is given turns for, to its meetings in turn; a share of them
/// edit one of its agency's action points that is not already being edited (If-Match needs the version the last
/// answer gave), the rest add one. Every command is stamped in the <see cref="CommandLog"/> just before it goes out.
/// </summary>
public sealed class WriterSession(IWriterChannel channel, IReadOnlyList<BenchMeeting> meetings, int editPercent, AddBudget budget, CommandLog log)
{
    // Edit turns are counted per meeting, so every meeting of the writer gets the same mix.
    private readonly Dictionary<int, long> _meetingTurns = [];
    private long _turn;
    private int _skipped;

    public IWriterChannel Channel => channel;

    /// <summary>Turns with nothing to send: an edit turn with nothing idle to edit and no room left in the meeting to add.</summary>
    public int Skipped => Volatile.Read(ref _skipped);

    /// <summary>
    /// One command; completes when it is acknowledged or has failed (failures are logged, not thrown).
    /// Open-loop callers start these without awaiting them.
    /// </summary>
    /// <param name="due">When the schedule wants it sent (Clock ticks), for the lag figure; 0 when not paced.</param>
    public Task SendAsync(bool measured, CancellationToken cancellationToken, long due = 0)
    {
        BenchMeeting meeting;
        bool editTurn;
        lock (_meetingTurns)
        {
            meeting = meetings[(int)(_turn++ % meetings.Count)];
            var meetingTurn = _meetingTurns.GetValueOrDefault(meeting.Index);
            _meetingTurns[meeting.Index] = meetingTurn + 1;
            editTurn = IsEditTurn(meetingTurn, editPercent);
        }
        // Nothing idle to edit (all of the agency's action points are in flight): add one instead, while the meeting has room.
        var item = editTurn ? budget.TakeIdle(meeting, channel.Opd) : null;
        if (item is null && !budget.TryTake(meeting))
        {
            Interlocked.Increment(ref _skipped);
            return Task.CompletedTask;
        }
        return RunAsync(meeting, item, measured, due, cancellationToken);
    }

    /// <summary>Spreads edits evenly: turn t edits when the running share of edits would otherwise fall below the percentage.</summary>
    public static bool IsEditTurn(long turn, int percent) => (turn + 1) * percent / 100 > turn * percent / 100;

    private async Task RunAsync(BenchMeeting meeting, OwnItem? item, bool measured, long due, CancellationToken cancellationToken)
    {
        var edit = item is not null;
        var n = log.Reserve(edit ? CommandKind.Edit : CommandKind.Add, measured, due);
        var description = Marker.Description(channel.Opd, meeting, n, edit);
        // Let the caller's schedule go on: the command runs on the pool, not on the pacing thread.
        await Task.Yield();
        log.Sent(n);
        try
        {
            var ack = edit
                ? await channel.EditAsync(meeting, item!, description, cancellationToken)
                : await channel.AddAsync(meeting, description, cancellationToken);
            log.Acked(n);
            budget.ReturnIdle(meeting, channel.Opd, new OwnItem(ack.ItemId, ack.Version));
        }
        catch (CommandFailedException e)
        {
            // The item's version is now unknown (the edit may have landed): it is not edited again.
            log.Fail(n, $"{channel.Opd} {(edit ? "edit" : "add")} in meeting {meeting.Index + 1}: {e.Message}");
        }
    }
}
