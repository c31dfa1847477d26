using Orleans.Concurrency;
using RakorLive.Commands;
using RakorLive.Events;
using RakorLive.Model;

namespace RakorLive.GrainInterfaces;

/// <summary>The answer to a command: its result, and whether it was a replay of an earlier commandId.</summary>
[GenerateSerializer, Immutable, Alias("RakorLive.CommandReply`1")]
public sealed record CommandReply<T>(
    [property: Id(0)] T Value,
    [property: Id(1)] bool Replayed,
    [property: Id(2)] long Seq,
    [property: Id(3)] long Epoch = 0) : ICommandReply;

/// <summary>What every <see cref="CommandReply{T}"/> says regardless of its value (read by the command metrics).</summary>
public interface ICommandReply
{
    bool Replayed { get; }
}

/// <summary>
/// One rakor. The single writer of its event sequence: every change in the meeting passes
/// through here, gets the next <c>seq</c>, is persisted, and only then is acknowledged and relayed.
/// </summary>
[Alias("RakorLive.IMeetingGrain")]
public interface IMeetingGrain : IGrainWithStringKey
{
    [Alias("Create")]
    Task<CommandReply<MeetingSnapshot>> Create(Caller caller, CreateMeeting command);

    [Alias("Exists")]
    Task<bool> Exists();

    [Alias("GetSnapshot")]
    Task<MeetingSnapshot> GetSnapshot(Caller caller);

    /// <summary>What a (re)joining client gets: the events after <paramref name="afterSeq"/>, or a snapshot.</summary>
    [Alias("GetEventsAfter")]
    Task<CatchUp> GetEventsAfter(Caller caller, long afterSeq, long? epoch);

    /// <summary>
    /// The retained events after <paramref name="afterSeq"/> (0 = from the start), at most <paramref name="max"/>.
    /// A position that is no longer retained, or from another epoch, answers with a snapshot and no events.
    /// </summary>
    [Alias("GetHistory")]
    Task<CatchUp> GetHistory(Caller caller, long afterSeq, long? epoch, int max);

    /// <summary>One of the meeting's commitments, read from its writer (never behind the last acknowledged edit).</summary>
    [Alias("GetActionPoint")]
    Task<ActionPoint> GetActionPoint(Caller caller, string actionPointId);

    [Alias("GetAgendaItem")]
    Task<AgendaItemView> GetAgendaItem(Caller caller, string agendaItemId);

    /// <summary>The join code if this meeting issued it (null otherwise); signing in with it is checked by the caller.</summary>
    [Alias("FindJoinCode")]
    Task<JoinCode?> FindJoinCode(string code);

    [Alias("AddAgendaItem")]
    Task<CommandReply<AgendaItem>> AddAgendaItem(Caller caller, AddAgendaItem command);

    [Alias("Start")]
    Task<CommandReply<MeetingSnapshot>> Start(Caller caller, MeetingCommand command);

    [Alias("Advance")]
    Task<CommandReply<MeetingSnapshot>> Advance(Caller caller, MeetingCommand command);

    [Alias("Close")]
    Task<CommandReply<MeetingSnapshot>> Close(Caller caller, MeetingCommand command);

    [Alias("CheckIn")]
    Task<CommandReply<Attendee>> CheckIn(Caller caller, CheckIn command);

    [Alias("AddActionPoint")]
    Task<CommandReply<ActionPoint>> AddActionPoint(Caller caller, CreateActionPoint command);

    [Alias("UpdateActionPoint")]
    Task<CommandReply<ActionPoint>> UpdateActionPoint(Caller caller, string actionPointId, int expectedVersion, UpdateActionPoint command);

    [Alias("CreateJoinCode")]
    Task<CommandReply<JoinCode>> CreateJoinCode(Caller caller, CreateJoinCode command);

    /// <summary>Secretariat: the code signs in no more and its tokens stop working (a revoked code answers as it is).</summary>
    [Alias("RevokeJoinCode")]
    Task<CommandReply<JoinCode>> RevokeJoinCode(Caller caller, string code, MeetingCommand command);

    // ---------- the room and the record ----------

    [Alias("ReorderAgenda")]
    Task<CommandReply<MeetingSnapshot>> ReorderAgenda(Caller caller, ReorderAgenda command);

    [Alias("RecordOutcome")]
    Task<CommandReply<Outcome>> RecordOutcome(Caller caller, string agendaItemId, RecordOutcome command);

    [Alias("UpdateOutcome")]
    Task<CommandReply<Outcome>> UpdateOutcome(Caller caller, string outcomeId, int expectedVersion, UpdateOutcome command);

    [Alias("GetOutcome")]
    Task<Outcome> GetOutcome(Caller caller, string outcomeId);

    [Alias("RequestSpeaker")]
    Task<CommandReply<SpeakerRequest>> RequestSpeaker(Caller caller, RequestSpeaker command);

