namespace RakorLive.Bench.Systems;

/// <summary>A meeting the load runs in: its id, its index in the layout, and its seq when the bench took it over.</summary>
public sealed record BenchMeeting(int Index, string Id, string? CurrentItemId, string DueDate, long StartSeq);

/// <summary>An action point of the writer's agency and the version its last acknowledgement gave.</summary>
public sealed record OwnItem(string Id, int Version);

/// <summary>An acknowledged command: what it created or changed, and the meeting seq the answer carried.</summary>
public readonly record struct CommandAck(string ItemId, int Version, long? Seq);

/// <summary>A command the system refused or did not answer in time.</summary>
public sealed class CommandFailedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// One system under load, as the scenarios see it: RakorLive (servers, HTTP commands, the meeting hub) or the
/// baseline (a plain hub with the same method names and event shape). The watchers talk to both the same way.
/// </summary>
public interface ILiveSystem : IAsyncDisposable
{
    /// <summary>"RakorLive" or "baseline".</summary>
    string Name { get; }

    string Description { get; }

    /// <summary>Base addresses; connection i goes to node i mod count.</summary>
    IReadOnlyList<Uri> Nodes { get; }

    /// <summary>The server processes whose memory and CPU the report gives (pid null: not started by the bench).</summary>
    IReadOnlyList<(string Name, int? Pid)> Processes { get; }

    /// <summary>The bearer token watchers send as access_token; null when the system takes none.</summary>
    string? WatcherToken { get; }

    Task<IReadOnlyList<BenchMeeting>> CreateMeetingsAsync(int count, CancellationToken cancellationToken);

    /// <summary>Writer <paramref name="index"/>: a kepala OPD session (its own agency, its own connection to node index mod n).</summary>
    Task<IWriterChannel> OpenWriterAsync(int index, CancellationToken cancellationToken);

    /// <summary>The meeting's current seq, read from the system (not from the bench's own bookkeeping).</summary>
    Task<long> GetSeqAsync(string meetingId, CancellationToken cancellationToken);

    /// <summary>One page of GET /api/meetings/{id}/events?afterSeq=&amp;limit=: the seqs it holds, in the order given.</summary>
    Task<IReadOnlyList<long>> GetEventSeqsAsync(string meetingId, long afterSeq, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Waits until the work the system does after its replies has caught up with the meeting: RakorLive's outbox has
    /// projected all <paramref name="commitments"/> of its action points into the follow-up list. Returns the wait; the
    /// baseline does nothing after a reply and returns at once.
    /// </summary>
    Task<TimeSpan> WaitForBackgroundAsync(BenchMeeting meeting, int commitments, TimeSpan deadline, CancellationToken cancellationToken);
}

/// <summary>What a writer can do: add an action point to a meeting, or edit one of its own.</summary>
public interface IWriterChannel : IAsyncDisposable
{
    string Opd { get; }

    Task<CommandAck> AddAsync(BenchMeeting meeting, string description, CancellationToken cancellationToken);

    Task<CommandAck> EditAsync(BenchMeeting meeting, OwnItem item, string description, CancellationToken cancellationToken);
}
