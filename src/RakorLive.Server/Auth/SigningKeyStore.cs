using System.Security.Cryptography;
using Npgsql;
using RakorLive.Storage;

namespace RakorLive.Server.Auth;

/// <summary>
/// Where the token signing key lives: generated on first start, never in the repository or configuration.
/// SQLite (one node): a file in the data directory, readable by the owner only.
/// PostgreSQL (a cluster): one row in the database, so every node validates every node's tokens.
/// </summary>
public static class SigningKeyStore
{
    public const string FileName = "signing-key";

    public static async Task<byte[]> LoadOrCreateAsync(StorageSettings storage, CancellationToken ct)
    {
        var candidate = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        var stored = storage.Provider == StorageProvider.PostgreSQL
            ? await FromDatabase(storage.ConnectionString, candidate, ct)
            : FromFile(Path.Combine(storage.DataDirectory, FileName), candidate);
        return Convert.FromBase64String(stored);
    }

    private static async Task<string> FromDatabase(string connectionString, string candidate, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        // The first node's insert wins; everyone reads the row that won.
        await using var command = new NpgsqlCommand(
            "INSERT INTO rakorlive_signing_key (id, key_base64) VALUES (1, @key) ON CONFLICT (id) DO NOTHING; " +
            "SELECT key_base64 FROM rakorlive_signing_key WHERE id = 1;", connection);
        command.Parameters.AddWithValue("key", candidate);
        return (string)(await command.ExecuteScalarAsync(ct))!;
    }

    private static string FromFile(string path, string candidate)
    {
        if (File.Exists(path)) return File.ReadAllText(path).Trim();
        var temp = path + "." + Environment.ProcessId + ".tmp";
        File.WriteAllText(temp, candidate);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        // Two processes sharing a folder may race here: the first key moved into place wins and both read it back.
        try { File.Move(temp, path, overwrite: false); }
        catch (IOException) { File.Delete(temp); }
        return File.ReadAllText(path).Trim();
    }
}
