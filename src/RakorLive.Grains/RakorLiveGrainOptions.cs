namespace RakorLive.Grains;

/// <summary>Deployment settings the grains need (bound from the RakorLive configuration section).</summary>
public sealed class RakorLiveGrainOptions
{
    public const string Section = "RakorLive";

    /// <summary>The deployment's zone (WIB Asia/Jakarta, WITA Asia/Makassar, WIT Asia/Jayapura).</summary>
    public string TimeZone { get; set; } = "Asia/Jakarta";

    /// <summary>How many recent events a meeting keeps for catch-up; older gaps get a snapshot.</summary>
    public int EventRetention { get; set; } = 500;

    /// <summary>A meeting writes its snapshot every this many journal entries, so an activation folds at most as many.</summary>
    public int SnapshotEvery { get; set; } = 200;

    /// <summary>The pemda's name for document headers (RakorLive:Region or RakorLive:Region:Name), e.g. "Kabupaten Lebong".</summary>
    public string RegionName { get; set; } = "Pemerintah Daerah";

    /// <summary>The city of the signature line (RakorLive:Region "Name / City" or RakorLive:Region:City), e.g. "Tubei".</summary>
    public string RegionCity { get; set; } = "";
}
