using Microsoft.AspNetCore.Identity;

namespace RakorLive.Server.Auth;

/// <summary>ASP.NET Core Identity's PBKDF2 hasher: salted, versioned, and upgradable without a migration.</summary>
public sealed class Passwords
{
    private readonly PasswordHasher<string> _hasher = new();

    public string Hash(string username, string password) => _hasher.HashPassword(username, password);

    public bool Verify(string username, string hash, string password) =>
        _hasher.VerifyHashedPassword(username, hash, password) != PasswordVerificationResult.Failed;
}
