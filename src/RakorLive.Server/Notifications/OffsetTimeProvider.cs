namespace RakorLive.Server.Notifications;

// Orleans' own areas read keyed clocks; they stay on real time so the offset moves only what RakorLive reads.

/// <summary>The system clock shifted by a fixed offset (<c>RakorLive:ClockOffset</c>): lets a test start a real server "days later".</summary>
public sealed class OffsetTimeProvider(TimeSpan offset) : TimeProvider
{
    /// <summary>The shifted clock for the grains and the reminder service; Orleans' maintenance (membership, messaging, activations) stays on real time.</summary>
    public static void Register(IServiceCollection services, TimeSpan offset)
    {
        services.AddSingleton<TimeProvider>(new OffsetTimeProvider(offset));
        foreach (var area in new[]
        {
            Orleans.Runtime.TimeProviderNames.Grains, Orleans.Runtime.TimeProviderNames.Messaging, Orleans.Runtime.TimeProviderNames.SystemTimers,
            Orleans.Runtime.TimeProviderNames.Membership, Orleans.Runtime.TimeProviderNames.ActivationManagement, Orleans.Runtime.TimeProviderNames.GrainDirectory,
        })
            services.AddKeyedSingleton(area, TimeProvider.System);
    }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;

    public override TimeZoneInfo LocalTimeZone => System.LocalTimeZone;

    public override long GetTimestamp() => System.GetTimestamp();

    public override long TimestampFrequency => System.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, dueTime, period);
}