    [Alias("WithdrawSpeaker")]
    Task<CommandReply<SpeakerRequest>> WithdrawSpeaker(Caller caller, string requestId, MeetingCommand command);

    [Alias("CallNextSpeaker")]
    Task<CommandReply<SpeakerRequest>> CallNextSpeaker(Caller caller, MeetingCommand command);

    [Alias("SubmitNotulen")]
    Task<CommandReply<NotulenVersion>> SubmitNotulen(Caller caller, NotulenCommand command);

    [Alias("ApproveNotulen")]
    Task<CommandReply<NotulenVersion>> ApproveNotulen(Caller caller, NotulenCommand command);

    [Alias("ReturnNotulen")]
    Task<CommandReply<NotulenVersion>> ReturnNotulen(Caller caller, NotulenCommand command);

    [Alias("CorrectNotulen")]
    Task<CommandReply<NotulenVersion>> CorrectNotulen(Caller caller, NotulenCommand command);

    /// <summary>What the documents print: the live meeting for the draft, the frozen content of an approved (or superseded) version.</summary>
    /// <param name="version">null: the latest version.</param>
    [Alias("GetNotulenSource")]
    Task<NotulenSource> GetNotulenSource(Caller caller, int? version);

    /// <summary>Anonymous: is <paramref name="sha256"/> this meeting's approved notulen, a superseded one, or unknown?</summary>
    [Alias("VerifyNotulen")]
    Task<NotulenVerification> VerifyNotulen(string sha256);

    // ---------- follow-up (the origin meeting is the one writer of its commitments, for their whole life) ----------

    /// <summary>The owner agency's progress: percent, note, evidence; 100 → AwaitingVerification. Allowed after the meeting closed.</summary>
    [Alias("ReportProgress")]
    Task<CommandReply<ActionPoint>> ReportProgress(Caller caller, string actionPointId, ReportProgress command);

    /// <summary>The secretariat accepts (Done) or returns (InProgress with the note) a commitment awaiting verification.</summary>
    [Alias("Verify")]
    Task<CommandReply<ActionPoint>> Verify(Caller caller, string actionPointId, VerifyActionPoint command);

    /// <summary>Checks that the caller may attach evidence to the commitment now (owner OpdHead, not Done or Dropped).</summary>
    [Alias("AuthorizeEvidence")]
    Task<ActionPoint> AuthorizeEvidence(Caller caller, string actionPointId);

    /// <summary>
    /// Told by a follow-up rakor's outbox: <paramref name="carrierMeetingId"/> carries these commitments over. Each gains the
    /// carrier in its CarriedInto (a new version), and from then on every change is mirrored there. Idempotent.
    /// </summary>
    [Alias("RegisterCarrier")]
    Task RegisterCarrier(string carrierMeetingId, IReadOnlyList<string> actionPointIds);

    /// <summary>
    /// Told by the origin meeting's outbox: a commitment this meeting carries changed. Appended as an event in this
    /// meeting's sequence unless this meeting already holds that version or newer.
    /// </summary>
    [Alias("Mirror")]
    Task Mirror(ActionPoint actionPoint);

    /// <summary>
    /// Registers a silo's relay for live events; relays renew before <paramref name="lease"/> runs out.
    /// Returns the current position, so a relay that missed pushes (the grain moved or restarted) can catch up.
    /// </summary>
    [Alias("Subscribe")]
    Task<CatchUp> Subscribe(IMeetingObserver observer, TimeSpan lease);

    [Alias("Unsubscribe")]
    Task Unsubscribe(IMeetingObserver observer);
}

/// <summary>
/// The content one notulen version prints: the meeting, the region and agency names as they were, and who wrote it.
/// For an approved version this is frozen at approval, so its canonical content (and SHA-256) never changes.
/// </summary>
[GenerateSerializer, Immutable, Alias("RakorLive.NotulenSource")]
public sealed record NotulenSource(
    [property: Id(0)] MeetingSnapshot Meeting,
    [property: Id(1)] int Version,
    [property: Id(2)] NotulenStatus Status,
    [property: Id(3)] string? Sha256,
    [property: Id(4)] string RegionName,
    [property: Id(5)] string RegionCity,
    [property: Id(6)] IReadOnlyDictionary<string, string> AgencyNames,
    [property: Id(7)] string Notulis,
    [property: Id(8)] DateTimeOffset? ApprovedAt = null,
    [property: Id(9)] string? ApprovedBy = null);

/// <summary>A silo's relay of a meeting's events to the SignalR connections it holds.</summary>
[Alias("RakorLive.IMeetingObserver")]
public interface IMeetingObserver : IGrainObserver
{
    /// <remarks>One-way: the meeting never waits on a relay, and a relay that sees a gap fetches it from the meeting.</remarks>
    [Alias("OnEvents"), OneWay]
    Task OnEvents(IReadOnlyList<MeetingEvent> events);
}
