using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace RakorLive.Storage;

/// <summary>The database engine behind Orleans persistence, reminders and (PostgreSQL) clustering.</summary>
public enum StorageProvider
{
    /// <summary>Embedded default: one SQLite file under the data folder, single process.</summary>
    Sqlite,

    /// <summary>Production and clusters.</summary>
    PostgreSQL,
}

/// <summary>
/// Where and how RakorLive stores its Orleans data. Build it with <see cref="FromConfiguration"/>.
/// </summary>
/// <param name="Provider">The engine.</param>
/// <param name="DataDirectory">Absolute path of the data folder (exists once built by <see cref="FromConfiguration"/>).</param>
/// <param name="ConnectionString">ADO.NET connection string for <paramref name="Provider"/>.</param>
public sealed record StorageSettings(StorageProvider Provider, string DataDirectory, string ConnectionString)
{
    /// <summary>Configuration key of the engine name (<c>Sqlite</c> or <c>PostgreSQL</c>, case-insensitive).</summary>
    public const string ProviderKey = "Storage:Provider";

    /// <summary>Configuration key of the data folder (relative paths are resolved against the current directory).</summary>
    public const string DataDirectoryKey = "Storage:DataDirectory";

    /// <summary>Name of the connection string, i.e. configuration key <c>ConnectionStrings:RakorLive</c>.</summary>
    public const string ConnectionStringName = "RakorLive";

    /// <summary>File name of the SQLite database inside the data folder when no connection string is given.</summary>
    public const string DefaultSqliteFileName = "rakorlive.db";

    /// <summary>
    /// Orleans' invariant for SQLite. Orleans 10.4.2 maps this name to the Microsoft.Data.Sqlite
    /// factory; the name "Microsoft.Data.Sqlite" itself is unknown to it and fails at start-up.
    /// </summary>
    public const string SqliteInvariant = "System.Data.SQLite";

    /// <summary>Orleans' invariant for PostgreSQL (Npgsql).</summary>
    public const string PostgreSqlInvariant = "Npgsql";

    /// <summary>The ADO.NET invariant name Orleans needs for <see cref="Provider"/>.</summary>
    public string Invariant => Provider switch
    {
        StorageProvider.Sqlite => SqliteInvariant,
        StorageProvider.PostgreSQL => PostgreSqlInvariant,
        _ => throw new InvalidOperationException($"Unknown storage provider '{Provider}'."),
    };

    /// <summary>Folder name under <c>deploy/sql/</c> holding this engine's schema scripts.</summary>
    public string ScriptFolder => Provider switch
    {
        StorageProvider.Sqlite => "sqlite",
        StorageProvider.PostgreSQL => "postgresql",
        _ => throw new InvalidOperationException($"Unknown storage provider '{Provider}'."),
    };

    /// <summary>
    /// Reads <c>Storage:Provider</c>, <c>Storage:DataDirectory</c> and <c>ConnectionStrings:RakorLive</c>,
    /// creates the data folder and returns normalized settings.
    /// </summary>
    /// <exception cref="InvalidOperationException">A value is missing or invalid; the message says which key to fix.</exception>
    public static StorageSettings FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        var provider = ParseProvider(configuration[ProviderKey]);
        var dataDirectory = PrepareDataDirectory(configuration[DataDirectoryKey]);
        var configured = configuration.GetConnectionString(ConnectionStringName);

        var connectionString = provider switch
        {
            StorageProvider.Sqlite => NormalizeSqlite(configured, dataDirectory),
            _ => NormalizePostgreSql(configured),
        };

