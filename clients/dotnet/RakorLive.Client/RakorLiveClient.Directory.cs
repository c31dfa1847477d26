using RakorLive.Commands;
using RakorLive.Model;
using RakorLive.Wire;

namespace RakorLive.Client;

public sealed partial class RakorLiveClient
{
    /// <summary>GET /api/opds: the deployment's agencies.</summary>
    public Task<IReadOnlyList<Opd>> GetOpdsAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<Opd>>(Rel(Routes.Opds), cancellationToken);

    /// <summary>POST /api/opds (Admin, Secretariat).</summary>
    public Task<CommandResult<Opd>> CreateOpdAsync(CreateOpd command, CancellationToken cancellationToken = default)
    {
        var body = command with { CommandId = command.CommandId ?? NewCommandId() };
        return CommandAsync<Opd>(HttpMethod.Post, Rel(Routes.Opds), body, body.CommandId, null, cancellationToken);
    }

    /// <summary>GET /api/users (Admin).</summary>
    public Task<IReadOnlyList<UserInfo>> GetUsersAsync(CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<UserInfo>>(Rel(Routes.Users), cancellationToken);

    /// <summary>POST /api/users (Admin).</summary>
    public Task<CommandResult<UserInfo>> CreateUserAsync(CreateUser command, CancellationToken cancellationToken = default)
    {
        var body = command with { CommandId = command.CommandId ?? NewCommandId() };
        return CommandAsync<UserInfo>(HttpMethod.Post, Rel(Routes.Users), body, body.CommandId, null, cancellationToken);
    }

    /// <summary>GET /api/vocabulary?lang=id|en (anonymous): the labels of statuses, roles and terms.</summary>
    public async Task<LabelSet> GetVocabularyAsync(string lang = "id", CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Get, Rel(Routes.Vocabulary) + "?lang=" + Segment(lang), null, null, authenticated: false, cancellationToken))
            .Read<LabelSet>();
}
