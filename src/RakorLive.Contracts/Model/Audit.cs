namespace RakorLive.Model;

/// <summary>What a recorded request came to.</summary>
public enum AuditOutcome
{
    /// <summary>A 2xx to a state-changing request: the change was made.</summary>
    Changed,
    /// <summary>A sign-in (password or join code) that issued a token.</summary>
    SignedIn,
    /// <summary>Refused: 401, 403, 409 or 429 (a failed sign-in too). Nothing changed.</summary>
    Refused,
}

/// <summary>
/// One row of the append-only audit record (GET /api/audit).
/// </summary>
/// <param name="Actor">The token's subject (a username, or <c>join:CODE</c>); for a sign-in, the username attempted; empty when unknown.</param>
/// <param name="Route">The route template, e.g. <c>/api/meetings/{id}/action-points</c>.</param>
/// <param name="EntityIds">The ids the route named (<c>id</c>, <c>requestId</c>, <c>code</c> ...), and <c>created</c> for the id a 201 made.</param>
/// <param name="MeetingId">The meeting the change belongs to: the route's meeting, or the owning meeting of the entity named.</param>
/// <param name="ClientAddress">The client's IP address (after forwarded headers, when the deployment trusts a proxy).</param>
public sealed record AuditEntry(
    string Id,
    DateTimeOffset At,
    string Actor,
    string DisplayName,
    Role? Role,
    string? Opd,
    string Method,
    string Route,
    IReadOnlyDictionary<string, string> EntityIds,
    string? MeetingId,
    string? CommandId,
    AuditOutcome Outcome,
    int Status,
    string? ClientAddress);

public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, int Total, int Page, int PageSize);
