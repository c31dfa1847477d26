using Microsoft.AspNetCore.Mvc;
using RakorLive.Commands;
using RakorLive.GrainInterfaces;
using RakorLive.Model;
using RakorLive.Rules;

namespace RakorLive.Server.Api;

public static class ActionPointEndpoints
{
    public static void MapActionPointEndpoints(this IEndpointRouteBuilder app)
    {
        var actionPoints = app.MapGroup("/api/action-points").RequireAuthorization().WithTags("Action points");

        actionPoints.MapGet("/{id}", async (HttpContext http, IGrainFactory grains, string id) =>
        {
            var actionPoint = await Find(grains, id);
            Permissions.ReadMeeting(http.Caller(), actionPoint.MeetingId);
            http.Response.Headers.ETag = ETag(actionPoint);
            return actionPoint;
        });

        actionPoints.MapPatch("/{id}", async (HttpContext http, IGrainFactory grains, string id, [FromBody] UpdateActionPoint? body,
            [FromHeader(Name = "If-Match")] string? ifMatch) =>
        {
            var caller = http.Caller();
            Permissions.EditActionPoints(caller);
            var actionPoint = await Find(grains, id);
            Permissions.ReadMeeting(caller, actionPoint.MeetingId);
            var version = Validation.IfMatchVersion(ifMatch);
            var reply = await MeetingEndpoints.Meeting(grains, actionPoint.MeetingId).UpdateActionPoint(caller, id, version, body!);
            http.Response.Headers.ETag = ETag(reply.Value);
            return MeetingEndpoints.Reply(http, reply, StatusCodes.Status200OK, null);
        });

        app.MapGet("/api/agenda-items/{id}", async (HttpContext http, IGrainFactory grains, string id) =>
        {
            var view = Guid.TryParse(id, out _) ? await grains.GetGrain<IAgendaItemGrain>(id).Get() : null;
            if (view is null) throw RakorProblem.NotFound("Agenda", id.Length > 64 ? id[..64] + "…" : id);
            Permissions.ReadMeeting(http.Caller(), view.MeetingId);
            return view;
        }).RequireAuthorization().WithTags("Meetings");

        app.MapGet("/api/opds/{code}/action-points", async (HttpContext http, IGrainFactory grains, string code) =>
        {
            Permissions.ReadAcrossMeetings(http.Caller());
            var normalized = Validation.NormalizeOpdCode(code);
            var opds = await grains.GetGrain<IOpdDirectoryGrain>(DirectoryKeys.Default).List();
            if (opds.All(o => o.Code != normalized)) throw RakorProblem.NotFound("OPD", code);
            var ledger = await grains.GetGrain<IOpdGrain>(normalized).GetLedger();
            var items = await Task.WhenAll(ledger.Select(e => grains.GetGrain<IActionPointGrain>(e.ActionPointId).Get()));
            return items.OfType<ActionPoint>().ToList();
        }).RequireAuthorization().WithTags("Agencies");
    }

    public static string ETag(ActionPoint actionPoint) => $"\"{actionPoint.Version}\"";

    private static async Task<ActionPoint> Find(IGrainFactory grains, string id)
    {
        if (!Guid.TryParse(id, out _)) throw RakorProblem.NotFound("Rencana tindak lanjut", id.Length > 64 ? id[..64] + "…" : id);
        return await grains.GetGrain<IActionPointGrain>(id).Get() ?? throw RakorProblem.NotFound("Rencana tindak lanjut", id);
    }
}
