namespace RakorLive.Bench.Live;

/// <summary>
/// One client's view of a meeting's sequence: which seqs it received after its first join point, and how.
/// A seq seen before is a duplicate; an unseen seq below the highest seen arrived out of order; a seq in the
/// expected range never seen is lost. Not thread-safe: its watcher serialises calls.
/// </summary>
public sealed class SeqTracker
{
    private ulong[] _bits = new ulong[4];
    private long _base = -1;

    /// <summary>The first join's afterSeq: everything after it must arrive.</summary>
    public long Base => _base;

    /// <summary>The highest seq up to which everything arrived: what a client rejoins with.</summary>
    public long Contiguous { get; private set; } = -1;

    public long Highest { get; private set; } = -1;
    public int Received { get; private set; }
    public int Duplicates { get; private set; }
    public int OutOfOrder { get; private set; }

    /// <summary>Seqs a snapshot answered instead of events (the server no longer had them): neither received nor lost.</summary>
    public int CoveredBySnapshot { get; private set; }

    public bool Started => _base >= 0;

    public void Start(long afterSeq)
    {
        if (Started) return;
        _base = afterSeq;
        Contiguous = afterSeq;
        Highest = afterSeq;
    }

    public void Record(long seq)
    {
        if (seq <= _base)
        {
            // The client had this before it joined (the join answered it, or a push repeated it).
            Duplicates++;
            return;
        }
        var offset = seq - _base - 1;
        if (IsSet(offset))
        {
            Duplicates++;
            return;
        }
        Set(offset);
        Received++;
        if (seq < Highest) OutOfOrder++;
        else Highest = seq;
        Advance();
    }

    /// <summary>A snapshot at <paramref name="seq"/>: the client knows the state up to there without the events.</summary>
    public void CoverUpTo(long seq)
    {
        for (var s = Contiguous + 1; s <= seq; s++)
        {
            var offset = s - _base - 1;
            if (IsSet(offset)) continue;
            Set(offset);
            CoveredBySnapshot++;
        }
        Highest = Math.Max(Highest, seq);
        Advance();
    }

    /// <summary>Of <see cref="Lost"/>, those above the highest seq received: possibly only late, not skipped.</summary>
    public int Tail(long finalSeq) => !Started ? 0 : (int)Math.Max(0, finalSeq - Math.Max(Highest, _base));

    /// <summary>Seqs after the first join point up to <paramref name="finalSeq"/> that never arrived.</summary>
    public int Lost(long finalSeq)
    {
        if (!Started || finalSeq <= _base) return 0;
        var have = 0;
        for (long offset = 0; offset < finalSeq - _base; offset++)
            if (IsSet(offset)) have++;
        return (int)(finalSeq - _base - have);
    }

    private void Advance()
    {
        while (IsSet(Contiguous - _base)) Contiguous++;
    }

    private bool IsSet(long offset)
    {
        var word = offset >> 6;
        return word < _bits.Length && (_bits[word] & (1UL << (int)(offset & 63))) != 0;
    }

    private void Set(long offset)
    {
        var word = (int)(offset >> 6);
        if (word >= _bits.Length) Array.Resize(ref _bits, Math.Max(_bits.Length * 2, word + 1));
        _bits[word] |= 1UL << (int)(offset & 63);
    }
}
