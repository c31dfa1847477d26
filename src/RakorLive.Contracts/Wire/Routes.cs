namespace RakorLive.Wire;

/// <summary>
/// The REST routes of the contract. Templates (with <c>{id}</c>) are what the server maps; the functions build the
/// same paths for clients, so a route is spelled once.
/// </summary>
public static class Routes
{
    public const string Token = "/api/auth/token";
    public const string Join = "/api/auth/join";
    public const string Users = "/api/users";
    public const string Opds = "/api/opds";
    public const string Vocabulary = "/api/vocabulary";
    public const string Meetings = "/api/meetings";
    public const string ActionPoints = "/api/action-points";
    public const string AgendaItems = "/api/agenda-items";
    public const string Notifications = "/api/notifications";
    public const string NotificationDeliveries = "/api/notifications/deliveries";
    public const string Outcomes = "/api/outcomes";
    public const string NotulenVerifyBase = "/api/notulen/verify";
    public const string FollowUps = "/api/follow-ups";
    public const string FollowUpsExport = "/api/follow-ups/export.xlsx";
    public const string Evidence = "/api/evidence";
    public const string Scorecards = "/api/scorecards";
    /// <summary>The append-only record of every change and refused attempt (GET only; Secretariat, Admin).</summary>
    public const string Audit = "/api/audit";

    public static string Meeting(string meetingId) => $"{Meetings}/{Uri.EscapeDataString(meetingId)}";
    public static string MeetingEvents(string meetingId, long afterSeq, long? epoch = null, int? limit = null) =>
        $"{Meeting(meetingId)}/events?afterSeq={afterSeq}" + (epoch is { } e ? $"&epoch={e}" : "") + (limit is { } l ? $"&limit={l}" : "");
    public static string AgendaItemsOf(string meetingId) => $"{Meeting(meetingId)}/agenda-items";
    public static string Start(string meetingId) => $"{Meeting(meetingId)}/start";
    public static string Advance(string meetingId) => $"{Meeting(meetingId)}/advance";
    public static string Close(string meetingId) => $"{Meeting(meetingId)}/close";
    public static string Attendance(string meetingId) => $"{Meeting(meetingId)}/attendance";
    public static string ActionPointsOf(string meetingId) => $"{Meeting(meetingId)}/action-points";
    public static string JoinCodes(string meetingId) => $"{Meeting(meetingId)}/join-codes";
    /// <summary>DELETE (Secretariat, <c>?commandId=</c>): revokes the code; the tokens it gave stop working.</summary>
    public static string JoinCode(string meetingId, string code) => $"{JoinCodes(meetingId)}/{Uri.EscapeDataString(code)}";
    /// <summary>PATCH (Admin): disable or enable, display name, role, agency.</summary>
    public static string User(string username) => $"{Users}/{Uri.EscapeDataString(username)}";
    /// <summary>PUT (Admin, or the user with their current password): a new password ends the user's tokens.</summary>
    public static string UserPassword(string username) => $"{User(username)}/password";
    public static string ActionPoint(string actionPointId) => $"{ActionPoints}/{Uri.EscapeDataString(actionPointId)}";
    public static string AgendaItem(string agendaItemId) => $"{AgendaItems}/{Uri.EscapeDataString(agendaItemId)}";
    public static string DeliveryRetry(string deliveryId) => $"{NotificationDeliveries}/{Uri.EscapeDataString(deliveryId)}/retry";
    public static string AgendaReorder(string meetingId) => $"{Meeting(meetingId)}/agenda/reorder";
    public static string OutcomesOf(string agendaItemId) => $"{AgendaItem(agendaItemId)}/outcomes";
    public static string Outcome(string outcomeId) => $"{Outcomes}/{Uri.EscapeDataString(outcomeId)}";
    public static string Speakers(string meetingId) => $"{Meeting(meetingId)}/speakers";
    public static string Speaker(string meetingId, string requestId) => $"{Speakers(meetingId)}/{Uri.EscapeDataString(requestId)}";
    public static string NextSpeaker(string meetingId) => $"{Speakers(meetingId)}/next";
    /// <summary>step: submit, approve, return or correct.</summary>
    public static string Notulen(string meetingId, string step) => $"{Meeting(meetingId)}/notulen/{step}";
    public static string NotulenVersions(string meetingId) => $"{Meeting(meetingId)}/notulen/versions";
    public static string NotulenVerify(string sha256) => $"{NotulenVerifyBase}/{Uri.EscapeDataString(sha256)}";
    /// <summary>file: matrix.xlsx, matrix.csv, notulen.html, notulen.pdf or attendance.xlsx.</summary>
    public static string Export(string meetingId, string file) => $"{Meeting(meetingId)}/exports/{file}";
    public static string JoinQr(string meetingId, string code) => $"{Meeting(meetingId)}/join-qr.svg?code={Uri.EscapeDataString(code)}";
    public static string OpdActionPoints(string opdCode) => $"{Opds}/{Uri.EscapeDataString(opdCode)}/action-points";
    public static string Progress(string actionPointId) => $"{ActionPoint(actionPointId)}/progress";
    public static string Verify(string actionPointId) => $"{ActionPoint(actionPointId)}/verify";
    public static string EvidenceOf(string actionPointId) => $"{ActionPoint(actionPointId)}/evidence";
    public static string EvidenceFile(string evidenceId) => $"{Evidence}/{Uri.EscapeDataString(evidenceId)}";
    public static string OpdScorecard(string opdCode) => $"{Opds}/{Uri.EscapeDataString(opdCode)}/scorecard";
    public static string OpdDeadlines(string opdCode, string key) => $"{Opds}/{Uri.EscapeDataString(opdCode)}/deadlines.ics?key={Uri.EscapeDataString(key)}";
    public static string OpdFeedKey(string opdCode) => $"{Opds}/{Uri.EscapeDataString(opdCode)}/feed-key";
}
