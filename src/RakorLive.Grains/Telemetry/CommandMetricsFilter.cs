using System.Collections.Concurrent;
using System.Reflection;
using RakorLive.GrainInterfaces;
using RakorLive.Rules;

namespace RakorLive.Grains.Telemetry;

/// <summary>
/// Counts every command a grain on this silo handles into <see cref="RakorLiveMetrics.Commands"/>: a command is
/// a grain method answering a <see cref="CommandReply{T}"/>. Runs where the grain lives, so a command is counted
/// once in the cluster, whichever node took the HTTP request; the grains themselves stay free of metric code.
/// </summary>
public sealed class CommandMetricsFilter : IIncomingGrainCallFilter
{
    // Per interface method: its kind tag ("Meeting.Start"), or null when it is not a command.
    private static readonly ConcurrentDictionary<MethodInfo, string?> Kinds = new();

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        var kind = context.InterfaceMethod is { } method ? Kinds.GetOrAdd(method, KindOf) : null;
        if (kind is null)
        {
            await context.Invoke();
            return;
        }
        string outcome;
        try
        {
            await context.Invoke();
            outcome = context.Result is ICommandReply { Replayed: true } ? RakorLiveMetrics.Outcome.Replay : RakorLiveMetrics.Outcome.Ok;
        }
        catch (RakorProblem problem) when (problem.Status < 500)
        {
            Record(kind, RakorLiveMetrics.Outcome.Rejected);
            throw;
        }
        catch
        {
            Record(kind, RakorLiveMetrics.Outcome.Failed);
            throw;
        }
        Record(kind, outcome);
    }

    private static void Record(string kind, string outcome) =>
        RakorLiveMetrics.Commands.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", outcome));

    private static string? KindOf(MethodInfo method)
    {
        var returns = method.ReturnType;
        if (!returns.IsGenericType || returns.GetGenericTypeDefinition() != typeof(Task<>)) return null;
        if (!typeof(ICommandReply).IsAssignableFrom(returns.GetGenericArguments()[0])) return null;
        // IMeetingGrain.Start -> Meeting.Start: bounded, and unambiguous across grains with a "Create".
        var grain = method.DeclaringType?.Name ?? "Grain";
        if (grain.StartsWith('I')) grain = grain[1..];
        if (grain.EndsWith("Grain", StringComparison.Ordinal)) grain = grain[..^"Grain".Length];
        return grain + "." + method.Name;
    }
}
