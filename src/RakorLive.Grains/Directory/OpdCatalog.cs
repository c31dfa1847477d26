using RakorLive.GrainInterfaces;
using RakorLive.Model;

namespace RakorLive.Grains.Directory;

/// <summary>
/// This silo's copy of the deployment's agencies, so a command checks its agency codes without a grain call.
/// A code it does not know sends it back to the directory once (an agency added a moment ago on another node),
/// and it refreshes itself every minute in any case.
/// </summary>
public sealed class OpdCatalog(IGrainFactory grains, TimeProvider clock)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
    private volatile Snapshot? _current;
    private readonly SemaphoreSlim _refresh = new(1, 1);

    private sealed record Snapshot(HashSet<string> Codes, IReadOnlyList<Opd> Opds, DateTimeOffset ReadAt);

    /// <summary>Known codes, fresh enough to decide whether every code in <paramref name="codes"/> exists.</summary>
    public async ValueTask<Func<string, bool>> For(IEnumerable<string?> codes)
    {
        var current = _current;
        var wanted = codes.OfType<string>().Select(c => c.Trim().ToUpperInvariant()).Where(c => c.Length > 0).ToList();
        if (current is null || clock.GetUtcNow() - current.ReadAt > MaxAge || wanted.Any(c => !current.Codes.Contains(c)))
            current = await Refresh(current);
        return current.Codes.Contains;
    }

    /// <summary>Every agency's name by code, fresh within a minute (documents print names, commands carry codes).</summary>
    public async ValueTask<IReadOnlyDictionary<string, string>> Names()
    {
        var current = _current;
        if (current is null || clock.GetUtcNow() - current.ReadAt > MaxAge) current = await Refresh(current);
        return current.Opds.ToDictionary(o => o.Code, o => o.Name, StringComparer.Ordinal);
    }

    /// <summary>Called on the silo where an agency was added, so its next command needs no round trip.</summary>
    public void Invalidate() => _current = null;

    private async Task<Snapshot> Refresh(Snapshot? seen)
    {
        await _refresh.WaitAsync();
        try
        {
            // Another caller refreshed while this one waited.
            if (_current is { } fresh && !ReferenceEquals(fresh, seen) && clock.GetUtcNow() - fresh.ReadAt <= MaxAge) return fresh;
            var opds = await grains.GetGrain<IOpdDirectoryGrain>(DirectoryKeys.Default).List();
            var snapshot = new Snapshot(opds.Select(o => o.Code).ToHashSet(StringComparer.Ordinal), opds, clock.GetUtcNow());
            _current = snapshot;
            return snapshot;
        }
        finally
        {
            _refresh.Release();
        }
    }
}
