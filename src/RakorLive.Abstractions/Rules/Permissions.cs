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

    private static void Require(Caller caller, string action, params Role[] roles)
    {
        if (Array.IndexOf(roles, caller.Role) < 0)
            throw RakorProblem.Forbidden($"Role {caller.Role} may not {action}; this needs {string.Join(" or ", roles)}.");
    }
}
