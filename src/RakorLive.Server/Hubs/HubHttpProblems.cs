using Microsoft.AspNetCore.Mvc;

namespace RakorLive.Server.Hubs;

/// <summary>
/// SignalR answers plain HTTP requests it cannot serve on the hub's address (an unknown connection id, GET on negotiate)
/// with a bare text/plain status. This turns those answers into problems, as every other 4xx of the API is; successful
/// answers (negotiate, the SSE and long-polling transports) and WebSocket upgrades pass untouched.
/// </summary>
public static class HubHttpProblems
{
    public static void UseHubHttpProblems(this WebApplication app) =>
        app.UseWhen(http => http.Request.Path.StartsWithSegments(MeetingHub.Path) && !http.WebSockets.IsWebSocketRequest, branch => branch.Use(async (http, next) =>
        {
            var original = http.Response.Body;
            var guard = new ErrorSwallowingStream(original, http.Response);
            http.Response.Body = guard;
            try
            {
                await next(http);
            }
            finally
            {
                http.Response.Body = original;
            }
            if (http.Response.StatusCode < 400 || http.Response.HasStarted) return;
            var status = http.Response.StatusCode;
            http.Response.Headers.ContentLength = null;
            http.Response.ContentType = null;
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = new ProblemDetails
                {
                    Status = status,
                    Title = "Saluran langsung tidak dapat dibuka",
                    Detail = $"{guard.Swallowed ?? "This request cannot be served here."} Connect with a SignalR client to {MeetingHub.Path} (WebSockets, ?access_token=<token>).",
                },
            });
        }));

    /// <summary>Passes writes through until the status is an error; from then on keeps SignalR's text (for the problem's detail) instead.</summary>
    private sealed class ErrorSwallowingStream(Stream inner, HttpResponse response) : Stream
    {
        private readonly MemoryStream _swallowed = new();

        public string? Swallowed => _swallowed.Length == 0 ? null : System.Text.Encoding.UTF8.GetString(_swallowed.ToArray()).Trim() is { Length: > 0 } text && text.Length < 200
            ? text.TrimEnd('.') + "."
            : null;

        // A problem written on this path already (the 401 of a missing token) passes as it is.
        private bool Error => response.StatusCode >= 400 && !response.HasStarted
            && response.ContentType?.StartsWith("application/problem+json", StringComparison.Ordinal) != true;

        protected override void Dispose(bool disposing)
        {
            if (disposing) _swallowed.Dispose();
            base.Dispose(disposing);
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() { if (!Error) inner.Flush(); }

        public override Task FlushAsync(CancellationToken cancellationToken) => Error ? Task.CompletedTask : inner.FlushAsync(cancellationToken);

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (Error) _swallowed.Write(buffer, offset, count);
            else inner.Write(buffer, offset, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Error) _swallowed.Write(buffer.Span);
            else await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
