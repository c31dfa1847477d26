using Microsoft.AspNetCore.Identity;

namespace RakorLive.Server.Auth;

/// <summary>ASP.NET Core Identity's PBKDF2 hasher: salted, versioned, and upgradable without a migration.</summary>
public sealed class Passwords
{
    private readonly PasswordHasher<string> _hasher = new();
    // An unknown username is checked against this, so it costs the same hash work as a known one.
    private readonly Lazy<string> _dummy;

    public Passwords() => _dummy = new(() => _hasher.HashPassword("unknown", Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))));

    public string Hash(string username, string password) => _hasher.HashPassword(username, password);

    public bool Verify(string username, string hash, string password) =>
        _hasher.VerifyHashedPassword(username, hash, password) != PasswordVerificationResult.Failed;

    /// <summary>Always false, after the same work as <see cref="Verify"/>.</summary>
    public bool VerifyDummy(string password)
    {
        _hasher.VerifyHashedPassword("unknown", _dummy.Value, password);
        return false;
    }
}
