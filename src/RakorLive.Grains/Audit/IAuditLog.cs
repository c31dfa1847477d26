using RakorLive.Model;
using RakorLive.Rules;

namespace RakorLive.Grains.Audit;

/// <summary>
/// One row to append. <paramref name="IdempotencyKey"/> (null for refused attempts and commands without a commandId)
/// makes the append happen once: a retry of an acknowledged command appends nothing.
/// </summary>
public sealed record AuditRecord(AuditEntry Entry, string? IdempotencyKey);

/// <summary>The append-only audit record (deploy/sql/common/060-audit.sql): appended, read, never updated or deleted.</summary>
public interface IAuditLog
{
    /// <summary>Completes once the row is committed (or was already there for its key).</summary>
    Task Append(AuditRecord record, CancellationToken cancellationToken = default);

    /// <summary>Newest first, filtered and paged in SQL.</summary>
    Task<(IReadOnlyList<AuditEntry> Items, int Total)> List(Validation.AuditQuery query, CancellationToken cancellationToken = default);
}
