using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RakorLive.Grains;
using RakorLive.Grains.Audit;
using RakorLive.Model;
using RakorLive.Rules;
using RakorLive.Vocabulary;
using RakorLive.Wire;

namespace RakorLive.Server.Api;

/// <summary>
/// The audit record, read only: there is deliberately no route that edits or deletes it (PUT, PATCH and DELETE on it
/// answer 405). What is recorded and when: <see cref="AuditMiddleware"/>.
/// </summary>
public static class AuditEndpoints
{
    public static void MapAuditEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet(Routes.Audit, ListAudit).RequireAuthorization().WithTags("Audit").ProducesRakorProblems()
            .WithSummary("Every change and refused attempt, newest first (Secretariat, Admin)");

    public static async Task<Ok<AuditPage>> ListAudit(HttpContext http, IAuditLog log, IOptions<RakorLiveGrainOptions> deployment,
        string? meetingId, string? opd, string? actor, string? from, string? to, string? page, string? pageSize)
    {
        Permissions.ReadAudit(http.Caller());
        var zone = Kosakata.IsSupportedTimeZone(deployment.Value.TimeZone) ? deployment.Value.TimeZone : "Asia/Jakarta";
        var query = Validation.Audit(meetingId, opd, actor, from, to, page, pageSize, zone);
        var (items, total) = await log.List(query, http.RequestAborted);
        return TypedResults.Ok(new AuditPage(items, total, query.Page, query.PageSize));
    }
}
