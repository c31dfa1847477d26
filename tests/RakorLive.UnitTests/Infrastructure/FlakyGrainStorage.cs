using System.Collections.Concurrent;
using Orleans.Storage;

namespace RakorLive.UnitTests.Infrastructure;

/// <summary>The grains' storage, with writes of one state name made to fail on demand, as an unreachable database would.</summary>
public sealed class FlakyGrainStorage(IGrainStorage inner) : IGrainStorage
{
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);

    /// <summary>The next <paramref name="count"/> writes of state <paramref name="stateName"/> throw and change nothing.</summary>
    public void FailWrites(string stateName, int count) => _failures[stateName] = count;

    public int Failed { get; private set; }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_failures.TryGetValue(stateName, out var left) && left > 0 && _failures.TryUpdate(stateName, left - 1, left))
        {
            Failed++;
            throw new TimeoutException($"The test made the storage of '{stateName}' unavailable.");
        }
        return inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);
}
