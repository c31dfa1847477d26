using RakorLive.Grains;

namespace RakorLive.Server.Hosting;

/// <summary>
/// RakorLive:Region, the pemda's name and city for the documents: either one string "Kabupaten Lebong / Tubei"
/// (name, then the city of the signature line after a '/') or the sub-keys RakorLive:Region:Name and RakorLive:Region:City.
/// </summary>
public static class RegionSetting
{
    public static void Apply(IConfiguration config, RakorLiveGrainOptions options)
    {
        var section = config.GetSection("RakorLive:Region");
        if (section["Name"] is { Length: > 0 } name) options.RegionName = name.Trim();
        if (section["City"] is { Length: > 0 } city) options.RegionCity = city.Trim();
        if (section.Value is { Length: > 0 } single)
        {
            var parts = single.Split('/', 2, StringSplitOptions.TrimEntries);
            options.RegionName = parts[0];
            if (parts.Length > 1 && parts[1].Length > 0) options.RegionCity = parts[1];
        }
    }
}
