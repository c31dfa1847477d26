using Microsoft.Extensions.DependencyInjection;
using RakorLive.Grains.Agencies;
using RakorLive.Grains.Audit;
using RakorLive.Grains.FollowUps;
using RakorLive.Grains.Meetings.Journal;
using RakorLive.Grains.Notifications;

namespace RakorLive.Storage;

public static class DatabaseServices
{
    /// <summary>RakorLive's own tables (journal, follow-ups) on the engine of the registered <see cref="StorageSettings"/>.</summary>
    public static IServiceCollection AddRakorLiveDatabase(this IServiceCollection services)
    {
        services.AddSingleton(sp => new AdoNetDatabase(sp.GetRequiredService<StorageSettings>()));
        services.AddSingleton<IMeetingJournal, AdoNetMeetingJournal>();
        services.AddSingleton<IFollowUpStore, AdoNetFollowUpStore>();
        services.AddSingleton<INotificationStore, AdoNetNotificationStore>();
        services.AddSingleton<IFollowUpQueries, AdoNetFollowUpQueries>();
        services.AddSingleton<IEvidenceStore, AdoNetEvidenceStore>();
        services.AddSingleton<IAuditLog, AdoNetAuditLog>();
        return services;
    }
}
