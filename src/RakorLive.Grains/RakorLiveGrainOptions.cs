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

    /// <summary>
    /// A meeting writes its snapshot once this many journal entries have passed since the last one, or as many as it holds
    /// commitments if that is more (MeetingOutbox.EntriesBetweenSnapshots).
    /// </summary>
    public int SnapshotEvery { get; set; } = 200;

    /// <summary>The pemda's name for document headers (RakorLive:Region or RakorLive:Region:Name), e.g. "Kabupaten Lebong".</summary>
    public string RegionName { get; set; } = "Pemerintah Daerah";

    /// <summary>The city of the signature line (RakorLive:Region "Name / City" or RakorLive:Region:City), e.g. "Tubei".</summary>
    public string RegionCity { get; set; } = "";
}
