using System.Data.Common;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Npgsql;
using RakorLive.IntegrationTests.Infrastructure;

namespace RakorLive.IntegrationTests.Upgrade;

/// <summary>
/// A throw-away copy of the store the first release wrote (tests/fixtures/legacy-v1, made by its make-fixture.sh):
/// the SQLite data folder copied to a fresh directory, or the PostgreSQL dump loaded into a fresh database. Plus
/// what the first release answered for it (expected.json) and plain SQL on the copy, for what HTTP does not show.
/// </summary>
public sealed class LegacyStore : IAsyncDisposable
{
    private LegacyStore(Engine engine, string dataDirectory, TestDatabase? database, JsonNode expected)
    {
        Engine = engine;
        DataDirectory = dataDirectory;
        Database = database;
        Expected = expected;
    }

    public Engine Engine { get; }
    public string DataDirectory { get; }
    public TestDatabase? Database { get; }

    /// <summary>tests/fixtures/legacy-v1/&lt;engine&gt;/expected.json.</summary>
    public JsonNode Expected { get; }

    public string[] ServerArgs => Database?.ServerArgs ?? [];

    public static string FixtureFolder(Engine engine) =>
        Path.Combine(ServerProcess.RepositoryRoot, "tests", "fixtures", "legacy-v1", engine == Engine.Sqlite ? "sqlite" : "postgresql");

    public static async Task<LegacyStore> CopyAsync(Engine engine)
    {
        var folder = FixtureFolder(engine);
        var expected = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "expected.json")))!;
        var dataDirectory = ServerProcess.NewDataDirectory();
        Directory.CreateDirectory(dataDirectory);
        if (engine == Engine.Sqlite)
        {
            // The database and the token signing key, as the first release left them after a clean stop.
            foreach (var file in new[] { "rakorlive.db", "signing-key" })
                File.Copy(Path.Combine(folder, "data", file), Path.Combine(dataDirectory, file));
            return new LegacyStore(engine, dataDirectory, null, expected);
        }
        var database = await TestDatabase.CreateAsync();
        try
        {
            // pg_dump's psql meta-commands (\restrict) are for psql; the rest is plain SQL.
            var dump = string.Join('\n', (await File.ReadAllLinesAsync(Path.Combine(folder, "dump.sql"))).Where(l => !l.StartsWith('\\')));
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            await using var load = new NpgsqlCommand(dump, connection);
            await load.ExecuteNonQueryAsync();
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
        return new LegacyStore(engine, dataDirectory, database, expected);
    }

    public async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = Engine == Engine.Sqlite
            ? new SqliteConnection($"Data Source={Path.Combine(DataDirectory, "rakorlive.db")};Pooling=False")
            : new NpgsqlConnection(Database!.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async Task<object?> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        var result = await command.ExecuteScalarAsync();
        return result is DBNull ? null : result;
    }

    public async Task<long> CountAsync(string sql, params (string Name, object Value)[] parameters) =>
        Convert.ToInt64(await ScalarAsync(sql, parameters));

    public async Task<int> ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>Every row of the tables the upgrade writes, as text: equal before and after a start means that start changed nothing.</summary>
    public async Task<string> FingerprintAsync()
    {
        var parts = new List<string>();
        foreach (var (table, order) in new[]
        {
            ("orleans_storage", "state_name, key_string"),
            ("rakorlive_legacy_storage", "state_name, key_string"),
            ("rakorlive_migrations", "name"),
            ("rakor_meeting_commands", "meeting_id, version"),
            ("rakor_meeting_events", "meeting_id, seq"),
            ("rakor_entity_owners", "entity_id"),
            ("rakor_meeting_outbox", "meeting_id"),
            ("rakor_follow_ups", "action_point_id"),
            ("rakor_follow_up_opds", "action_point_id, opd"),
        })
        {
            await using var connection = await OpenAsync();
            // The first release's store has no journal tables until this release's schema scripts ran.
            if (!await TableExistsAsync(connection, table)) continue;
            await using var command = connection.CreateCommand();
            // The storage rows' own timestamps are not part of what they hold.
            command.CommandText = table == "orleans_storage"
                ? $"SELECT state_name, key_string, version, payload FROM {table} ORDER BY {order}"
                : $"SELECT * FROM {table} ORDER BY {order}";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var values = new object[reader.FieldCount];
                reader.GetValues(values);
                parts.Add(table + ": " + string.Join(" | ", values.Select(v => v is byte[] bytes ? Convert.ToHexString(bytes) : Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))));
            }
        }
        return string.Join('\n', parts);
    }

    private async Task<bool> TableExistsAsync(DbConnection connection, string table)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Engine == Engine.Sqlite
            ? $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'"
            : $"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name = '{table}'";
        return Convert.ToInt64(await command.ExecuteScalarAsync()) > 0;
    }

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDirectory, recursive: true); }
        catch (IOException) { }
        if (Database is not null) await Database.DisposeAsync();
    }
}