        return new StorageSettings(provider, dataDirectory, connectionString);
    }

    /// <summary>Settings text without secrets, safe for logs.</summary>
    public override string ToString() =>
        $"StorageSettings {{ Provider = {Provider}, Invariant = {Invariant}, DataDirectory = {DataDirectory}, ConnectionString = {RedactedConnectionString()} }}";

    /// <summary>The connection string with any password removed, for logs and error messages.</summary>
    public string RedactedConnectionString()
    {
        try
        {
            if (Provider == StorageProvider.PostgreSQL)
            {
                var npgsql = new NpgsqlConnectionStringBuilder(ConnectionString);
                if (!string.IsNullOrEmpty(npgsql.Password))
                {
                    npgsql.Password = "***";
                }

                return npgsql.ConnectionString;
            }

            // SQLite files can be encrypted (SQLCipher), which also puts a password in the string.
            var sqlite = new SqliteConnectionStringBuilder(ConnectionString);
            if (!string.IsNullOrEmpty(sqlite.Password))
            {
                sqlite.Password = "***";
            }

            return sqlite.ToString();
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException)
        {
            return "(unparsable connection string)";
        }
    }

    /// <summary>Npgsql pool size per process when the connection string sets none (Npgsql's own default is 100).</summary>
    public const int DefaultPostgreSqlMaxPoolSize = 30;

    /// <summary>Seconds to open a PostgreSQL connection / run a command when the connection string sets none.</summary>
    public const int DefaultPostgreSqlTimeoutSeconds = 5;

    /// <summary>Statements Npgsql keeps prepared per connection when the connection string sets no Max Auto Prepare.</summary>
    public const int DefaultPostgreSqlMaxAutoPrepare = 64;

    private static bool Mentions(string connectionString, params string[] keys)
    {
        // A plain builder keeps only the keys that were written, unlike NpgsqlConnectionStringBuilder.
        var raw = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        foreach (string key in raw.Keys)
        {
            var compact = key.Replace(" ", string.Empty, StringComparison.Ordinal);
            if (keys.Any(k => compact.Equals(k, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    private static StorageProvider ParseProvider(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || string.Equals(value.Trim(), "Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            return StorageProvider.Sqlite;
        }

        if (string.Equals(value.Trim(), "PostgreSQL", StringComparison.OrdinalIgnoreCase))
        {
            return StorageProvider.PostgreSQL;
        }

        throw new InvalidOperationException(
            $"Configuration '{ProviderKey}' has the unsupported value '{value}'. Use 'Sqlite' (default, embedded file) " +
            $"or 'PostgreSQL' (then also set 'ConnectionStrings:{ConnectionStringName}'), e.g. environment variable Storage__Provider=PostgreSQL.");
    }

    private static string PrepareDataDirectory(string? value)
    {
        // The current directory, not AppContext.BaseDirectory: data must survive rebuilds and not
        // land inside bin/ when started with `dotnet run`.
        var path = string.IsNullOrWhiteSpace(value)
            ? Path.Combine(Directory.GetCurrentDirectory(), "data")
            : Path.GetFullPath(value.Trim(), Directory.GetCurrentDirectory());

        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new InvalidOperationException(
                $"The data folder '{path}' (configuration '{DataDirectoryKey}') cannot be created: {ex.Message} " +
                $"Point '{DataDirectoryKey}' at a writable folder.", ex);
        }

        return path;
    }

    private static string NormalizeSqlite(string? configured, string dataDirectory)
    {
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured) ? string.Empty : configured);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new InvalidOperationException(
                $"'ConnectionStrings:{ConnectionStringName}' is not a valid SQLite connection string ({ex.Message}). " +
                $"Leave it empty to use '{Path.Combine(dataDirectory, DefaultSqliteFileName)}', or use e.g. 'Data Source=rakorlive.db'.", ex);
        }

        // Orleans opens a new connection per query, so a private in-memory database would be empty
        // for every query but the one that created it.
        if (builder.Mode == SqliteOpenMode.Memory || builder.DataSource.Trim() == ":memory:")
        {
            throw new InvalidOperationException(
                $"'ConnectionStrings:{ConnectionStringName}' points at an in-memory SQLite database, which Orleans cannot share " +
                "between its connections. Use a file, e.g. 'Data Source=rakorlive.db' (relative to the data folder).");
        }

        builder.DataSource = string.IsNullOrWhiteSpace(builder.DataSource)
            ? Path.Combine(dataDirectory, DefaultSqliteFileName)
            : Path.GetFullPath(builder.DataSource.Trim(), dataDirectory);

        var folder = Path.GetDirectoryName(builder.DataSource);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        // Microsoft.Data.Sqlite retries SQLITE_BUSY until the command timeout ("Default Timeout")
        // elapses. That retry is the busy timeout for every connection Orleans opens, so make sure
        // it is generous even if the configured string lowered it to nothing.
        if (builder.DefaultTimeout < 5)
        {
            builder.DefaultTimeout = 30;
        }

        builder.Pooling = true;
        return builder.ToString();
    }

    private static string NormalizePostgreSql(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            throw new InvalidOperationException(
                $"'{ProviderKey}' is PostgreSQL but 'ConnectionStrings:{ConnectionStringName}' is empty. Set it, e.g. environment variable " +
                $"ConnectionStrings__{ConnectionStringName}='Host=db;Port=5432;Database=rakorlive;Username=rakorlive;Password=...'.");
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(configured);
            if (string.IsNullOrWhiteSpace(builder.Host))
            {
                throw new InvalidOperationException(
                    $"'ConnectionStrings:{ConnectionStringName}' has no Host. Add e.g. 'Host=localhost;' to it.");
            }

            // Orleans opens one pooled connection per storage call, so a burst of activations fills
            // Npgsql's default pool of 100, which alone exceeds a stock server's max_connections (100
            // minus reserved slots) and fails with 53300. Cap it unless the operator chose a size.
            if (!Mentions(configured, "MaxPoolSize", "MaximumPoolSize"))
            {
                builder.MaxPoolSize = DefaultPostgreSqlMaxPoolSize;
            }

            // An unreachable database must fail a request quickly (503) instead of holding it for
            // Npgsql's 15 s connect / 30 s command defaults.
            if (!Mentions(configured, "Timeout"))
            {
                builder.Timeout = DefaultPostgreSqlTimeoutSeconds;
            }

            if (!Mentions(configured, "CommandTimeout"))
            {
                builder.CommandTimeout = DefaultPostgreSqlTimeoutSeconds;
            }

            // Every command runs the same few statements (its append, the outbox's rows, Orleans' own): prepared on
            // each pooled connection once they repeat, PostgreSQL stops parsing and planning them every time.
            if (!Mentions(configured, "MaxAutoPrepare"))
            {
                builder.MaxAutoPrepare = DefaultPostgreSqlMaxAutoPrepare;
            }

            return builder.ConnectionString;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new InvalidOperationException(
                $"'ConnectionStrings:{ConnectionStringName}' is not a valid Npgsql connection string ({ex.Message}). " +
                "Expected e.g. 'Host=db;Port=5432;Database=rakorlive;Username=rakorlive;Password=...'.", ex);
        }
    }
}
