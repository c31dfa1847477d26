using System.Collections.Immutable;
using RakorLive.Events;
using RakorLive.Grains.Meetings.Journal;
using RakorLive.GrainInterfaces;
using RakorLive.Model;

namespace RakorLive.Grains.Meetings;

/// <summary>What a commandId produced, so a replay answers with the same thing and emits nothing.</summary>
public sealed record CommandReceipt(string Kind, string EntityId, long Seq, long Version);

/// <summary>
/// A meeting as the fold of its journal. Immutable, so the grain keeps the confirmed model and the one that includes
/// commands still being written side by side for free, and a failed write falls back by dropping a reference.
/// </summary>
public sealed record MeetingModel(
    MeetingSnapshot? Meeting,
    long Version,
    ImmutableDictionary<string, CommandReceipt> Receipts,
    ImmutableList<JoinCode> JoinCodes,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    ImmutableList<NotulenSource>? FrozenNotulen = null)
{
    public static MeetingModel Empty { get; } = new(null, 0, ImmutableDictionary<string, CommandReceipt>.Empty.WithComparers(StringComparer.Ordinal),
        [], default, "");

    public bool Created => Meeting is not null;

    public long Seq => Meeting?.Seq ?? 0;

    public long Epoch => Meeting?.Epoch ?? 0;

    /// <summary>The only code that changes a meeting: public events through the contract's one Apply, then the private facts.</summary>
    public MeetingModel Apply(JournalEntry entry)
    {
        var model = this;
        foreach (var fact in entry.Facts) model = model.Apply(fact);
        var meeting = model.Meeting;
        foreach (var evt in entry.Events)
            meeting = MeetingProjection.Apply(meeting ?? throw new InvalidOperationException($"Event {evt.Seq} precedes the meeting's creation."), evt);
        return model with
        {
            Meeting = meeting,
            Version = entry.Version,
            Receipts = model.Receipts.SetItem(entry.CommandId, new CommandReceipt(entry.Kind, entry.EntityId, entry.Seq, entry.Version)),
        };
    }

    private MeetingModel Apply(MeetingFact fact) => fact switch
    {
        MeetingCreated created => this with { Meeting = created.Meeting, CreatedAt = created.CreatedAt, CreatedBy = created.CreatedBy },
        JoinCodeIssued issued => this with { JoinCodes = JoinCodes.Add(issued.Code) },
        JoinCodeRevoked revoked => this with { JoinCodes = JoinCodes.ConvertAll(c => c.Code == revoked.Code ? c with { RevokedAt = revoked.At } : c) },
        NotulenFrozen frozen => this with { FrozenNotulen = (FrozenNotulen ?? []).Add(frozen.Source) },
        _ => throw new InvalidOperationException($"Unknown meeting fact {fact.GetType().Name}."),
    };
}
