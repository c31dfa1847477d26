using RakorLive.Model;

namespace RakorLive.Rules;

/// <summary>
/// Every permission rule of RakorLive, by role and agency. Endpoints and hub methods call the
/// role rules before touching a grain; grains call the agency rules where the state is.
/// Each rule throws 403 with the reason, so the caller learns what it may not do and why.
/// </summary>
public static partial class Permissions
{
    public static void ManageUsers(Caller caller) =>
        Require(caller, "manage users", Role.Admin);

    /// <summary>An admin sets anyone's password; a user changes their own with the current one (a stolen token alone cannot).</summary>
    public static void ChangePassword(Caller caller, string username, bool currentPasswordVerified)
    {
        if (caller.Role == Role.Admin && caller.MeetingScope is null) return;
        if (caller.MeetingScope is null && caller.Subject == username)
        {
            if (currentPasswordVerified) return;
            throw new RakorProblem(403, "Kata sandi lama salah", "Give your current password in 'currentPassword' to set a new one.");
        }
        throw RakorProblem.Forbidden("Only an administrator, or the user themselves, can change a password.");
    }

    public static void ManageAgencies(Caller caller) =>
        Require(caller, "manage agencies", Role.Admin, Role.Secretariat);

    /// <summary>A join-code token (even a Chair one) is limited to its own meeting, so it cannot open new ones.</summary>
    public static void CreateMeeting(Caller caller)
    {
        ReadAcrossMeetings(caller);
        Require(caller, "create meetings", Role.Secretariat, Role.Chair);
    }

    /// <summary>Agenda, start, advance and close.</summary>
    public static void RunMeeting(Caller caller, string meetingId)
    {
        ReadMeeting(caller, meetingId);
        Require(caller, "run the meeting (agenda, start, advance, close)", Role.Chair, Role.Secretariat);
    }

    public static void IssueJoinCodes(Caller caller, string meetingId)
    {
        ReadMeeting(caller, meetingId);
        Require(caller, "issue join codes", Role.Secretariat);
    }

    /// <summary>A join-code token reads only its own meeting; everyone signed in reads the rest.</summary>
    public static void ReadMeeting(Caller caller, string meetingId)
    {
        if (caller.MeetingScope is not null && caller.MeetingScope != meetingId)
            throw RakorProblem.Forbidden("This sign-in came from a join code and is limited to its own meeting.");
    }

    /// <summary>Lists across meetings are closed to join-code tokens, which see one meeting only.</summary>
    public static void ReadAcrossMeetings(Caller caller)
    {
        if (caller.MeetingScope is not null)
            throw RakorProblem.Forbidden("This sign-in came from a join code and is limited to its own meeting.");
    }

    public static void CheckIn(Caller caller, string meetingId, string opd)
    {
        ReadMeeting(caller, meetingId);
        if (caller.Role == Role.Secretariat) return;
        if (caller.Role == Role.OpdHead && caller.Opd == opd) return;
        throw RakorProblem.Forbidden(caller.Role == Role.OpdHead
            ? $"A kepala OPD checks in for their own agency ({caller.Opd}) only, not {opd}."
            : "Only the secretariat or the agency's own kepala OPD can record attendance.");
    }

    /// <summary>Role check before the body is known: may this caller add commitments at all?</summary>
    public static void AddActionPoints(Caller caller, string meetingId)
    {
        ReadMeeting(caller, meetingId);
        Require(caller, "add commitments", Role.Chair, Role.Secretariat, Role.OpdHead);
    }

    public static void CreateActionPoint(Caller caller, string meetingId, string ownerOpd)
    {
        AddActionPoints(caller, meetingId);
        if (caller.Role == Role.OpdHead && caller.Opd != ownerOpd)
            throw RakorProblem.Forbidden($"A kepala OPD adds commitments owned by their own agency ({caller.Opd}) only, not {ownerOpd}.");
    }

    /// <summary>Role check before the action point is loaded.</summary>
    public static void EditActionPoints(Caller caller) =>
        Require(caller, "edit commitments", Role.Secretariat, Role.OpdHead);

    public static void EditActionPoint(Caller caller, ActionPoint actionPoint, string? newOwnerOpd)
    {
        ReadMeeting(caller, actionPoint.MeetingId);
        EditActionPoints(caller);
        if (caller.Role != Role.OpdHead) return;
        if (caller.Opd != actionPoint.OwnerOpd)
            throw RakorProblem.Forbidden($"Commitment {actionPoint.Id} belongs to {actionPoint.OwnerOpd}; a kepala OPD edits their own agency's ({caller.Opd}) only.");
        if (newOwnerOpd is not null && newOwnerOpd != actionPoint.OwnerOpd)
            throw RakorProblem.Forbidden("Only the secretariat can hand a commitment over to another agency.");
    }

