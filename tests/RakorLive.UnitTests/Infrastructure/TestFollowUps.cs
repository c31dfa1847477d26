using RakorLive.Grains.Agencies;
using RakorLive.Model;

namespace RakorLive.UnitTests.Infrastructure;

/// <summary>The real follow-up read model, with its writes made to fail on demand as an unreachable database would.</summary>
public sealed class TestFollowUps(IFollowUpStore inner) : IFollowUpStore
{
    private int _failNext;

    public void FailNextUpserts(int count) => Interlocked.Exchange(ref _failNext, count);

    public int Failed { get; private set; }

    public Task Upsert(IReadOnlyList<FollowUpRow> rows, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Decrement(ref _failNext) >= 0)
        {
            Failed++;
            throw new TimeoutException("The test made the follow-up read model unavailable.");
        }
        return inner.Upsert(rows, cancellationToken);
    }

    public Task<IReadOnlyList<ActionPoint>> ActionPointsOf(string opd, CancellationToken cancellationToken = default) => inner.ActionPointsOf(opd, cancellationToken);

    public Task<IReadOnlyList<LedgerEntry>> LedgerOf(string opd, CancellationToken cancellationToken = default) => inner.LedgerOf(opd, cancellationToken);

    /// <summary>The commitment as the agency's read model holds it.</summary>
    public async Task<ActionPoint?> Find(string opd, string actionPointId) =>
        (await ActionPointsOf(opd)).FirstOrDefault(a => a.Id == actionPointId);
}
