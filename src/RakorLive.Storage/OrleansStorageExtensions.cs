using System.Net;
using Orleans.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Serialization;
using Orleans.Storage;

namespace RakorLive.Storage;

/// <summary>
/// Cluster identity and endpoints for <see cref="OrleansStorageExtensions.AddRakorLiveStorage"/>.
/// </summary>
/// <remarks>
/// <see cref="ServiceId"/> is part of every persisted grain-state and reminder key: keep it stable
/// across restarts and deployments or the stored data is no longer found.
/// </remarks>
public sealed record RakorLiveClusterOptions
{
    /// <summary>Logical service name; part of every storage key. Never change it for existing data.</summary>
    public string ServiceId { get; init; } = "rakorlive";

    /// <summary>Cluster (deployment) name; silos with the same value form one cluster.</summary>
    public string ClusterId { get; init; } = "rakorlive";

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; init; } = EndpointOptions.DEFAULT_SILO_PORT;

    /// <summary>Client gateway port.</summary>
    public int GatewayPort { get; init; } = EndpointOptions.DEFAULT_GATEWAY_PORT;

    /// <summary>
    /// PostgreSQL only: the address other silos use to reach this one. <see langword="null"/> lets
    /// Orleans resolve the host name (check it is not a container-internal address).
    /// </summary>
    public IPAddress? AdvertisedAddress { get; init; }
}

/// <summary>Wires Orleans persistence, reminders and clustering to the configured database.</summary>
public static class OrleansStorageExtensions
{
    /// <summary>Name of the grain storage provider, e.g. <c>[PersistentState("meeting", "rakor")]</c>.</summary>
    public const string StorageName = "rakor";

    /// <summary>
    /// Configures ADO.NET grain storage (as the default provider and as <see cref="StorageName"/>),
    /// ADO.NET reminders and, when <paramref name="cluster"/> is given, clustering.
    /// </summary>
    /// <param name="silo">The silo builder.</param>
    /// <param name="settings">Engine and connection string, from <see cref="StorageSettings.FromConfiguration"/>.</param>
    /// <param name="cluster">
    /// <see langword="null"/>: clustering, <see cref="ClusterOptions"/> and endpoints are left to the caller.
    /// Otherwise SQLite uses <c>UseLocalhostClustering</c> (single node, loopback) and PostgreSQL uses
    /// <c>UseAdoNetClustering</c> on the same database, with the ids and ports of <paramref name="cluster"/>.
    /// </param>
    /// <remarks>
    /// The tables and the <c>OrleansQuery</c> rows must exist before the silo starts: call
    /// <see cref="SchemaInstaller.ApplyAsync"/> before starting the host. The default provider and
    /// <see cref="StorageName"/> share one table, so they are two names for the same data.
    /// </remarks>
    public static ISiloBuilder AddRakorLiveStorage(this ISiloBuilder silo, StorageSettings settings, RakorLiveClusterOptions? cluster = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(settings);

        var invariant = settings.Invariant;
        var connectionString = settings.ConnectionString;

        void ConfigureGrainStorage(AdoNetGrainStorageOptions options)
        {
            options.Invariant = invariant;
            options.ConnectionString = connectionString;
        }

        silo.AddAdoNetGrainStorageAsDefault(ConfigureGrainStorage);
        silo.AddAdoNetGrainStorage(StorageName, ConfigureGrainStorage);

        // Orleans' binary serializer instead of the default JSON with CLR type names: a meeting's state is
        // rewritten whole on every command, so size matters, and [Alias]-ed types survive class renames.
        foreach (var name in new[] { ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, StorageName })
        {
            silo.Services.AddOptions<AdoNetGrainStorageOptions>(name)
                .PostConfigure<Serializer>((options, serializer) => options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
        }

        // A storage failure on one node reaches the caller on another as the database's own exception;
        // Orleans serializes only Microsoft/System/Azure exceptions unless told, and a codec error would be a 500.
        silo.Services.Configure<ExceptionSerializationOptions>(options => options.SupportedNamespacePrefixes.Add("Npgsql"));

        // Both engines implement every reminder query (see deploy/sql/*/003-reminders.sql).
        silo.UseAdoNetReminderService(options =>
        {
            options.Invariant = invariant;
            options.ConnectionString = connectionString;
        });

        if (cluster is null)
        {
            return silo;
        }

        switch (settings.Provider)
        {
            case StorageProvider.Sqlite:
                // SQLite is the single-process default; the membership scripts exist for experiments,
                // but one file cannot be shared by silos on different machines.
                silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, null, cluster.ServiceId, cluster.ClusterId);
                break;

            case StorageProvider.PostgreSQL:
                silo.Configure<ClusterOptions>(options =>
                {
                    options.ServiceId = cluster.ServiceId;
                    options.ClusterId = cluster.ClusterId;
                });
                silo.UseAdoNetClustering(options =>
                {
                    options.Invariant = invariant;
                    options.ConnectionString = connectionString;
                });

                // Listen on every interface so the advertised address is reachable whatever NIC it is on.
                if (cluster.AdvertisedAddress is { } advertised)
                {
                    silo.ConfigureEndpoints(advertised, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
                }
                else
                {
                    silo.ConfigureEndpoints(cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
                }

                break;

            default:
                throw new InvalidOperationException($"Unknown storage provider '{settings.Provider}'.");
        }

        return silo;
    }
}
