namespace RakorLive.Grains.Meetings;

/// <summary>Callers waiting until a meeting's journal (or its outbox) reaches a version. Used on the grain's own thread only.</summary>
internal sealed class VersionWaiters
{
    private readonly List<(long Version, TaskCompletionSource Done)> _waiting = [];

    public Task Until(long version)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting.Add((version, done));
        return done.Task;
    }

    public void Release(long reached)
    {
        for (var i = _waiting.Count - 1; i >= 0; i--)
        {
            if (_waiting[i].Version > reached) continue;
            _waiting[i].Done.TrySetResult();
            _waiting.RemoveAt(i);
        }
    }

    public void FailAll(Exception reason)
    {
        foreach (var (_, done) in _waiting) done.TrySetException(reason);
        _waiting.Clear();
    }
}
