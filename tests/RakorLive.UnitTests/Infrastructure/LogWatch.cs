using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RakorLive.UnitTests.Infrastructure;

/// <summary>Lets a test await a log line the silo writes, e.g. a grain acting on a reminder tick.</summary>
internal sealed class LogWatch : ILoggerProvider
{
    private readonly ConcurrentDictionary<Watcher, byte> _watchers = new();

    /// <summary>Completes with the first message from <paramref name="category"/> that matches, written after this call.</summary>
    public Task<string> Next(string category, Func<string, bool> matches)
    {
        var watcher = new Watcher(category, matches);
        _watchers[watcher] = 0;
        return watcher.Logged.Task;
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private void Write(string category, string message)
    {
        foreach (var watcher in _watchers.Keys)
        {
            if (watcher.Category != category || !watcher.Matches(message)) continue;
            if (_watchers.TryRemove(watcher, out _)) watcher.Logged.TrySetResult(message);
        }
    }

    private sealed class Watcher(string category, Func<string, bool> matches)
    {
        public string Category { get; } = category;
        public Func<string, bool> Matches { get; } = matches;
        public TaskCompletionSource<string> Logged { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Logger(LogWatch owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) owner.Write(category, formatter(state, exception));
        }
    }
}
