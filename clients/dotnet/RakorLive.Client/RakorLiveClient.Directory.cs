using RakorLive.Commands;
using RakorLive.Model;

namespace RakorLive.Client;

public sealed partial class RakorLiveClient
{
    /// <summary>GET /api/opds: the deployment's agencies.</summary>
    public Task<IReadOnlyList<Opd>> GetOpdsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<Opd>>("api/opds", cancellationToken);

    /// <summary>POST /api/opds (Admin, Secretariat).</summary>
    public Task<CommandResult<Opd>> CreateOpdAsync(CreateOpd command, CancellationToken cancellationToken = default)
    {
        var body = command with { CommandId = command.CommandId ?? NewCommandId() };
        return CommandAsync<Opd>(HttpMethod.Post, "api/opds", body, body.CommandId, null, cancellationToken);
    }

    /// <summary>GET /api/users (Admin).</summary>
    public Task<IReadOnlyList<UserInfo>> GetUsersAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<UserInfo>>("api/users", cancellationToken);

    /// <summary>POST /api/users (Admin).</summary>
    public Task<CommandResult<UserInfo>> CreateUserAsync(CreateUser command, CancellationToken cancellationToken = default)
    {
        var body = command with { CommandId = command.CommandId ?? NewCommandId() };
        return CommandAsync<UserInfo>(HttpMethod.Post, "api/users", body, body.CommandId, null, cancellationToken);
    }

    /// <summary>GET /api/vocabulary?lang=id|en (anonymous): the labels of statuses, roles and terms.</summary>
    public async Task<LabelSet> GetVocabularyAsync(string lang = "id", CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Get, "api/vocabulary?lang=" + Segment(lang), null, null, authenticated: false, cancellationToken))
            .Read<LabelSet>();
}
