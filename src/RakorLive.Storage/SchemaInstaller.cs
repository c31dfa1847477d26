using System.Data;
using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace RakorLive.Storage;

/// <summary>
/// Applies the Orleans schema scripts (<c>deploy/sql/&lt;engine&gt;/*.sql</c>) at start-up. Every script
/// is idempotent, so they are all run, in file-name order, on every start: there is no migration
/// history to keep in sync.
/// </summary>
/// <remarks>
/// The scripts are compiled into this assembly as embedded resources named
/// <c>RakorLive.Sql.&lt;engine&gt;/&lt;file&gt;.sql</c> (see the <c>EmbeddedResource</c> item of the server
/// project), so they are found the same way under <c>dotnet run</c>, tests and published output.
/// </remarks>
public static partial class SchemaInstaller
{
    /// <summary>Prefix of the embedded script resources.</summary>
    public const string ResourcePrefix = "RakorLive.Sql.";

    // Any fixed number works; it only has to be the same on every node ("RAKORSQL" in ASCII).
    private const long AdvisoryLockKey = 0x52414B4F5253514C;

    // Waiting for another node's installer counts against this, so it is well above a script run.
    private const int CommandTimeoutSeconds = 120;

    /// <summary>Applies every script of <paramref name="settings"/>' engine, in order, idempotently.</summary>
    /// <exception cref="InvalidOperationException">No scripts are embedded for the engine.</exception>
    public static async Task ApplyAsync(StorageSettings settings, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(logger);

        var scripts = LoadScripts(settings.ScriptFolder);
        if (scripts.Count == 0)
        {
            throw new InvalidOperationException(
                $"No schema scripts '{ResourcePrefix}{settings.ScriptFolder}/*.sql' are embedded in {typeof(SchemaInstaller).Assembly.GetName().Name}. " +
                "The server project must embed deploy/sql/**/*.sql (EmbeddedResource with LogicalName RakorLive.Sql.%(RecursiveDir)%(Filename)%(Extension)).");
        }

        // Redacting parses the connection string, so only do it when the line is written.
        if (logger.IsEnabled(LogLevel.Information))
        {
            var target = settings.RedactedConnectionString();
            LogApplying(logger, scripts.Count, settings.Provider, target);
        }

        switch (settings.Provider)
        {
            case StorageProvider.Sqlite:
                await ApplySqliteAsync(settings, scripts, logger, ct);
                break;
            case StorageProvider.PostgreSQL:
                await ApplyPostgreSqlAsync(settings, scripts, logger, ct);
                break;
            default:
                throw new InvalidOperationException($"Unknown storage provider '{settings.Provider}'.");
        }

        LogApplied(logger, settings.Provider);
    }

    /// <summary>Scripts written once for both engines (RakorLive's own tables), run in file-name order with each engine's.</summary>
    public const string CommonFolder = "common";

    /// <summary>The embedded scripts of one engine folder and of <see cref="CommonFolder"/>, ordered by file name.</summary>
    public static IReadOnlyList<(string Name, string Sql)> LoadScripts(string engineFolder)
    {
        var assembly = typeof(SchemaInstaller).Assembly;
        var prefixes = new[] { ResourcePrefix + engineFolder + "/", ResourcePrefix + CommonFolder + "/" };
        var result = new List<(string Name, string Sql)>();

        foreach (var resource in assembly.GetManifestResourceNames())
        {
            // %(RecursiveDir) carries the OS separator of the machine that built the assembly.
            var normalized = resource.Replace('\\', '/');
            var prefix = prefixes.FirstOrDefault(p => normalized.StartsWith(p, StringComparison.Ordinal));
            if (prefix is null || !normalized.EndsWith(".sql", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"Embedded resource '{resource}' cannot be opened.");
            using var reader = new StreamReader(stream);
            result.Add((normalized[prefix.Length..], reader.ReadToEnd()));
        }

        result.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return result;
    }

    private static async Task ApplySqliteAsync(
        StorageSettings settings, IReadOnlyList<(string Name, string Sql)> scripts, ILogger logger, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(settings.ConnectionString);
        await connection.OpenAsync(ct);

        // Native busy handler for this connection (e.g. while another process holds the write
        // lock). Orleans' own connections get the same effect from Microsoft.Data.Sqlite, which
        // retries SQLITE_BUSY until "Default Timeout" (set by StorageSettings) runs out.
        await using (var busy = connection.CreateCommand())
        {
            busy.CommandText = "PRAGMA busy_timeout = 30000;";
            await busy.ExecuteNonQueryAsync(ct);
        }

        // WAL lets readers run while one connection writes, instead of failing with "database is
        // locked"; it is stored in the file, so setting it here covers every Orleans connection.
        // It cannot change inside a transaction, hence before the scripts.
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandTimeout = CommandTimeoutSeconds;
            pragma.CommandText = "PRAGMA journal_mode = WAL;";
            var mode = Convert.ToString(await pragma.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                LogNoWal(logger, mode ?? "(null)");
            }
        }

        // One IMMEDIATE transaction: takes the write lock up front (no upgrade deadlock with a second
        // process starting at the same time) and leaves either all scripts applied or none.
        await using var transaction = connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
        foreach (var (name, sql) in scripts)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandTimeout = CommandTimeoutSeconds;
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(ct);
            LogScript(logger, name);
        }

        await transaction.CommitAsync(ct);
    }

    private static async Task ApplyPostgreSqlAsync(
        StorageSettings settings, IReadOnlyList<(string Name, string Sql)> scripts, ILogger logger, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync(ct);

        // PostgreSQL DDL is transactional: all scripts commit together or not at all. The
        // transaction-scoped advisory lock serializes nodes that start together (concurrent
        // CREATE TABLE IF NOT EXISTS can otherwise fail on a duplicate catalog row) and is released
        // by COMMIT/ROLLBACK even if this process dies.
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.CommandTimeout = CommandTimeoutSeconds;
            lockCommand.Parameters.AddWithValue("key", AdvisoryLockKey);
            await lockCommand.ExecuteNonQueryAsync(ct);
        }

        foreach (var (name, sql) in scripts)
        {
            // No parameters: the script is sent as-is, so the @Name placeholders inside the stored
            // query texts stay literal text.
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            command.CommandTimeout = CommandTimeoutSeconds;
            await command.ExecuteNonQueryAsync(ct);
            LogScript(logger, name);
        }

        await transaction.CommitAsync(ct);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Applying {Count} Orleans schema script(s) for {Provider} to {ConnectionString}")]
    private static partial void LogApplying(ILogger logger, int count, StorageProvider provider, string connectionString);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Applied schema script {Script}")]
    private static partial void LogScript(ILogger logger, string script);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Orleans schema for {Provider} is up to date")]
    private static partial void LogApplied(ILogger logger, StorageProvider provider);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning,
        Message = "SQLite kept journal mode '{Mode}' instead of WAL; concurrent grain writes may wait on each other longer")]
    private static partial void LogNoWal(ILogger logger, string mode);
}
