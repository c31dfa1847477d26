using RakorLive.Model;

namespace RakorLive.Client;

/// <summary>What <c>/api/auth/token</c> and <c>/api/auth/join</c> answer; <see cref="MeetingId"/> is set for join-code tokens.</summary>
public sealed record SignInResult(string AccessToken, DateTimeOffset ExpiresAt, Role Role, string? Opd, string DisplayName, string? MeetingId);
