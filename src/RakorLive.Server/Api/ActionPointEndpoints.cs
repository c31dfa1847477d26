using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using RakorLive.Commands;
using RakorLive.GrainInterfaces;
using RakorLive.Grains.Agencies;
using RakorLive.Grains.Directory;
using RakorLive.Model;
using RakorLive.Rules;
using RakorLive.Wire;

namespace RakorLive.Server.Api;

/// <summary>Routes that name a commitment or an agenda item by id: they go to the meeting that writes it.</summary>
public static class ActionPointEndpoints
{
    public static void MapActionPointEndpoints(this IEndpointRouteBuilder app)
    {
        var actionPoints = app.MapGroup(Routes.ActionPoints).RequireAuthorization().WithTags("Action points").ProducesRakorProblems();
        actionPoints.MapGet("/{id}", GetActionPoint);
        actionPoints.MapPatch("/{id}", UpdateActionPoint).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);

        app.MapGet(Routes.AgendaItems + "/{id}", GetAgendaItem).RequireAuthorization().WithTags("Meetings").ProducesRakorProblems();
    }

    public static async Task<Ok<ActionPoint>> GetActionPoint(HttpContext http, IGrainFactory grains, EntityOwners owners, string id)
    {
        var meeting = await owners.MeetingFor(grains, id, "Rencana tindak lanjut");
        var actionPoint = await meeting.GetActionPoint(http.Caller(), id);
        http.Response.Headers.ETag = ETag(actionPoint);
        return TypedResults.Ok(actionPoint);
    }

    public static async Task<Ok<ActionPoint>> UpdateActionPoint(HttpContext http, IGrainFactory grains, EntityOwners owners, string id,
        [FromBody] UpdateActionPoint? body, [FromHeader(Name = Headers.IfMatch)] string? ifMatch)
    {
        var meeting = await owners.MeetingFor(grains, id, "Rencana tindak lanjut");
        var version = Validation.IfMatchVersion(ifMatch);
        var reply = await meeting.UpdateActionPoint(http.Caller(), id, version, body!);
        http.Response.Headers.ETag = ETag(reply.Value);
        return MeetingEndpoints.Ok(http, reply);
    }

    public static async Task<Ok<AgendaItemView>> GetAgendaItem(HttpContext http, IGrainFactory grains, EntityOwners owners, string id) =>
        TypedResults.Ok(await (await owners.MeetingFor(grains, id, "Agenda")).GetAgendaItem(http.Caller(), id));

    public static string ETag(ActionPoint actionPoint) => $"\"{actionPoint.Version}\"";

}
