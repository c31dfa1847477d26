using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using RakorLive.Rules;
using RakorLive.Server.Hosting;

namespace RakorLive.Server.Api;

/// <summary>
/// Turns every failure into application/problem+json: the caller's mistakes into 4xx with a
/// message a person can act on, an unreachable database into 503, anything else into 500 (a bug).
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var problem = ToProblem(exception, logger);
        http.Response.StatusCode = problem.Status ?? 500;
        if (problem.Status == 503) http.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    public static ProblemDetails ToProblem(Exception exception, ILogger logger)
    {
        switch (Unwrap(exception))
        {
            case RakorProblem p:
                var details = new ProblemDetails { Status = p.Status, Title = p.Title, Detail = p.Detail };
                if (p.Errors.Count > 0) details.Extensions["errors"] = p.Errors;
                return details;
            case BadHttpRequestException bad:
                return new ProblemDetails { Status = bad.StatusCode, Title = "Permintaan tidak dapat dibaca", Detail = Describe(bad) };
            case JsonException json:
                return new ProblemDetails { Status = 400, Title = "JSON tidak valid", Detail = JsonDetail(json) };
            // A grain call that ran out of time (Orleans' response timeout, unwrapped; a database's own timeout comes wrapped in
            // its DbException): the grain may still finish the command, so the answer must not say that nothing changed.
            case TimeoutException e:
                logger.LogWarning(e, "A grain call timed out");
                return new ProblemDetails
                {
                    Status = 503,
                    Title = "Server sedang sibuk",
                    Detail = "The server did not finish in time; the command may still take effect. Retry with the same commandId: the answer then says what happened.",
                };
            case var e when StorageFailures.IsUnavailable(e):
                logger.LogWarning(e, "Storage unavailable");
                return new ProblemDetails
                {
                    Status = 503,
                    Title = "Penyimpanan data sedang tidak tersedia",
                    Detail = "The database did not answer in time; nothing was changed. Retry with the same commandId in a few seconds.",
                };
            case var e:
                logger.LogError(e, "Unhandled server error");
                return new ProblemDetails { Status = 500, Title = "Kesalahan server", Detail = "An unexpected error occurred; it has been logged." };
        }
    }

    private static Exception Unwrap(Exception e) =>
        e is AggregateException { InnerExceptions.Count: 1 } agg ? Unwrap(agg.InnerExceptions[0]) : e;

    private static string Describe(BadHttpRequestException bad)
    {
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
            return $"The request body is larger than {Limits.MaxRequestBodyBytes / 1024} KB; shorten the text fields.";
        return bad.InnerException is JsonException json ? JsonDetail(json) : bad.Message;
    }

    private static string JsonDetail(JsonException json) => json.Path is { Length: > 1 } path
        ? $"Field '{path.TrimStart('$', '.')}' has a value of the wrong type or format. Check it against /openapi/v1.json."
        : "The body is not valid JSON. Send a JSON object with the documented fields.";
}

/// <summary>
/// Problems the framework writes by itself (unknown route, wrong method, body too large, wrong content
/// type) carry only a status title; this adds the detail a person can act on, as every other problem has.
/// </summary>
public static class FrameworkProblems
{
    public static void AddMissingDetail(ProblemDetailsContext context)
    {
        if (!string.IsNullOrWhiteSpace(context.ProblemDetails.Detail)) return;
        context.ProblemDetails.Detail = (context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode) switch
        {
            StatusCodes.Status400BadRequest => "The request could not be read. Check it against /openapi/v1.json.",
            StatusCodes.Status404NotFound => "Nothing exists at this address. See /openapi/v1.json for the API's routes.",
            StatusCodes.Status405MethodNotAllowed => "This address does not accept this HTTP method. See /openapi/v1.json for the methods it takes.",
            StatusCodes.Status413PayloadTooLarge => $"The request body is larger than {Limits.MaxRequestBodyBytes / 1024} KB; shorten the text fields.",
            StatusCodes.Status415UnsupportedMediaType => "Send the body as JSON with the header 'Content-Type: application/json'.",
            _ => "See /openapi/v1.json for what this API accepts.",
        };
    }
}

/// <summary>
/// Writes a problem whatever the request's Accept header says. The framework's writer declines when the caller
/// accepts neither JSON nor problem+json (an image request, say), and a problem nobody writes turns into an empty 500;
/// registered after it, this one answers every such request with its real status as application/problem+json.
/// </summary>
public sealed class FallbackProblemWriter(Microsoft.Extensions.Options.IOptions<ProblemDetailsOptions> options,
    Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        context.ProblemDetails.Status ??= http.Response.StatusCode;
        context.ProblemDetails.Title ??= Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(context.ProblemDetails.Status.Value);
        options.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(http.Response.WriteAsJsonAsync(context.ProblemDetails, json.Value.SerializerOptions, "application/problem+json"));
    }
}
