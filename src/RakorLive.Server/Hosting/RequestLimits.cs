using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.SignalR;
using RakorLive.Rules;

namespace RakorLive.Server.Hosting;

/// <summary>
/// The size limits of what a client may send (all values in <see cref="Limits"/>, documented in the README's "Limits").
/// Headers and URLs are checked here, below Kestrel's own limits (set to twice as much as a backstop), so that a
/// request over them gets a problem a person can read rather than Kestrel's bare status line.
/// </summary>
public static class RequestLimits
{
    public static void AddRakorLiveRequestLimits(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = Limits.MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 2 * Limits.MaxRequestHeaderBytes;
            kestrel.Limits.MaxRequestHeaderCount = 2 * Limits.MaxRequestHeaders;
            kestrel.Limits.MaxRequestLineSize = 2 * Limits.MaxUrlLength;
        });
        builder.Services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(o => o.SerializerOptions.MaxDepth = Limits.MaxJsonDepth);
        builder.Services.Configure<HubOptions>(o =>
        {
            o.MaximumReceiveMessageSize = Limits.HubMessageBytes;
            o.MaximumParallelInvocationsPerClient = Limits.HubParallelInvocations;
        });
        builder.Services.Configure<JsonHubProtocolOptions>(o => o.PayloadSerializerOptions.MaxDepth = Limits.MaxJsonDepth);
    }

    /// <summary>Refuses requests whose headers or URL are over the limits with 431 / 414 problems, before anything reads them.</summary>
    public static void UseRakorLiveRequestLimits(this WebApplication app) => app.Use(async (http, next) =>
    {
        var request = http.Request;
        if (request.Path.Value?.Length + request.QueryString.Value?.Length > Limits.MaxUrlLength)
        {
            await Refuse(http, StatusCodes.Status414UriTooLong, "Alamat terlalu panjang",
                $"The path and query are longer than {Limits.MaxUrlLength} characters; send long values in the body.");
            return;
        }
        var count = 0;
        long bytes = 0;
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                count++;
                bytes += name.Length + (value?.Length ?? 0);
            }
        }
        if (count > Limits.MaxRequestHeaders || bytes > Limits.MaxRequestHeaderBytes)
        {
            await Refuse(http, StatusCodes.Status431RequestHeaderFieldsTooLarge, "Header permintaan terlalu besar",
                $"Send at most {Limits.MaxRequestHeaders} headers of at most {Limits.MaxRequestHeaderBytes / 1024} KB together.");
            return;
        }
        await next(http);
    });

    private static Task Refuse(HttpContext http, int status, string title, string detail)
    {
        http.Response.StatusCode = status;
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }
}
