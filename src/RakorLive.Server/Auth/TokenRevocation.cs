using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using RakorLive.GrainInterfaces;

namespace RakorLive.Server.Auth;

/// <summary>RakorLive:Tokens: how long a node trusts what it last read about an account or join code.</summary>
public sealed class TokenOptions
{
    public const string Section = "RakorLive:Tokens";

    /// <summary>
    /// A node rereads an account (stamp, disabled) or a join code (revoked) at most this long after it last did; the
    /// node that makes the change forgets at once, the others within this interval.
    /// </summary>
    public TimeSpan RecheckInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>
/// Ends tokens before they expire: a user's token names the account's stamp (which a new password, role, agency or
/// disabling changes); a join token names its code (which the secretariat may revoke). Checked on every authenticated
/// request and hub call against the user directory or the meeting, through a short per-node cache.
/// </summary>
public sealed class TokenRevocation(IGrainFactory grains, IOptions<TokenOptions> options)
{
    private const int MaxCached = 50_000;
    private const string JoinPrefix = "join:";
    private readonly ConcurrentDictionary<string, (long ReadAt, string? Refusal, int Stamp)> _cache = new(StringComparer.Ordinal);

    public static string JoinSubject(string code) => JoinPrefix + code;

    /// <summary>Why the token of <paramref name="user"/> no longer works, or null when it does.</summary>
    public async ValueTask<string?> Refusal(ClaimsPrincipal user)
    {
        var subject = user.FindFirstValue(JwtRegisteredClaimNames.Sub);
        if (subject is null) return "The token names no one.";
        var (refusal, stamp) = await Current(subject, user.FindFirstValue(TokenService.MeetingClaim));
        if (refusal is not null) return refusal;
        if (subject.StartsWith(JoinPrefix, StringComparison.Ordinal)) return null;
        // Tokens issued before stamps existed carry none: they stand for stamp 0.
        var tokenStamp = int.TryParse(user.FindFirstValue(TokenService.StampClaim), System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : 0;
        return tokenStamp == stamp ? null : "The account's password, role or agency changed after this sign-in; sign in again.";
    }

    /// <summary>Called by the node that changed an account or code, so its own next request sees the change.</summary>
    public void Forget(string subject) => _cache.TryRemove(subject, out _);

    private async ValueTask<(string? Refusal, int Stamp)> Current(string subject, string? meetingId)
    {
        var now = Stopwatch.GetTimestamp();
        if (_cache.TryGetValue(subject, out var known) && Stopwatch.GetElapsedTime(known.ReadAt, now) < options.Value.RecheckInterval)
            return (known.Refusal, known.Stamp);
        var (refusal, stamp) = subject.StartsWith(JoinPrefix, StringComparison.Ordinal)
            ? (await JoinCodeRefusal(subject[JoinPrefix.Length..], meetingId), 0)
            : await AccountState(subject);
        if (_cache.Count >= MaxCached) _cache.Clear();
        _cache[subject] = (now, refusal, stamp);
        return (refusal, stamp);
    }

    private async Task<(string? Refusal, int Stamp)> AccountState(string username)
    {
        var account = await grains.GetGrain<IUserDirectoryGrain>(DirectoryKeys.Default).Find(username);
        if (account is null) return ("The account no longer exists.", 0);
        return (account.Disabled ? "The account is disabled; ask an administrator." : null, account.Stamp);
    }

    private async Task<string?> JoinCodeRefusal(string code, string? meetingId)
    {
        if (meetingId is null) return "A join token names its meeting.";
        var joinCode = await grains.GetGrain<IMeetingGrain>(meetingId).FindJoinCode(code);
        return joinCode is null || joinCode.MeetingId != meetingId ? "The join code no longer exists."
            : joinCode.RevokedAt is not null ? "The join code was revoked; ask the secretariat for a new one."
            : null;
    }
}
