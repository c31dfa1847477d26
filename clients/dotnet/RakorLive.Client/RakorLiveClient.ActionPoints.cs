using System.Globalization;
using RakorLive.Commands;
using RakorLive.Model;
using RakorLive.Wire;

namespace RakorLive.Client;

public sealed partial class RakorLiveClient
{
    /// <summary>GET /api/action-points/{id}; <see cref="ActionPoint.Version"/> is what a later edit sends as If-Match.</summary>
    public Task<ActionPoint> GetActionPointAsync(string actionPointId, CancellationToken cancellationToken = default) =>
        GetAsync<ActionPoint>(Rel(Routes.ActionPoint(actionPointId)), cancellationToken);

    /// <summary>
    /// PATCH /api/action-points/{id} with If-Match: only the fields set in <paramref name="changes"/> change.
    /// A stale <paramref name="expectedVersion"/> throws <see cref="RakorLiveProblemException"/> with status 412.
    /// </summary>
    public Task<CommandResult<ActionPoint>> UpdateActionPointAsync(string actionPointId, int expectedVersion, UpdateActionPoint changes,
        CancellationToken cancellationToken = default)
    {
        var body = changes with { CommandId = changes.CommandId ?? NewCommandId() };
        var ifMatch = "\"" + expectedVersion.ToString(CultureInfo.InvariantCulture) + "\"";
        return CommandAsync<ActionPoint>(HttpMethod.Patch, Rel(Routes.ActionPoint(actionPointId)), body, body.CommandId, ifMatch, cancellationToken);
    }

    /// <summary>GET /api/opds/{code}/action-points: the agency's ledger across meetings.</summary>
    public Task<IReadOnlyList<ActionPoint>> GetOpdActionPointsAsync(string opdCode, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<ActionPoint>>(Rel(Routes.OpdActionPoints(opdCode)), cancellationToken);
}
