using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace RakorLive.IntegrationTests.Infrastructure;

/// <summary>
/// Direct reads of a server's database, for what no route shows: the outbox position of a meeting's journal and,
/// for the restore tests, every row of RakorLive's tables. Read-only; SQLite is read beside the running server (WAL).
/// </summary>
public sealed record Store(Engine Engine, string ConnectionString)
{
    /// <summary>The SQLite database file of a data folder (Storage:DataDirectory's default file).</summary>
    public const string SqliteFileName = "rakorlive.db";

    public static Store Of(ServerProcess server) => server.Database is { } database
        ? new Store(Engine.PostgreSQL, database.ConnectionString)
        : Sqlite(server.DataDirectory);

    public static Store Sqlite(string dataDirectory) =>
        new(Engine.Sqlite, new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDirectory, SqliteFileName), Pooling = false }.ConnectionString);

    public static Store PostgreSql(string connectionString) => new(Engine.PostgreSQL, connectionString);

    /// <summary>A connection not yet opened.</summary>
    public DbConnection Connection() => Engine == Engine.Sqlite ? new SqliteConnection(ConnectionString) : new NpgsqlConnection(ConnectionString);

    private async Task<DbConnection> OpenAsync()
    {
        var connection = Connection();
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>The version the meeting's outbox has done its side effects up to, and the journal's last version.</summary>
    public async Task<(long Outbox, long Last)> OutboxAsync(string meetingId)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT COALESCE(MAX(version), 0) FROM rakor_meeting_outbox WHERE meeting_id = @m),
                   (SELECT COALESCE(MAX(version), 0) FROM rakor_meeting_commands WHERE meeting_id = @m)
            """;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "m";
        parameter.Value = meetingId;
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture));
    }

    /// <summary>RakorLive's own tables (rakor_*, rakorlive_*), whatever this branch has: new tables are covered when they appear.</summary>
    public async Task<IReadOnlyList<string>> RakorTablesAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = Engine == Engine.Sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table'"
            : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'";
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        return [.. tables.Where(t => t.StartsWith("rakor_", StringComparison.Ordinal) || t.StartsWith("rakorlive_", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
    }

    /// <summary>Every row of <paramref name="table"/> as one line of column=value (bytes as their SHA-256), sorted.</summary>
    public async Task<IReadOnlyList<string>> RowsAsync(string table)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {table}";
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var cells = new string[reader.FieldCount];
            for (var i = 0; i < reader.FieldCount; i++)
                cells[i] = reader.GetName(i) + "=" + Cell(reader.GetValue(i));
            rows.Add(string.Join(" | ", cells));
        }
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private static string Cell(object value) => value switch
    {
        DBNull => "NULL",
        byte[] bytes => $"bytes[{bytes.Length}]:{Convert.ToHexStringLower(SHA256.HashData(bytes))}",
        DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
