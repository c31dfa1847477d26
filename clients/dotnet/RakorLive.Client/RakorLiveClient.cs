using RakorLive.Json;
using System.Net.Http.Headers;
using System.Text.Json;
using RakorLive.Wire;

namespace RakorLive.Client;

/// <summary>
/// The typed REST client of RakorLive. State-changing calls carry a commandId (generated when the
/// caller gives none) and are retried with that same commandId on transient failures, so a retry
/// can never do a thing twice; 4xx answers are final and throw <see cref="RakorLiveProblemException"/>.
/// Several node URLs may be given: the client starts on the first healthy one and moves on when a node is unreachable.
/// Safe to use from several threads at once.
/// </summary>
public sealed partial class RakorLiveClient : IDisposable
{
    private const string ReplayHeader = Headers.IdempotentReplay;
    private const string SeqHeader = Headers.Seq;
    private const string EpochHeader = Headers.Epoch;

    private readonly HttpClient _http;
    private readonly NodeSelector _nodes;
    private readonly RakorLiveClientOptions _options;
    private volatile string? _accessToken;
    private volatile SignInResult? _session;

    public RakorLiveClient(Uri baseAddress, RakorLiveClientOptions? options = null)
        : this([baseAddress], options)
    {
    }

    /// <param name="nodes">Server URLs in order of preference.</param>
    /// <param name="handler">For tests or proxies; the client disposes only a handler it created itself.</param>
    public RakorLiveClient(IReadOnlyList<Uri> nodes, RakorLiveClientOptions? options = null, HttpMessageHandler? handler = null)
    {
        _nodes = new NodeSelector(nodes);
        _options = options ?? new RakorLiveClientOptions();
        if (_options.MaxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(options), "MaxAttempts must be at least 1.");
        var ownHandler = handler is null;
        handler ??= new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5), PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        // Per-attempt timeouts are ours (AttemptTimeout); HttpClient's own would cut across retries.
        _http = new HttpClient(handler, ownHandler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public IReadOnlyList<Uri> Nodes => _nodes.Nodes;

    /// <summary>The node requests go to now.</summary>
    public Uri CurrentNode => _nodes.Current;

    /// <summary>The bearer token sent with every request; set by sign-in or by the caller.</summary>
    public string? AccessToken
    {
        get => _accessToken;
        set => _accessToken = value;
    }

    /// <summary>Who is signed in, after <see cref="SignInAsync"/> or <see cref="JoinWithCodeAsync"/>.</summary>
    public SignInResult? Session => _session;

    public static string NewCommandId() => Guid.NewGuid().ToString("N");

    /// <summary>A live feed on the same nodes, signed in with this client's token.</summary>
    public MeetingFeed CreateMeetingFeed(MeetingFeedOptions? options = null)
    {
        var current = _nodes.Current;
        // The node that answered last goes first; the others stay as failover targets.
        var nodes = _nodes.Nodes.Where(n => n == current).Concat(_nodes.Nodes.Where(n => n != current)).ToList();
        return new MeetingFeed(nodes, _ => ValueTask.FromResult(_accessToken), options);
    }

    public void Dispose() => _http.Dispose();

    private sealed record Reply(int Status, byte[] Body, string? ETag, bool Replayed, long? Seq, long? Epoch, int Attempts)
    {
        public T Read<T>() => JsonSerializer.Deserialize<T>(Body, RakorLiveJson.Options)
            ?? throw new JsonException($"The server answered {Status} with an empty body where a {typeof(T).Name} was expected.");
    }

    private async Task<T> GetAsync<T>(string path, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, path, null, null, authenticated: true, cancellationToken)).Read<T>();

    private async Task<CommandResult<T>> CommandAsync<T>(HttpMethod method, string path, object body, string? commandId, string? ifMatch,
        CancellationToken cancellationToken)
    {
        var reply = await SendAsync(method, path, body, ifMatch, authenticated: true, cancellationToken);
        return new CommandResult<T>(reply.Read<T>(), commandId, reply.Replayed, reply.Seq, reply.ETag, reply.Status, reply.Attempts);
    }

    /// <summary>
    /// One logical call: the same request (same body, so the same commandId) until it gets a final answer
    /// or runs out of attempts, with jittered exponential backoff between attempts.
    /// </summary>
    private async Task<Reply> SendAsync(HttpMethod method, string path, object? body, string? ifMatch, bool authenticated,
        CancellationToken cancellationToken)
    {
        await _nodes.EnsureSelectedAsync(_http, _options.HealthProbeTimeout, cancellationToken);
        var payload = body is null ? null : JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), RakorLiveJson.Options);
        var backoff = _options.Backoff;
        for (var attempt = 1; ; attempt++)
        {
            var node = _nodes.Current;
            var uri = new Uri(node, path);
            TimeSpan? retryAfter = null;
            using (var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attemptTimeout.CancelAfter(_options.AttemptTimeout);
                using var request = new HttpRequestMessage(method, uri);
                if (payload is not null)
                    request.Content = new ByteArrayContent(payload) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } };
                if (authenticated && _accessToken is { } token) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                if (ifMatch is not null) request.Headers.TryAddWithoutValidation(Headers.IfMatch, ifMatch);
                try
                {
                    using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, attemptTimeout.Token);
                    var bytes = await response.Content.ReadAsByteArrayAsync(attemptTimeout.Token);
                    var status = (int)response.StatusCode;
                    if (response.IsSuccessStatusCode)
                        return new Reply(status, bytes, response.Headers.ETag?.Tag, Header(response, ReplayHeader) == "true",
                            LongHeader(response, SeqHeader), LongHeader(response, EpochHeader), attempt);
                    if (!TransientFailure.IsTransientStatus(status) || attempt >= _options.MaxAttempts)
                        throw RakorLiveProblemException.From(status, bytes, method, uri);
                    retryAfter = response.Headers.RetryAfter?.Delta;
                }
                catch (HttpRequestException e)
                {
                    if (TransientFailure.IsUnreachable(e)) _nodes.Failover(node);
                    if (attempt >= _options.MaxAttempts) throw;
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    if (attempt >= _options.MaxAttempts)
                        throw new TimeoutException($"{method} {uri} got no answer within {_options.AttemptTimeout.TotalSeconds:0.#} s, {attempt} times.", e);
                }
            }
            var delay = backoff.Delay(attempt);
            if (retryAfter is { } hint && hint > delay) delay = hint < _options.MaxDelay ? hint : _options.MaxDelay;
            await Task.Delay(delay, cancellationToken);
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static long? LongHeader(HttpResponseMessage response, string name) =>
        long.TryParse(Header(response, name), out var value) ? value : null;

    private static string Segment(string value) => Uri.EscapeDataString(value);

    /// <summary>A contract route relative to the node's address, so a server behind a path prefix is reached under it.</summary>
    internal static string Rel(string route) => route.TrimStart('/');
}
