using System.Security.Cryptography;

namespace RakorLive.Grains.Directory;

/// <summary>Join codes are read aloud and typed on tablets: no 0/O or 1/I/L to confuse.</summary>
public static class JoinCodes
{
    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    public const int Length = 8;

    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>The key under which the journal indexes a code's meeting (codes and commitment ids share the index).</summary>
    public static string OwnerKey(string code) => "joincode:" + code;

    public static string Normalize(string code) => code.Trim().Replace("-", "").Replace(" ", "").ToUpperInvariant();
}
