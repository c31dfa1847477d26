using System.Globalization;
using RakorLive.Commands;
using RakorLive.Model;
using RakorLive.Wire;

namespace RakorLive.Client;

// The room and the record: agenda order, outcomes, speakers, the notulen's approval and verification.
public sealed partial class RakorLiveClient
{
    /// <summary>POST /api/meetings/{id}/agenda/reorder: every agenda item id once, in the new order.</summary>
    public Task<CommandResult<MeetingSnapshot>> ReorderAgendaAsync(string meetingId, ReorderAgenda command, CancellationToken cancellationToken = default)
    {
        var body = command with { CommandId = command.CommandId ?? NewCommandId() };
        return CommandAsync<MeetingSnapshot>(HttpMethod.Post, Rel(Routes.AgendaReorder(meetingId)), body, body.CommandId, null, cancellationToken);
    }

    /// <summary>POST /api/agenda-items/{id}/outcomes (Secretariat, Chair): a Note, Decision or Directive.</summary>
    public Task<CommandResult<Outcome>> RecordOutcomeAsync(string agendaItemId, RecordOutcome command, CancellationToken cancellationToken = default)
    {
        var body = command with { CommandId = command.CommandId ?? NewCommandId() };
        return CommandAsync<Outcome>(HttpMethod.Post, Rel(Routes.OutcomesOf(agendaItemId)), body, body.CommandId, null, cancellationToken);
    }

    /// <summary>PATCH /api/outcomes/{id} with If-Match; 409 once the notulen version holding it is submitted or approved.</summary>
    public Task<CommandResult<Outcome>> UpdateOutcomeAsync(string outcomeId, int expectedVersion, UpdateOutcome changes, CancellationToken cancellationToken = default)
    {
        var body = changes with { CommandId = changes.CommandId ?? NewCommandId() };
        var ifMatch = "\"" + expectedVersion.ToString(CultureInfo.InvariantCulture) + "\"";
        return CommandAsync<Outcome>(HttpMethod.Patch, Rel(Routes.Outcome(outcomeId)), body, body.CommandId, ifMatch, cancellationToken);
    }

    /// <summary>POST /api/meetings/{id}/speakers: ask to speak on the active item (a kepala OPD for their agency; the secretariat names one).</summary>
    public Task<CommandResult<SpeakerRequest>> RequestSpeakerAsync(string meetingId, RequestSpeaker? command = null, CancellationToken cancellationToken = default)
    {
        var given = command ?? new RequestSpeaker(null);
        var body = given with { CommandId = given.CommandId ?? NewCommandId() };
        return CommandAsync<SpeakerRequest>(HttpMethod.Post, Rel(Routes.Speakers(meetingId)), body, body.CommandId, null, cancellationToken);
    }

    /// <summary>DELETE /api/meetings/{id}/speakers/{requestId}?commandId=: withdraw a waiting request.</summary>
    public Task<CommandResult<SpeakerRequest>> WithdrawSpeakerAsync(string meetingId, string requestId, string? commandId = null, CancellationToken cancellationToken = default)
    {
        var id = commandId ?? NewCommandId();
        return CommandAsync<SpeakerRequest>(HttpMethod.Delete, Rel(Routes.Speaker(meetingId, requestId)) + "?commandId=" + Uri.EscapeDataString(id),
            new { }, id, null, cancellationToken);
    }

    /// <summary>POST /api/meetings/{id}/speakers/next (Chair): calls the earliest waiting request of the active item.</summary>
    public Task<CommandResult<SpeakerRequest>> CallNextSpeakerAsync(string meetingId, MeetingCommand? command = null, CancellationToken cancellationToken = default)
    {
        var given = command ?? new MeetingCommand(null);
        var body = given with { CommandId = given.CommandId ?? NewCommandId() };
        return CommandAsync<SpeakerRequest>(HttpMethod.Post, Rel(Routes.NextSpeaker(meetingId)), body, body.CommandId, null, cancellationToken);
    }

    /// <summary>POST /api/meetings/{id}/notulen/{step}: submit (Secretariat), approve (Chair), return with a note (Chair), correct (Secretariat).</summary>
    public Task<CommandResult<NotulenVersion>> NotulenAsync(string meetingId, string step, NotulenCommand? command = null, CancellationToken cancellationToken = default)
    {
        var given = command ?? new NotulenCommand(null);
        var body = given with { CommandId = given.CommandId ?? NewCommandId() };
        return CommandAsync<NotulenVersion>(HttpMethod.Post, Rel(Routes.Notulen(meetingId, step)), body, body.CommandId, null, cancellationToken);
    }

    /// <summary>GET /api/meetings/{id}/notulen/versions.</summary>
    public Task<IReadOnlyList<NotulenVersion>> GetNotulenVersionsAsync(string meetingId, CancellationToken cancellationToken = default) =>
        GetAsync<IReadOnlyList<NotulenVersion>>(Rel(Routes.NotulenVersions(meetingId)), cancellationToken);

    /// <summary>GET /api/notulen/verify/{sha256}: approved, superseded (naming the newer version) or unknown.</summary>
    public Task<NotulenVerification> VerifyNotulenAsync(string sha256, CancellationToken cancellationToken = default) =>
        GetAsync<NotulenVerification>(Rel(Routes.NotulenVerify(sha256)), cancellationToken);
}
