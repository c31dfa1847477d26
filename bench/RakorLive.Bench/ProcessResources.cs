namespace RakorLive.Bench;

/// <summary>A process's memory at the end of the measured phase and the CPU it used during it; null figures when it could not be read.</summary>
public sealed record ProcessResources(string Name, int? Pid, ProcessSample? Before, ProcessSample? After)
{
    public double? RssMiB => After is { } a ? a.RssKiB / 1024.0 : null;

    /// <summary>The high-water mark since the process started (VmHWM), set-up included.</summary>
    public double? PeakRssMiB => After is { } a ? a.PeakRssKiB / 1024.0 : null;

    public double? CpuSeconds => Before is { } b && After is { } a ? a.CpuSeconds - b.CpuSeconds : null;
}
