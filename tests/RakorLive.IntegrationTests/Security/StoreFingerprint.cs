using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using RakorLive.IntegrationTests.Infrastructure;

namespace RakorLive.IntegrationTests.Security;

/// <summary>
/// What a store durably holds, table by table (row count and a hash of every row), read straight from the server's
/// SQLite file or PostgreSQL database: an event, a command receipt, an entity-owner index row, an evidence blob, a
/// notification, a read-model row or a grain's state written by a refused call shows up here even when no route would show it.
/// </summary>
public static class StoreFingerprint
{
    /// <summary>Everything commands and their side effects write. Membership and reminders tick by themselves and are left out.</summary>
    private static readonly string[] Tables =
    [
        "rakor_meeting_events", "rakor_meeting_commands", "rakor_meeting_snapshots", "rakor_meeting_outbox", "rakor_entity_owners",
        "rakor_evidence", "rakor_notifications", "rakor_notification_deliveries", "rakor_follow_ups", "rakor_follow_up_opds",
        "rakor_follow_up_details", "rakor_feed_keys", "orleans_storage",
    ];

    public static Dictionary<string, string> Read(ServerProcess server)
    {
        if (server.Database is { } database) return ReadPostgreSql(database.ConnectionString);
        using var connection = Open(server.DataDirectory);
        return Read(connection);
    }

    /// <summary>One statement: each table's rows as text, ordered and hashed by the server.</summary>
    private static Dictionary<string, string> ReadPostgreSql(string connectionString)
    {
        using var connection = new Npgsql.NpgsqlConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = string.Join(" UNION ALL ", Tables.Select(t =>
            $"SELECT '{t}', COUNT(*), md5(COALESCE(string_agg(x::text, chr(30) ORDER BY x::text), '')) FROM {t} x"));
        using var reader = command.ExecuteReader();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read()) result[reader.GetString(0)] = $"{reader.GetInt64(1)} rows {reader.GetString(2)[..16]}";
        return result;
    }

    private static SqliteConnection Open(string dataDirectory)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, Store.SqliteFileName),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    private static Dictionary<string, string> Read(SqliteConnection connection)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in Tables)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table} ORDER BY rowid";
            using var reader = command.ExecuteReader();
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var rows = 0;
            while (reader.Read())
            {
                rows++;
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var value = reader.IsDBNull(i) ? "∅" : reader.GetValue(i) is byte[] bytes ? Convert.ToBase64String(bytes) : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
                    hash.AppendData(Encoding.UTF8.GetBytes(value + "\u001f"));
                }
                hash.AppendData("\u001e"u8);
            }
            result[table] = $"{rows} rows {Convert.ToHexStringLower(hash.GetHashAndReset())[..16]}";
        }
        return result;
    }

    /// <summary>
    /// Watches the store. SQLite: from one open connection, whose data_version tells cheaply whether anything was committed
    /// since the last look, and only then are the tables read and compared (call after call stays fast). PostgreSQL: one
    /// hashing statement each look.
    /// </summary>
    public sealed class Watcher(ServerProcess server, Dictionary<string, string> baseline) : IDisposable
    {
        private readonly SqliteConnection? _connection = server.Database is null ? Open(server.DataDirectory) : null;
        private Dictionary<string, string> _last = baseline;
        private long _version = -1;

        /// <summary>What changed in the tables since the last call (empty when nothing did).</summary>
        public List<string> Changes()
        {
            if (_connection is null)
            {
                var read = ReadPostgreSql(server.Database!.ConnectionString);
                var changed = StoreFingerprint.Changes(_last, read);
                _last = read;
                return changed;
            }
            using (var pragma = _connection.CreateCommand())
            {
                pragma.CommandText = "PRAGMA data_version";
                var version = (long)pragma.ExecuteScalar()!;
                if (version == _version) return [];
                _version = version;
            }
            var now = Read(_connection);
            var changes = StoreFingerprint.Changes(_last, now);
            _last = now;
            return changes;
        }

        public void Dispose() => _connection?.Dispose();
    }

    /// <summary>The tables whose content differs, e.g. "rakor_evidence: 3 rows … → 4 rows …".</summary>
    public static List<string> Changes(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after) =>
        [.. before.Where(kv => after[kv.Key] != kv.Value).Select(kv => $"{kv.Key}: {kv.Value} → {after[kv.Key]}")];

    /// <summary>Reads until two reads 400 ms apart agree (the outbox of earlier commands has drained), at most 15 s.</summary>
    public static async Task<Dictionary<string, string>> SettledAsync(ServerProcess server)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        var last = Read(server);
        while (true)
        {
            // Longer than an outbox round: its read-model rows and then its position each gather for up to 100 ms.
            await Task.Delay(400);
            var now = Read(server);
            if (Changes(last, now).Count == 0 || DateTime.UtcNow > deadline) return now;
            last = now;
        }
    }
}
