using Microsoft.Extensions.Options;
using RakorLive.GrainInterfaces;

namespace RakorLive.Grains.Directory;

/// <summary>RakorLive:Lockout: how many wrong passwords lock a username, for how long, and how the lock grows.</summary>
public sealed class LockoutOptions
{
    public const string Section = "RakorLive:Lockout";

    /// <summary>Wrong passwords in a row that lock the username.</summary>
    public int MaxFailures { get; set; } = 5;

    /// <summary>The first lock; each further lock doubles it.</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest lock.</summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A name with no wrong password for this long starts over: its next lock is the first again.</summary>
    public TimeSpan ForgetAfter { get; set; } = TimeSpan.FromHours(1);
}

[GenerateSerializer, Alias("RakorLive.SignInGuardState")]
public sealed class SignInGuardState
{
    [Id(0)] public int Failures { get; set; }
    [Id(1)] public int Lockouts { get; set; }
    [Id(2)] public DateTimeOffset? LockedUntil { get; set; }
    [Id(3)] public DateTimeOffset LastFailureAt { get; set; }
}

/// <summary>
/// One username's failed sign-ins. Unknown names get a guard too, so a locked unknown name answers exactly as a
/// locked real one (no enumeration). Persisted, so a restart or a node's death does not reset a lock.
/// </summary>
public sealed class SignInGuardGrain(
    [PersistentState("signin", StorageNames.Default)] IPersistentState<SignInGuardState> store,
    IOptions<LockoutOptions> options,
    TimeProvider clock) : Grain, ISignInGuardGrain
{
    /// <summary>
    /// The grain key of a username: a hash of the name as typed (normalized), so any text a client sends makes a plain key
    /// (a name with "{" failed in storage, found by the fuzz); prefixed, since Orleans' ADO.NET layer stores an all-hex key as an integer.
    /// </summary>
    public static string Key(string username) =>
        "signin:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(username.Trim().ToLowerInvariant())));

    private LockoutOptions Policy => options.Value;

    public Task<TimeSpan?> LockedFor() => Task.FromResult(Remaining(clock.GetUtcNow()));

    public async Task<TimeSpan?> Failed()
    {
        var now = clock.GetUtcNow();
        var state = store.State;
        // A long quiet spell forgets the past: the next lock starts short again.
        if (now - state.LastFailureAt > Policy.ForgetAfter && Remaining(now) is null)
        {
            state.Failures = 0;
            state.Lockouts = 0;
        }
        state.LastFailureAt = now;
        state.Failures++;
        if (state.Failures >= Math.Max(1, Policy.MaxFailures))
        {
            var ticks = Policy.Duration.Ticks * Math.Pow(2, Math.Min(state.Lockouts, 30));
            state.LockedUntil = now + TimeSpan.FromTicks((long)Math.Min(ticks, Policy.MaxDuration.Ticks));
            state.Lockouts++;
            state.Failures = 0;
        }
        await store.WriteStateAsync();
        return Remaining(now);
    }

    public async Task Succeeded()
    {
        if (store.State is { Failures: 0, Lockouts: 0 }) return;
        await store.ClearStateAsync();
        store.State = new SignInGuardState();
    }

    private TimeSpan? Remaining(DateTimeOffset now) =>
        store.State.LockedUntil is { } until && until > now ? until - now : null;
}
