using System.Collections.Concurrent;
using RakorLive.Events;
using RakorLive.GrainInterfaces;

namespace RakorLive.UnitTests.Infrastructure;

/// <summary>A relay stand-in: records each batch the meeting pushes and lets a test await a given seq.</summary>
internal sealed class RecordingObserver : IMeetingObserver
{
    private readonly ConcurrentQueue<IReadOnlyList<MeetingEvent>> _batches = new();
    private readonly Lock _gate = new();
    private readonly List<(long Seq, TaskCompletionSource Reached)> _waiters = [];
    private long _highest;

    public IReadOnlyList<IReadOnlyList<MeetingEvent>> Batches => [.. _batches];

    public IReadOnlyList<MeetingEvent> Events => [.. _batches.SelectMany(b => b)];

    public Task OnEvents(IReadOnlyList<MeetingEvent> events)
    {
        _batches.Enqueue(events);
        lock (_gate)
        {
            _highest = Math.Max(_highest, events.Max(e => e.Seq));
            foreach (var waiter in _waiters.Where(w => w.Seq <= _highest).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Reached.TrySetResult();
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>Completes once an event with <paramref name="seq"/> or later has arrived.</summary>
    public Task Reached(long seq)
    {
        lock (_gate)
        {
            if (_highest >= seq) return Task.CompletedTask;
            var waiter = (seq, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            _waiters.Add(waiter);
            return waiter.Item2.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }
}
