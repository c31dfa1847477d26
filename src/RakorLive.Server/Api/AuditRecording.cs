using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging.Abstractions;
using RakorLive.Grains.Audit;
using RakorLive.Model;
using RakorLive.Rules;
using RakorLive.Server.Auth;
using RakorLive.Wire;

namespace RakorLive.Server.Api;

/// <summary>Who a sign-in signed in as: set by the sign-in handlers, since the request itself is anonymous.</summary>
public sealed record SignInFacts(string Subject, string DisplayName, Role Role, string? Opd, string? MeetingId);

public static class AuditRecording
{
    /// <summary>
    /// Records every state-changing API request (any method but GET, HEAD, OPTIONS under /api), whatever route it reaches,
    /// so a route added later is covered without a line of its own. Sits after authentication (it needs the caller) and
    /// before authorization (so its 401 and 403 pass through it); a rate limiter placed after it is covered too.
    /// </summary>
    public static IApplicationBuilder UseRakorAudit(this IApplicationBuilder app) => app.UseMiddleware<AuditMiddleware>();

    public static void SignedIn(this HttpContext http, TokenResponse token, string subject) =>
        http.Features.Set(new SignInFacts(subject, token.DisplayName, token.Role, token.Opd, token.MeetingId));
}

/// <summary>
/// The response is held back until its audit row is committed, so an acknowledged change always has its row. When the row
/// cannot be written the change itself is already durable: the answer is 503, the client retries with the same commandId,
/// gets the replay, and the row is written then, once (the row's key is actor, meeting and commandId).
/// </summary>
public sealed partial class AuditMiddleware(RequestDelegate next, IAuditLog log, EntityOwners owners, TimeProvider clock,
    IProblemDetailsService problems, ILogger<AuditMiddleware> logger)
{
    private const int MaxIdLength = 100;

    public async Task InvokeAsync(HttpContext http)
    {
        if (!IsStateChanging(http.Request) || http.GetEndpoint() is not RouteEndpoint endpoint)
        {
            await next(http);
            return;
        }
        // Only JSON bodies are read back (commandId, the username of a sign-in); they are at most Limits.MaxRequestBodyBytes.
        if (http.Request.HasJsonContentType()) http.Request.EnableBuffering();
        var original = http.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        await using var buffer = new MemoryStream();
        var held = new StreamResponseBodyFeature(buffer, original);
        http.Features.Set<IHttpResponseBodyFeature>(held);
        try
        {
            await next(http);
            await held.CompleteAsync();
        }
        catch (Exception e)
        {
            // The exception handler (outside this middleware) writes the problem; a refusal is recorded first.
            http.Features.Set(original);
            var status = ProblemExceptionHandler.ToProblem(e, NullLogger.Instance).Status ?? 500;
            if (IsRefusal(status)) await TryRecordRefusal(http, endpoint, status);
            throw;
        }
        http.Features.Set(original);
        var code = http.Response.StatusCode;
        if (code is >= 200 and < 300)
        {
            try
            {
                await Record(http, endpoint, code);
            }
            catch (Exception e)
            {
                LogNotRecorded(logger, e, http.Request.Method, endpoint.RoutePattern.RawText);
                await Unavailable(http);
                return;
            }
        }
        else if (IsRefusal(code))
        {
            await TryRecordRefusal(http, endpoint, code);
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(http.Response.Body, http.RequestAborted);
    }

    private static bool IsStateChanging(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
        && !HttpMethods.IsOptions(request.Method) && !HttpMethods.IsTrace(request.Method);

    /// <summary>The attempts a security review wants to see: not signed in, not allowed, conflicting, throttled.</summary>
    private static bool IsRefusal(int status) => status is 401 or 403 or 409 or 429;

    private async Task TryRecordRefusal(HttpContext http, RouteEndpoint endpoint, int status)
    {
        try
        {
            await Record(http, endpoint, status);
        }
        catch (Exception e)
        {
            // Nothing changed, so the refusal still stands; only its record is missing, which the log says.
            LogNotRecorded(logger, e, http.Request.Method, endpoint.RoutePattern.RawText);
        }
    }

    private async Task Record(HttpContext http, RouteEndpoint endpoint, int status)
    {
        var route = Template(endpoint);
        var entities = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in http.Request.RouteValues)
            if (value?.ToString() is { Length: > 0 } text) entities[name] = Clip(text);
        var location = status == StatusCodes.Status201Created ? http.Response.Headers.Location.ToString() : "";
        if (location.Length > 0) entities["created"] = Clip(location[(location.LastIndexOf('/') + 1)..]);

        var body = await RequestJson(http.Request);
        var commandId = Text(body, "commandId") ?? (http.Request.Query["commandId"].ToString() is { Length: > 0 } q ? q : null);
        if (commandId is { Length: > Limits.CommandId }) commandId = null;

        string actor, displayName;
        Role? role;
        string? opd, meetingId = null;
        if (http.Features.Get<SignInFacts>() is { } signIn)
        {
            (actor, displayName, role, opd, meetingId) = (signIn.Subject, signIn.DisplayName, signIn.Role, signIn.Opd, signIn.MeetingId);
        }
        else if (http.User.Identity?.IsAuthenticated == true)
        {
            var caller = TokenService.ToCaller(http.User);
            (actor, displayName, role, opd) = (caller.Subject, caller.DisplayName, caller.Role, caller.Opd);
        }
        else
        {
            // A sign-in that failed: the username tried (never the password); anyone else is unknown.
            actor = Text(body, "username") is { } tried ? tried[..Math.Min(tried.Length, Limits.Username)] : "";
            (displayName, role, opd) = ("", null, null);
        }
        meetingId ??= await MeetingOf(route, entities, location);

        var outcome = status is >= 200 and < 300 ? (http.Features.Get<SignInFacts>() is null ? AuditOutcome.Changed : AuditOutcome.SignedIn) : AuditOutcome.Refused;
        // A change is recorded once per command: its commandId, or (an upload without one) the entity it created.
        var token = commandId ?? (location.Length > 0 ? location : null);
        var key = outcome == AuditOutcome.Changed && token is not null ? $"{actor}\n{meetingId ?? http.Request.Method + " " + route}\n{token}" : null;

        var at = clock.GetUtcNow();
        var entry = new AuditEntry(Guid.CreateVersion7(at).ToString("D"), at, actor, displayName, role, opd, http.Request.Method, route, entities,
            meetingId, commandId, outcome, status, ClientAddress(http));
        await log.Append(new AuditRecord(entry, key), http.RequestAborted);
    }

    /// <summary>The route's meeting: its own id under /api/meetings, else the meeting that owns the entity it names, else the one a 201 created.</summary>
    private async Task<string?> MeetingOf(string route, Dictionary<string, string> entities, string location)
    {
        if (entities.TryGetValue("id", out var id) && Guid.TryParse(id, out _))
        {
            if (route.StartsWith(Routes.Meetings + "/{id}", StringComparison.Ordinal)) return id;
            if (await owners.MeetingOf(id) is { } owner) return owner;
        }
        if (location.StartsWith(Routes.Meetings + "/", StringComparison.Ordinal) && location[(Routes.Meetings.Length + 1)..] is var created
            && Guid.TryParse(created, out _)) return created;
        return null;
    }

    private static string Template(RouteEndpoint endpoint)
    {
        var raw = endpoint.RoutePattern.RawText ?? "";
        if (!raw.StartsWith('/')) raw = "/" + raw;
        return raw.Length > 1 ? raw.TrimEnd('/') : raw;
    }

    private static async Task<JsonElement?> RequestJson(HttpRequest request)
    {
        if (!request.HasJsonContentType() || !request.Body.CanSeek) return null;
        request.Body.Position = 0;
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement? body, string name)
    {
        if (body is not { } json) return null;
        try
        {
            foreach (var property in json.EnumerateObject())
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.String)
                    return property.Value.GetString() is { Length: > 0 } s ? s : null;
        }
        catch (InvalidOperationException)
        {
            // JsonDocument decodes names and strings lazily: invalid UTF-8 in them names no commandId (the fuzz found a 503 here).
        }
        return null;
    }

    private static string? ClientAddress(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } address ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString() : null;

    private static string Clip(string text) => text.Length <= MaxIdLength ? text : text[..MaxIdLength];

    private async Task Unavailable(HttpContext http)
    {
        http.Response.Clear();
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = "5";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Catatan audit belum tersimpan",
                Detail = "The change was made but its audit record could not be written yet. Retry with the same commandId in a few seconds: " +
                         "the retry answers the first result and records it.",
            },
        });
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Audit record of {Method} {Route} not written")]
    private static partial void LogNotRecorded(ILogger logger, Exception exception, string method, string? route);
}
