namespace RakorLive.Client;

/// <summary>
/// The server nodes a client may talk to. It starts on the first node that reports ready and moves
/// to the next one (round robin) when the current one cannot be reached.
/// </summary>
public sealed class NodeSelector
{
    private readonly Lock _lock = new();
    private readonly Uri[] _nodes;
    private int _current;
    private Task? _selection;

    public NodeSelector(IReadOnlyList<Uri> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        if (nodes.Count == 0) throw new ArgumentException("Give at least one node URL.", nameof(nodes));
        _nodes = nodes.Select(Normalize).ToArray();
    }

    public IReadOnlyList<Uri> Nodes => _nodes;

    public Uri Current
    {
        get { lock (_lock) return _nodes[_current]; }
    }

    /// <summary>With several nodes, probes <c>/health/ready</c> once and starts on the first that answers; one node needs no probe.</summary>
    public Task EnsureSelectedAsync(HttpClient http, TimeSpan probeTimeout, CancellationToken cancellationToken)
    {
        if (_nodes.Length == 1) return Task.CompletedTask;
        lock (_lock) _selection ??= SelectFirstHealthyAsync(http, probeTimeout);
        return _selection.WaitAsync(cancellationToken);
    }

    /// <summary>Moves past <paramref name="failed"/> if it is still the current node (several callers may report the same failure).</summary>
    public void Failover(Uri failed)
    {
        lock (_lock)
        {
            if (_nodes[_current] == failed) _current = (_current + 1) % _nodes.Length;
        }
    }

    private async Task SelectFirstHealthyAsync(HttpClient http, TimeSpan probeTimeout)
    {
        for (var i = 0; i < _nodes.Length; i++)
        {
            using var timeout = new CancellationTokenSource(probeTimeout);
            try
            {
                using var response = await http.GetAsync(new Uri(_nodes[i], "health/ready"), timeout.Token);
                if (!response.IsSuccessStatusCode) continue;
                lock (_lock) _current = i;
                return;
            }
            catch (HttpRequestException) { }
            catch (OperationCanceledException) { }
        }
        // None is ready yet: stay on the first and let the retries find one.
    }

    private static Uri Normalize(Uri node)
    {
        if (!node.IsAbsoluteUri) throw new ArgumentException($"Node URL '{node}' must be absolute.", nameof(node));
        return node.AbsoluteUri.EndsWith('/') ? node : new Uri(node.AbsoluteUri + "/");
    }
}
