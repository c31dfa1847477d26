namespace RakorLive.Client;

/// <summary>Tasks that complete when a feed's position reaches a seq: no polling, one TaskCompletionSource per wait.</summary>
internal sealed class SeqWaiters
{
    private readonly Lock _lock = new();
    private readonly List<(long Seq, TaskCompletionSource Done)> _waiting = [];
    private long _reached;

    public Task WaitAsync(long seq, CancellationToken cancellationToken)
    {
        TaskCompletionSource done;
        lock (_lock)
        {
            if (_reached >= seq) return Task.CompletedTask;
            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Add((seq, done));
        }
        if (!cancellationToken.CanBeCanceled) return done.Task;
        var registration = cancellationToken.Register(() =>
        {
            lock (_lock) _waiting.RemoveAll(w => w.Done == done);
            done.TrySetCanceled(cancellationToken);
        });
        _ = done.Task.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
        return done.Task;
    }

    /// <summary>The feed is now at <paramref name="seq"/> (which may be lower than before after an epoch change).</summary>
    public void Reached(long seq)
    {
        List<TaskCompletionSource> release;
        lock (_lock)
        {
            _reached = seq;
            release = [.. _waiting.Where(w => w.Seq <= seq).Select(w => w.Done)];
            _waiting.RemoveAll(w => w.Seq <= seq);
        }
        foreach (var done in release) done.TrySetResult();
    }

    public void FailAll(Exception reason)
    {
        List<TaskCompletionSource> release;
        lock (_lock)
        {
            release = [.. _waiting.Select(w => w.Done)];
            _waiting.Clear();
        }
        foreach (var done in release) done.TrySetException(reason);
    }
}
