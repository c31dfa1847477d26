using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Orleans.Hosting;
using Orleans.Storage;
using Orleans.TestingHost;
using RakorLive.GrainInterfaces;
using RakorLive.Grains;
using RakorLive.Grains.Agencies;
using RakorLive.Grains.Directory;
using RakorLive.Grains.Meetings.Journal;
using RakorLive.Model;
using RakorLive.Serialization;
using RakorLive.Storage;
using Microsoft.Extensions.Configuration;
using Orleans.Serialization;

namespace RakorLive.UnitTests.Infrastructure;

/// <summary>
/// One in-process silo with in-memory grain storage and reminders, shared by every grain test class
/// (they run one after another in <see cref="ClusterCollection"/>). Grains read a fake clock the tests move.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    /// <summary>Monday 2 March 2026, 08.00 WIB: where the fake clock starts.</summary>
    public static readonly DateTimeOffset ClockStart = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    /// <summary>Small, so tests can push a meeting's history past what it retains.</summary>
    public const int EventRetention = 10;

    /// <summary>Smaller still, so the oldest retained positions are answered from the journal rather than memory.</summary>
    public const int EventWindow = 4;

    /// <summary>Small, so tests see meetings reactivate from a snapshot plus the entries after it.</summary>
    public const int SnapshotEvery = 8;

    /// <summary>Agencies seeded into the directory; the KEC-* ones belong to one test each, so their ledgers hold nothing else.</summary>
    public static readonly IReadOnlyList<Opd> Agencies =
    [
        new("PUPR", "Dinas Pekerjaan Umum dan Penataan Ruang"),
        new("DINKES", "Dinas Kesehatan"),
        new("DISDIK", "Dinas Pendidikan"),
        new("BAPPEDA", "Badan Perencanaan Pembangunan Daerah", "Badan"),
        new("DISHUB", "Dinas Perhubungan"),
        new("DLH", "Dinas Lingkungan Hidup"),
        new("KEC-SUKAMAJU", "Kecamatan Sukamaju", "Kecamatan"),
        new("KEC-MEKARSARI", "Kecamatan Mekarsari", "Kecamatan"),
        new("KEC-CIBEUREUM", "Kecamatan Cibeureum", "Kecamatan"),
    ];

    // The silo creates its configurator by type, so what it shares with the tests is static; one cluster per test run.
    internal static FakeTimeProvider Clock { get; } = new(ClockStart);
    internal static LogWatch Log { get; } = new();
    /// <summary>The test run's database: a SQLite file with RakorLive's schema, deleted afterwards.</summary>
    internal static StorageSettings Database { get; } = StorageSettings.FromConfiguration(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { [StorageSettings.DataDirectoryKey] = Path.Combine(Path.GetTempPath(), "rakorlive-unit-" + Guid.NewGuid().ToString("N")) })
        .Build());

    internal static TestJournal Journal { get; private set; } = null!;
    internal static TestFollowUps FollowUps { get; private set; } = null!;

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    public IServiceProvider SiloServices => ((InProcessSiloHandle)Cluster.Primary!).SiloHost.Services;

    public async Task InitializeAsync()
    {
        await SchemaInstaller.ApplyAsync(Database, Log.CreateLogger("schema"), CancellationToken.None);
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        await Grains.GetGrain<IOpdDirectoryGrain>(DirectoryKeys.Default).Seed(Agencies);
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Database.DataDirectory, recursive: true); }
        catch (IOException) { }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder client) =>
            client.Services.AddSerializer(serializer => serializer.AddRakorLiveContracts());
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddMemoryGrainStorage(StorageNames.Default);
            silo.AddMemoryGrainStorageAsDefault();
            silo.UseInMemoryReminderService();
            // Daily deadline reminders then get a local timer as soon as they are registered, instead of waiting
            // for a table refresh the fake clock would have to drive as well.
            silo.Configure<ReminderOptions>(o => o.ReminderLoadingWindow = TimeSpan.FromDays(2));
            silo.Services.Configure<RakorLiveGrainOptions>(o =>
            {
                o.TimeZone = "Asia/Jakarta";
                o.EventRetention = EventRetention;
                o.EventWindow = EventWindow;
                o.SnapshotEvery = SnapshotEvery;
            });
            // The unkeyed clock is what the grains and the reminder service read; Orleans' own maintenance
            // loops (membership, messaging, activation collection) stay on real time so moving the fake clock cannot stall them.
            silo.Services.AddSingleton<TimeProvider>(Clock);
            foreach (var area in new[]
            {
                TimeProviderNames.Grains, TimeProviderNames.Messaging, TimeProviderNames.SystemTimers,
                TimeProviderNames.Membership, TimeProviderNames.ActivationManagement, TimeProviderNames.GrainDirectory,
            })
                silo.Services.AddKeyedSingleton(area, TimeProvider.System);
            silo.Services.AddSingleton<ILoggerProvider>(Log);
            silo.Services.AddSingleton(Database);
            silo.Services.AddRakorLiveDatabase();
            // The grains get the real journal through the test's wrapper.
            silo.Services.AddSingleton<IMeetingJournal>(sp => Journal = new TestJournal(ActivatorUtilities.CreateInstance<AdoNetMeetingJournal>(sp)));
            silo.Services.AddSingleton<IFollowUpStore>(sp => FollowUps = new TestFollowUps(ActivatorUtilities.CreateInstance<AdoNetFollowUpStore>(sp)));
            silo.Services.AddSingleton<OpdCatalog>();
            silo.Services.AddSerializer(serializer => serializer.AddRakorLiveContracts());
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "Orleans test cluster";
}
