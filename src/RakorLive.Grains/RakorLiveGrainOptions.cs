namespace RakorLive.Grains;

/// <summary>Deployment settings the grains need (bound from the RakorLive configuration section).</summary>
public sealed class RakorLiveGrainOptions
{
    public const string Section = "RakorLive";

    /// <summary>The deployment's zone (WIB Asia/Jakarta, WITA Asia/Makassar, WIT Asia/Jayapura).</summary>
    public string TimeZone { get; set; } = "Asia/Jakarta";

    /// <summary>How far back a reconnecting client is answered with the events it missed (the newest 1,000 from memory, older ones from the journal); older positions get a snapshot.</summary>
    public int EventRetention { get; set; } = 5000;

    /// <summary>How many of those a meeting keeps in memory (never more than <see cref="EventRetention"/>).</summary>
    public int EventWindow { get; set; } = 1000;

    /// <summary>A meeting writes its snapshot every this many journal entries, so an activation folds at most as many.</summary>
    public int SnapshotEvery { get; set; } = 200;
}
