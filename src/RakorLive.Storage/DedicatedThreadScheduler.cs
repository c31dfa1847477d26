namespace RakorLive.Storage;

/// <summary>
/// Runs its tasks, and every continuation they await, on one thread of its own. Microsoft.Data.Sqlite's "async" calls
/// are synchronous: SQLite's writer (each commit's fsync) and its checkpoints would otherwise hold one of the few
/// thread-pool workers that Kestrel and SignalR send on, and the pool cannot tell that worker is only waiting for the disk.
/// </summary>
internal sealed class DedicatedThreadScheduler : TaskScheduler, IDisposable
{
    private readonly Queue<Task> _queue = new();
    private readonly Thread _thread;
    private bool _disposed;

    public DedicatedThreadScheduler(string name)
    {
        _thread = new Thread(RunQueued) { IsBackground = true, Name = name };
        _thread.Start();
    }

    public override int MaximumConcurrencyLevel => 1;

    /// <summary>Starts <paramref name="work"/> on this thread; its awaits come back to it.</summary>
    public Task Run(Func<Task> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.DenyChildAttach, this).Unwrap();

    protected override void QueueTask(Task task)
    {
        lock (_queue)
        {
            if (!_disposed)
            {
                _queue.Enqueue(task);
                Monitor.Pulse(_queue);
                return;
            }
        }
        // A continuation that arrives after the thread stopped still runs, on the pool.
        ThreadPool.UnsafeQueueUserWorkItem(_ => TryExecuteTask(task), null);
    }

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        Thread.CurrentThread == _thread && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks()
    {
        lock (_queue) return [.. _queue];
    }

    private void RunQueued()
    {
        while (true)
        {
            Task task;
            lock (_queue)
            {
                while (_queue.Count == 0)
                {
                    if (_disposed) return;
                    Monitor.Wait(_queue);
                }
                task = _queue.Dequeue();
            }
            TryExecuteTask(task);
        }
    }

    /// <summary>The thread ends once what is queued has run.</summary>
    public void Dispose()
    {
        lock (_queue)
        {
            _disposed = true;
            Monitor.Pulse(_queue);
        }
    }
}
