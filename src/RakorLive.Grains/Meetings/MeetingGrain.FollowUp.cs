using RakorLive.Commands;
using RakorLive.Events;
using RakorLive.GrainInterfaces;
using RakorLive.Grains.FollowUps;
using RakorLive.Model;
using RakorLive.Rules;

namespace RakorLive.Grains.Meetings;

/// <summary>
/// The follow-up after the meeting: the origin meeting stays the one writer of its commitments for their whole life
/// (progress, evidence, verification, drop), closed or not; every later rakor that carries one over receives each
/// change as an event in its own sequence (<see cref="Mirror"/>), told by this meeting's outbox.
/// </summary>
public sealed partial class MeetingGrain
{
    private const string MirrorKind = nameof(Mirror);
    private const string CarrierKind = nameof(RegisterCarrier);

    public async Task<CommandReply<ActionPoint>> ReportProgress(Caller caller, string actionPointId, ReportProgress command)
    {
        var current = await Existing(actionPointId);
        Permissions.ReportProgress(caller, current);
        var (commandId, receipt) = await Begin(command?.CommandId, nameof(ReportProgress), allowNew: false);
        if (receipt is not null) return await ReplayedOn(receipt, actionPointId);
        var valid = Validation.Progress(command);
        Validation.CanReportProgress(current.Status);
        var from = valid.FromMeetingId ?? caller.MeetingScope;
        if (from is not null && from != MeetingId && current.CarriedInto?.Contains(from) != true)
            throw Validation.Single("fromMeetingId", $"Rapat '{from}' tidak memuat rencana tindak lanjut ini.");
        if (valid.EvidenceIds.Count > 0)
        {
            Validation.EvidenceBelongs(await evidence.Missing(actionPointId, valid.EvidenceIds));
            // The store was read across an await: decide on the commitment as it is now.
            if (_model.Receipts.TryGetValue(valid.CommandId, out var raced)) return await ReplayedOn(raced, actionPointId);
            current = FindActionPoint(actionPointId)!;
            Validation.CanReportProgress(current.Status);
        }
        var now = Now;
        var version = current.Version + 1;
        var status = valid.Percent == 100 ? ActionPointStatus.AwaitingVerification : ActionPointStatus.InProgress;
        var fields = new List<string> { "progressPercent" };
        if (status != current.Status) fields.Add("status");
        var updated = current with
        {
            ProgressPercent = valid.Percent,
            Status = status,
            Version = version,
            UpdatedAt = now,
            History = History(current.History, new ActionPointChange(version, now, caller.Subject, ActionPointChangeKinds.ProgressReported, fields,
                valid.Note, valid.Percent, valid.EvidenceIds.Count > 0 ? valid.EvidenceIds.ToList() : null, valid.EvidenceUrl, from)),
        };
        var entry = Stage(caller, valid.CommandId, nameof(ReportProgress), actionPointId,
            [new(MeetingEventTypes.ProgressReported, new ActionPointData(updated))]);
        await Commit(entry);
        return new CommandReply<ActionPoint>(updated, false, entry.Seq, _model.Epoch);
    }

    public async Task<CommandReply<ActionPoint>> Verify(Caller caller, string actionPointId, VerifyActionPoint command)
    {
        var current = await Existing(actionPointId);
        Permissions.Verify(caller, current);
        var (commandId, receipt) = await Begin(command?.CommandId, nameof(Verify), allowNew: false);
        if (receipt is not null) return await ReplayedOn(receipt, actionPointId);
        var valid = Validation.Verification(command);
        Validation.CanVerify(current.Status);
        var now = Now;
        var version = current.Version + 1;
        var updated = current with
        {
            Status = valid.Accepted ? ActionPointStatus.Done : ActionPointStatus.InProgress,
            ProgressPercent = valid.Accepted ? 100 : current.ProgressPercent,
            VerificationNote = valid.Note,
            CompletedAt = valid.Accepted ? now : null,
            Version = version,
            UpdatedAt = now,
            History = History(current.History, new ActionPointChange(version, now, caller.Subject, ActionPointChangeKinds.Verified, ["status"],
                valid.Note, MeetingId: caller.MeetingScope, Accepted: valid.Accepted)),
        };
        var entry = Stage(caller, valid.CommandId, nameof(Verify), actionPointId,
            [new(MeetingEventTypes.ActionPointVerified, new ActionPointData(updated))]);
        await Commit(entry);
        return new CommandReply<ActionPoint>(updated, false, entry.Seq, _model.Epoch);
    }

