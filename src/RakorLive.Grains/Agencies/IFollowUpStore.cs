using RakorLive.Model;

namespace RakorLive.Grains.Agencies;

/// <summary>
/// The follow-up read model: one row per commitment across every meeting, with the agencies it names, kept as
/// relational rows so an agency's ledger and the follow-up list are queries, not blobs that grow with every commitment.
/// Fed only by the meetings' outboxes; a row never goes back to an older version.
/// </summary>
public interface IFollowUpStore
{
    /// <summary>Writes the rows whose version is newer than what the store holds; older ones are ignored, so the outbox may repeat itself.</summary>
    Task Upsert(IReadOnlyList<FollowUpRow> rows, CancellationToken cancellationToken = default);

    /// <summary>The commitments an agency leads or supports, soonest deadline first.</summary>
    Task<IReadOnlyList<ActionPoint>> ActionPointsOf(string opd, CancellationToken cancellationToken = default);

    /// <summary>The agency's ledger as its deadline reminder reads it.</summary>
    Task<IReadOnlyList<LedgerEntry>> LedgerOf(string opd, CancellationToken cancellationToken = default);
}

/// <summary>A commitment as the read model stores it: the columns it is filtered and sorted by, and the whole action point.</summary>
public sealed record FollowUpRow(ActionPoint ActionPoint, string TimeZone, int CarriedCount = 0, string MeetingTitle = "")
{
    public IEnumerable<(string Opd, string Role)> Agencies =>
        ActionPoint.SupportingOpds.Where(o => o != ActionPoint.OwnerOpd).Distinct().Select(o => (o, "Support")).Prepend((ActionPoint.OwnerOpd, "Lead"));
}
