namespace RakorLive.Rules;

/// <summary>
/// A request the caller got wrong. Carries the HTTP status and a message a person can act on;
/// the server turns it into application/problem+json, the hub into a HubException.
/// Thrown before anything changes, so a problem never leaves state half-written.
/// </summary>
[GenerateSerializer, Alias("RakorLive.RakorProblem")]
public sealed class RakorProblem : Exception
{
    public RakorProblem(int status, string title, string detail, IReadOnlyDictionary<string, string[]>? errors = null)
        : base(detail)
    {
        Status = status;
        Title = title;
        Detail = detail;
        Errors = errors ?? new Dictionary<string, string[]>();
    }

    [Id(0)] public int Status { get; }
    [Id(1)] public string Title { get; }
    [Id(2)] public string Detail { get; }
    [Id(3)] public IReadOnlyDictionary<string, string[]> Errors { get; }

    public static RakorProblem NotFound(string what, string id) =>
        new(404, $"{what} tidak ditemukan", $"{what} '{id}' does not exist.");

    public static RakorProblem Forbidden(string detail) =>
        new(403, "Tidak diizinkan", detail);

    public static RakorProblem Conflict(string detail) =>
        new(409, "Tidak dapat dilakukan pada status ini", detail);

    /// <summary>Nothing the caller did wrong: the same request, sent again, will go through.</summary>
    public static RakorProblem Unavailable(string detail) =>
        new(503, "Coba lagi sebentar", detail);
}
