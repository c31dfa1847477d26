using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Orleans.Runtime;
using RakorLive.Server.Hubs;
using RakorLive.Storage;

namespace RakorLive.Server.Hosting;

/// <summary>Ready once the silo is active, the database answers, first-start set-up is done and the hub relay runs.</summary>
public sealed class ReadinessCheck(ILocalSiloDetails silo, ISiloStatusOracle oracle, StorageSettings storage, MeetingRelay relay, Bootstrap bootstrap)
    : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (oracle.CurrentStatus != SiloStatus.Active)
            return HealthCheckResult.Unhealthy($"Silo {silo.SiloAddress} is {oracle.CurrentStatus}.");
        if (!relay.IsRunning) return HealthCheckResult.Unhealthy("The SignalR relay has not started.");
        if (!bootstrap.Completed) return HealthCheckResult.Unhealthy("First-start set-up is still running.");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            DbProviderFactory factory = storage.Provider == StorageProvider.PostgreSQL ? NpgsqlFactory.Instance : SqliteFactory.Instance;
            await using var connection = factory.CreateConnection()!;
            connection.ConnectionString = storage.ConnectionString;
            await connection.OpenAsync(timeout.Token);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(timeout.Token);
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("Storage does not answer.", e);
        }
        return HealthCheckResult.Healthy($"Silo {silo.SiloAddress} active, {oracle.GetApproximateSiloStatuses(onlyActive: true).Count} active silo(s).");
    }
}