    /// <summary>
    /// Who may watch follow-ups live: a kepala OPD its own agency only (null means its own); the secretariat and the chair
    /// one agency or all (null). Returns the agency watched, or null for all.
    /// </summary>
    public static string? WatchFollowUps(Caller caller, string? opd)
    {
        opd = string.IsNullOrWhiteSpace(opd) ? null : opd.Trim();
        switch (caller.Role)
        {
            case Role.OpdHead:
                if (caller.Opd is null) throw RakorProblem.Forbidden("This kepala OPD account is bound to no agency.");
                if (opd is not null && opd != caller.Opd)
                    throw RakorProblem.Forbidden($"A kepala OPD watches their own agency's ({caller.Opd}) follow-ups only, not {opd}'s.");
                return caller.Opd;
            case Role.Secretariat or Role.Chair:
                return opd;
            default:
                throw RakorProblem.Forbidden($"Role {caller.Role} may not watch follow-ups; this needs OpdHead, Secretariat or Chair.");
        }
    }

    /// <summary>
    /// Reading the notifications raised: an agency's own (kepala OPD), or any (secretariat, chair, admin). They span
    /// meetings, so a join-code sign-in reads none (as with the ledger).
    /// </summary>
    public static string? ReadNotifications(Caller caller, string? opd)
    {
        ReadAcrossMeetings(caller);
        if (caller.Role == Role.Admin) return string.IsNullOrWhiteSpace(opd) ? null : opd.Trim();
        return WatchFollowUps(caller, opd);
    }

    /// <summary>Webhook deliveries (their failures, retrying them) are the administrator's.</summary>
    public static void ManageDeliveries(Caller caller) =>
        Require(caller, "see or retry webhook deliveries", Role.Admin);

    // ---------- the room and the record ----------

    public static void RecordOutcomes(Caller caller, string meetingId)
    {
        ReadMeeting(caller, meetingId);
        Require(caller, "write notes, decisions and directives", Role.Secretariat, Role.Chair);
    }

    /// <summary>Role check before the body is known: may this caller ask to speak at all?</summary>
    public static void RequestSpeakers(Caller caller, string meetingId)
    {
        ReadMeeting(caller, meetingId);
        Require(caller, "ask to speak", Role.OpdHead, Role.Secretariat);
    }

    /// <summary>A kepala OPD asks for their own agency; the secretariat on behalf of any agency.</summary>
    public static void RequestSpeaker(Caller caller, string meetingId, string opd)
    {
        RequestSpeakers(caller, meetingId);
        if (caller.Role == Role.Secretariat) return;
        if (caller.Role == Role.OpdHead && caller.Opd == opd) return;
        throw RakorProblem.Forbidden(caller.Role == Role.OpdHead
            ? $"A kepala OPD asks to speak for their own agency ({caller.Opd}) only, not {opd}."
            : $"Role {caller.Role} may not ask to speak; this needs OpdHead (own agency) or Secretariat.");
    }

    public static void WithdrawSpeaker(Caller caller, string meetingId, SpeakerRequest request)
    {
        ReadMeeting(caller, meetingId);
        if (caller.Role == Role.Secretariat) return;
        if (caller.Role == Role.OpdHead && caller.Opd == request.Opd) return;
        throw RakorProblem.Forbidden(caller.Role == Role.OpdHead
            ? $"Request {request.Id} belongs to {request.Opd}; a kepala OPD withdraws their own agency's ({caller.Opd}) only."
            : $"Role {caller.Role} may not withdraw a request to speak; this needs the requesting agency or Secretariat.");
    }

    public static void CallSpeaker(Caller caller, string meetingId)
    {
        ReadMeeting(caller, meetingId);
        Require(caller, "call the next speaker", Role.Chair);
    }

    public static void SubmitNotulen(Caller caller, string meetingId)
    {
        ReadMeeting(caller, meetingId);
        Require(caller, "submit or correct the notulen", Role.Secretariat);
    }

    public static void ApproveNotulen(Caller caller, string meetingId)
    {
        ReadMeeting(caller, meetingId);
        Require(caller, "approve or return the notulen", Role.Chair);
    }

    private static void Require(Caller caller, string action, params Role[] roles)
    {
        if (Array.IndexOf(roles, caller.Role) < 0)
            throw RakorProblem.Forbidden($"Role {caller.Role} may not {action}; this needs {string.Join(" or ", roles)}.");
    }
}
