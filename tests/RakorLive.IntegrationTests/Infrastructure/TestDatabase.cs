using Npgsql;

namespace RakorLive.IntegrationTests.Infrastructure;

/// <summary>The storage engines the integration suite runs on.</summary>
public enum Engine
{
    Sqlite,
    PostgreSQL,
}

/// <summary>
/// A throw-away PostgreSQL database for one test (or one cluster), created on the local server that
/// scripts/start-postgres.sh starts, and dropped afterwards. RAKORLIVE_TEST_PG overrides the server.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    // Loopback: TLS would protect nothing, and it cost a fifth of the server's CPU in the steady benchmark.
    public const string DefaultServer = "Host=127.0.0.1;Port=5432;Username=rakorlive;Password=rakorlive;SSL Mode=Disable";

    private TestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }
    public string ConnectionString { get; }

    public static string Server => Environment.GetEnvironmentVariable("RAKORLIVE_TEST_PG") is { Length: > 0 } configured ? configured : DefaultServer;

    public static async Task<TestDatabase> CreateAsync()
    {
        var name = "rakor_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = await OpenAdminAsync())
        await using (var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin))
            await create.ExecuteNonQueryAsync();
        var builder = new NpgsqlConnectionStringBuilder(Server) { Database = name };
        return new TestDatabase(name, builder.ConnectionString);
    }

    /// <summary>The arguments that point a server at this database.</summary>
    public string[] ServerArgs => ["--Storage:Provider=PostgreSQL", $"--ConnectionStrings:RakorLive={ConnectionString}"];

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = await OpenAdminAsync();
        try
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            // PostgreSQL 15's FORCE refuses when an autovacuum worker is on the database (a process of no role). A plain DROP
            // ends such workers itself: this role's own sessions are ended first, as FORCE would have.
            await using var end = new NpgsqlCommand(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @name AND usename = current_user AND pid <> pg_backend_pid()", admin);
            end.Parameters.AddWithValue("name", Name);
            await end.ExecuteNonQueryAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name}", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static async Task<NpgsqlConnection> OpenAdminAsync()
    {
        var builder = new NpgsqlConnectionStringBuilder(Server) { Database = "postgres", Pooling = false };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync();
        }
        catch (Exception e)
        {
            await connection.DisposeAsync();
            throw new InvalidOperationException(
                $"PostgreSQL is not reachable at '{builder.Host}:{builder.Port}'. Run scripts/start-postgres.sh (scripts/test.sh does) or set RAKORLIVE_TEST_PG.", e);
        }
        return connection;
    }
}