    public async Task<ActionPoint> AuthorizeEvidence(Caller caller, string actionPointId)
    {
        var current = await Existing(actionPointId);
        Permissions.ReportProgress(caller, current);
        Validation.CanReportProgress(current.Status);
        return current;
    }

    public async Task RegisterCarrier(string carrierMeetingId, IReadOnlyList<string> actionPointIds)
    {
        await Fresh();
        if (!_model.Created) return;
        var commandId = "carrier:" + carrierMeetingId;
        if (_model.Receipts.TryGetValue(commandId, out var receipt))
        {
            await UntilConfirmed(receipt.Version);
            return;
        }
        var now = Now;
        var events = new List<Decided>();
        foreach (var id in actionPointIds.Distinct())
        {
            var current = FindActionPoint(id);
            if (current is null || current.CarriedInto?.Contains(carrierMeetingId) == true) continue;
            var version = current.Version + 1;
            var updated = current with
            {
                CarriedInto = new List<string>(current.CarriedInto ?? []) { carrierMeetingId },
                Version = version,
                UpdatedAt = now,
                History = History(current.History, new ActionPointChange(version, now, Caller.System.Subject, ActionPointChangeKinds.CarriedOver,
                    ["carriedInto"], MeetingId: carrierMeetingId)),
            };
            events.Add(new(MeetingEventTypes.ActionPointUpdated, new ActionPointData(updated)));
        }
        var entry = Stage(Caller.System, commandId, CarrierKind, carrierMeetingId, events);
        await Commit(entry);
    }

    public async Task Mirror(ActionPoint actionPoint)
    {
        await Fresh();
        if (!_model.Created || actionPoint.MeetingId == MeetingId) return;
        var held = Meeting.CarriedActionPoints?.FirstOrDefault(a => a.Id == actionPoint.Id);
        if (held is null && !Meeting.Agenda.Any(i => i.CarriedActionPointIds?.Contains(actionPoint.Id) == true)) return;
        if (held is not null && held.Version >= actionPoint.Version) return;
        var commandId = $"mirror:{actionPoint.Id}:{actionPoint.Version}";
        if (_model.Receipts.TryGetValue(commandId, out var receipt))
        {
            await UntilConfirmed(receipt.Version);
            return;
        }
        // The same event type the origin emitted for its newest change, so a screen reads it the same way in every rakor.
        var type = actionPoint.History.LastOrDefault()?.Kind switch
        {
            ActionPointChangeKinds.ProgressReported => MeetingEventTypes.ProgressReported,
            ActionPointChangeKinds.Verified => MeetingEventTypes.ActionPointVerified,
            _ => MeetingEventTypes.ActionPointUpdated,
        };
        var entry = Stage(Caller.System, commandId, MirrorKind, actionPoint.Id, [new(type, new ActionPointData(actionPoint))]);
        await Commit(entry);
    }

    /// <summary>
    /// The commitment a command names, before its commandId is looked at: scope is checked on it first, so a caller outside
    /// it learns nothing from a receipt (not even that a commandId was used).
    /// </summary>
    private async Task<ActionPoint> Existing(string actionPointId)
    {
        await Fresh();
        Validation.MeetingExists(_model.Created, MeetingId);
        return FindActionPoint(actionPointId) ?? throw RakorProblem.NotFound("Rencana tindak lanjut", actionPointId);
    }

    private async Task<CommandReply<ActionPoint>> ReplayedOn(CommandReceipt receipt, string actionPointId)
    {
        if (receipt.EntityId != actionPointId)
            throw RakorProblem.Conflict($"This commandId was already used for commitment {receipt.EntityId}; generate a new one for each report.");
        return await Replayed(receipt, _ => FindActionPoint(actionPointId)!);
    }
}
