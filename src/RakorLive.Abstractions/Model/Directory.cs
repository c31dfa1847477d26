namespace RakorLive.Model;

[GenerateSerializer, Immutable, Alias("RakorLive.UserAccount")]
public sealed record UserAccount(
    [property: Id(0)] string Username,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] Role Role,
    [property: Id(3)] string? Opd,
    [property: Id(4)] string PasswordHash,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] bool Disabled = false,
    // Changes whenever the account's tokens must end (password, role, agency, disabled): tokens carry the stamp they were issued with.
    [property: Id(7)] int Stamp = 0);

/// <summary>A commitment as the owning OPD's ledger keeps it, across meetings.</summary>
[GenerateSerializer, Immutable, Alias("RakorLive.LedgerEntry")]
public sealed record LedgerEntry(
    [property: Id(0)] string ActionPointId,
    [property: Id(1)] string MeetingId,
    [property: Id(2)] DateOnly DueDate,
    [property: Id(3)] ActionPointStatus Status,
    [property: Id(4)] string Role,
    [property: Id(5)] string TimeZone,
    [property: Id(6)] int Version = 0);
