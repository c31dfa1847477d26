using System.Data.Common;
using Orleans.Runtime;
using Orleans.Storage;

namespace RakorLive.Server.Hosting;

/// <summary>Which failures mean "the database or cluster is briefly unavailable" (503, retry) rather than a bug.</summary>
public static class StorageFailures
{
    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbException or TimeoutException or InconsistentStateException or SiloUnavailableException
                or OrleansMessageRejectionException or OperationCanceledException)
                return true;
            if (e is AggregateException agg && agg.InnerExceptions.Any(IsUnavailable))
                return true;
            if (e is OrleansException && e.Message.Contains("storage", StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }
}
