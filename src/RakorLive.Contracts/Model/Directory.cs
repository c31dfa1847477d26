namespace RakorLive.Model;

/// <summary>An agency (OPD). Codes differ by region, so agencies are data, never an enum.</summary>
public sealed record Opd(
    string Code,
    string Name,
    string Kind = "Dinas");

/// <summary>A code a tablet types (or scans) to sign in to one meeting with one role and agency.</summary>
/// <param name="RevokedAt">Set once the secretariat revoked it: it no longer signs in, and the tokens it gave stop working.</param>
public sealed record JoinCode(
    string Code,
    string MeetingId,
    Role Role,
    string? Opd,
    DateTimeOffset ExpiresAt,
    string CreatedBy,
    DateTimeOffset? RevokedAt = null);
