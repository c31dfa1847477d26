using RakorLive.Model;

namespace RakorLive.Client;

/// <summary>A user account as the API shows it (never the password hash).</summary>
public sealed record UserInfo(string Username, string DisplayName, Role Role, string? Opd, DateTimeOffset CreatedAt);
