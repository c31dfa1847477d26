using Microsoft.Extensions.Configuration;
using Npgsql;
using RakorLive.Storage;

namespace RakorLive.UnitTests.Storage;

/// <summary>What RakorLive adds to a PostgreSQL connection string, and that an operator's own choice wins.</summary>
public sealed class PostgreSqlConnectionDefaultsTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "rakorlive-settings-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void A_connection_string_that_names_none_gets_the_pool_timeouts_and_prepared_statements()
    {
        var settings = Read("Host=db;Database=rakorlive;Username=rakorlive");

        Assert.Equal(StorageSettings.DefaultPostgreSqlMaxPoolSize, settings.MaxPoolSize);
        Assert.Equal(StorageSettings.DefaultPostgreSqlTimeoutSeconds, settings.Timeout);
        Assert.Equal(StorageSettings.DefaultPostgreSqlTimeoutSeconds, settings.CommandTimeout);
        Assert.Equal(StorageSettings.DefaultPostgreSqlMaxAutoPrepare, settings.MaxAutoPrepare);
    }

    [Theory]
    [InlineData("Max Auto Prepare=0", 0)]
    [InlineData("MaxAutoPrepare=10", 10)]
    public void An_operators_own_Max_Auto_Prepare_stays_as_written(string setting, int expected) =>
        Assert.Equal(expected, Read("Host=db;Database=rakorlive;" + setting).MaxAutoPrepare);

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory)) Directory.Delete(_dataDirectory, recursive: true);
    }

    private NpgsqlConnectionStringBuilder Read(string connectionString) => new(StorageSettings.FromConfiguration(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            [StorageSettings.ProviderKey] = "PostgreSQL",
            [StorageSettings.DataDirectoryKey] = _dataDirectory,
            ["ConnectionStrings:" + StorageSettings.ConnectionStringName] = connectionString,
        })
        .Build()).ConnectionString);
}
