using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RakorLive.IntegrationTests.Infrastructure;
using RakorLive.IntegrationTests.Security;
using RakorLive.Rules;

namespace RakorLive.IntegrationTests;

/// <summary>
/// Malformed requests of every kind: each must get the right 4xx as application/problem+json with a
/// title and a detail a person can act on, never a 5xx, and must change nothing at all.
/// </summary>
public abstract class BadInputTests(BadInputTests.Fixture f)
{
    public enum Who { Anonymous, Admin, Secretariat, PuprHead, Chair }

    /// <param name="Path">May hold {S} (a scheduled meeting), {L} (a live one), {C} (a closed one), {AP} (a PUPR commitment of {L}, version 1),
/// {LI} (the active agenda item of {L}) and {OC} (a note on {LI}, version 1).</param>
    /// <param name="Field">For 400 validation problems: the field the problem's "errors" must name.</param>
    public sealed record BadRequest(string Name, int Status, string Method, string Path, Who Caller, Func<HttpContent?> Body, string? IfMatch = null, string? Field = null);

    private const string Unknown = "0f8fad5b-d9cb-469f-a165-70867728950e";

    public static readonly IReadOnlyList<BadRequest> Cases =
    [
        // ----- sign-in -----
        new("token: empty object", 400, "POST", "/api/auth/token", Who.Anonymous, Json(new JsonObject()), Field: "username"),
        new("token: wrong password", 401, "POST", "/api/auth/token", Who.Anonymous, Json(new JsonObject { ["username"] = "sekretariat", ["password"] = "salah-sekali" })),
        new("token: username is a number", 400, "POST", "/api/auth/token", Who.Anonymous, Json(new JsonObject { ["username"] = 42, ["password"] = "x" })),
        new("join: missing code", 400, "POST", "/api/auth/join", Who.Anonymous, Json(new JsonObject()), Field: "code"),
        new("join: unknown code", 401, "POST", "/api/auth/join", Who.Anonymous, Json(new JsonObject { ["code"] = "ZZZZ-ZZZZ" })),

        // ----- agencies and users -----
        new("opd: missing name", 400, "POST", "/api/opds", Who.Admin, Json(new JsonObject { ["code"] = "UJI1" }), Field: "name"),
        new("opd: code with spaces and punctuation", 400, "POST", "/api/opds", Who.Admin, Json(Opd().With("code", "PU PR!")), Field: "code"),
        new("opd: code longer than 20", 400, "POST", "/api/opds", Who.Admin, Json(Opd().With("code", new string('A', Limits.OpdCode + 1))), Field: "code"),
        new("opd: name over Limits.OpdName", 400, "POST", "/api/opds", Who.Admin, Json(Opd().With("name", new string('n', Limits.OpdName + 1))), Field: "name"),
        new("opd: duplicate code PUPR with another name", 409, "POST", "/api/opds", Who.Admin, Json(Opd().With("code", "PUPR"))),
        new("user: invalid role 'Bupati'", 400, "POST", "/api/users", Who.Admin, Json(User().With("role", "Bupati")), Field: "role"),
        new("user: role given as a number", 400, "POST", "/api/users", Who.Admin, Json(User().With("role", 3))),
        new("user: duplicate username kadis.pupr", 409, "POST", "/api/users", Who.Admin, Json(User().With("username", "kadis.pupr"))),
        new("user: OpdHead of an unknown agency", 400, "POST", "/api/users", Who.Admin, Json(User().With("role", "OpdHead").With("opd", "DINAS-FIKTIF")), Field: "opd"),
        new("user: OpdHead without an agency", 400, "POST", "/api/users", Who.Admin, Json(User().With("role", "OpdHead")), Field: "opd"),
        new("user: password shorter than the minimum", 400, "POST", "/api/users", Who.Admin, Json(User().With("password", "pendek")), Field: "password"),
        new("user: username with a space", 400, "POST", "/api/users", Who.Admin, Json(User().With("username", "kadis pupr")), Field: "username"),
        new("user: missing displayName", 400, "POST", "/api/users", Who.Admin, Json(User().Without("displayName")), Field: "displayName"),

        // ----- creating a meeting: fields, types, dates, sizes, bodies -----
        new("meeting: missing title", 400, "POST", "/api/meetings", Who.Secretariat, Json(Meeting().Without("title")), Field: "title"),
        new("meeting: missing scheduledStart", 400, "POST", "/api/meetings", Who.Secretariat, Json(Meeting().Without("scheduledStart")), Field: "scheduledStart"),
        new("meeting: scheduledStart 2026-13-40", 400, "POST", "/api/meetings", Who.Secretariat, Json(Meeting().With("scheduledStart", "2026-13-40T09:00:00+07:00"))),
        new("meeting: scheduledStart 'tomorrow'", 400, "POST", "/api/meetings", Who.Secretariat, Json(Meeting().With("scheduledStart", "tomorrow"))),
        new("meeting: unknown time zone", 400, "POST", "/api/meetings", Who.Secretariat, Json(Meeting().With("timeZone", "Europe/Paris")), Field: "timeZone"),
        new("meeting: title over Limits.Title", 400, "POST", "/api/meetings", Who.Secretariat, Json(Meeting().With("title", new string('t', Limits.Title + 1))), Field: "title"),
        new("meeting: title with a control character", 400, "POST", "/api/meetings", Who.Secretariat, Json(Meeting().With("title", "Rakor\u0007")), Field: "title"),
        new("meeting: chair is a number", 400, "POST", "/api/meetings", Who.Secretariat, Json(Meeting().With("chair", 7))),
        new("meeting: commandId with spaces and slashes", 400, "POST", "/api/meetings", Who.Secretariat, Json(Meeting().With("commandId", "rapat / satu")), Field: "commandId"),
        new("meeting: invalid JSON", 400, "POST", "/api/meetings", Who.Secretariat, Raw("{\"title\": \"Rakor\", ")),
        new("meeting: empty body", 400, "POST", "/api/meetings", Who.Secretariat, Raw("")),
        new("meeting: JSON null", 400, "POST", "/api/meetings", Who.Secretariat, Raw("null")),
        new("meeting: JSON array instead of an object", 400, "POST", "/api/meetings", Who.Secretariat, Raw("[]")),
        new("meeting: JSON nested 200 levels deep", 400, "POST", "/api/meetings", Who.Secretariat, Raw("{\"title\":" + new string('[', 200) + new string(']', 200) + "}")),
        new("meeting: body that is not UTF-8", 400, "POST", "/api/meetings", Who.Secretariat, Bytes([.. "{\"title\":\""u8, 0xFF, 0xFE, .. "\"}"u8])),
        new("meeting: text/plain content type", 415, "POST", "/api/meetings", Who.Secretariat, Raw(Meeting().ToJsonString(), "text/plain")),
        new("meeting: JSON one level deeper than Limits.MaxJsonDepth", 400, "POST", "/api/meetings", Who.Secretariat,
            Raw("{\"title\":" + new string('[', Limits.MaxJsonDepth) + new string(']', Limits.MaxJsonDepth) + "}")),
        new("meeting: headers over Limits.MaxRequestHeaderBytes", 431, "POST", "/api/meetings", Who.Secretariat, Padded(Meeting(), Limits.MaxRequestHeaderBytes)),
        new("follow-ups: URL over Limits.MaxUrlLength", 414, "GET", "/api/follow-ups?q=" + new string('q', Limits.MaxUrlLength), Who.Secretariat, NoBody),
        new("meeting: body over 64 KB", 413, "POST", "/api/meetings", Who.Secretariat, Json(Meeting().With("title", new string('x', (int)Limits.MaxRequestBodyBytes + 1)))),

        // ----- agenda -----
        new("agenda: unknown presenterOpd", 400, "POST", "/api/meetings/{S}/agenda-items", Who.Secretariat, Json(Agenda().With("presenterOpd", "DINAS-FIKTIF")), Field: "presenterOpd"),
        new("agenda: timeboxMinutes 0", 400, "POST", "/api/meetings/{S}/agenda-items", Who.Secretariat, Json(Agenda().With("timeboxMinutes", 0)), Field: "timeboxMinutes"),
        new("agenda: timeboxMinutes over the maximum", 400, "POST", "/api/meetings/{S}/agenda-items", Who.Secretariat, Json(Agenda().With("timeboxMinutes", Limits.MaxTimeboxMinutes + 1)), Field: "timeboxMinutes"),
        new("agenda: timeboxMinutes as text", 400, "POST", "/api/meetings/{S}/agenda-items", Who.Secretariat, Json(Agenda().With("timeboxMinutes", "sepuluh"))),
        new("agenda: timeboxMinutes beyond int", 400, "POST", "/api/meetings/{S}/agenda-items", Who.Secretariat, Raw("{\"title\":\"Paparan\",\"presenterOpd\":\"PUPR\",\"timeboxMinutes\":1e30}")),
        new("agenda: missing title", 400, "POST", "/api/meetings/{S}/agenda-items", Who.Secretariat, Json(Agenda().Without("title")), Field: "title"),
        new("agenda: commandId with invalid characters", 400, "POST", "/api/meetings/{S}/agenda-items", Who.Secretariat, Json(Agenda().With("commandId", "agenda#1 <b>")), Field: "commandId"),
        new("agenda: unknown meeting", 404, "POST", $"/api/meetings/{Unknown}/agenda-items", Who.Secretariat, Json(Agenda())),
        new("agenda: malformed meeting id", 404, "POST", "/api/meetings/bukan_rapat!/agenda-items", Who.Secretariat, Json(Agenda())),
        new("agenda: meeting is closed", 409, "POST", "/api/meetings/{C}/agenda-items", Who.Secretariat, Json(Agenda())),

        // ----- moving a meeting: wrong states and malformed commands -----
        new("advance before start", 409, "POST", "/api/meetings/{S}/advance", Who.Secretariat, Json(Command())),
        new("close before start", 409, "POST", "/api/meetings/{S}/close", Who.Secretariat, Json(Command())),
        new("start twice", 409, "POST", "/api/meetings/{L}/start", Who.Secretariat, Json(Command())),
        new("start a closed meeting", 409, "POST", "/api/meetings/{C}/start", Who.Secretariat, Json(Command())),
        new("close twice", 409, "POST", "/api/meetings/{C}/close", Who.Secretariat, Json(Command())),
        new("advance a closed meeting", 409, "POST", "/api/meetings/{C}/advance", Who.Secretariat, Json(Command())),
        new("start: unknown meeting", 404, "POST", $"/api/meetings/{Unknown}/start", Who.Secretariat, Json(Command())),
        new("start: commandId with invalid characters", 400, "POST", "/api/meetings/{S}/start", Who.Secretariat, Json(Command().With("commandId", "mulai rapat / sekarang!")), Field: "commandId"),
        new("close: commandId over Limits.CommandId", 400, "POST", "/api/meetings/{L}/close", Who.Secretariat, Json(Command().With("commandId", new string('c', Limits.CommandId + 1))), Field: "commandId"),
        new("advance: skip as text", 400, "POST", "/api/meetings/{L}/advance", Who.Secretariat, Json(Command().With("skip", "ya"))),

        // ----- attendance -----
        new("attendance: unknown agency", 400, "POST", "/api/meetings/{L}/attendance", Who.Secretariat, Json(CheckIn().With("opd", "DINAS-FIKTIF")), Field: "opd"),
        new("attendance: missing name", 400, "POST", "/api/meetings/{L}/attendance", Who.Secretariat, Json(CheckIn().Without("name")), Field: "name"),
        new("attendance: position over Limits.Position", 400, "POST", "/api/meetings/{L}/attendance", Who.Secretariat, Json(CheckIn().With("position", new string('p', Limits.Position + 1))), Field: "position"),
        new("attendance: meeting is closed", 409, "POST", "/api/meetings/{C}/attendance", Who.Secretariat, Json(CheckIn())),

        // ----- commitments (action points) -----
        new("action point: missing commandId", 400, "POST", "/api/meetings/{L}/action-points", Who.Secretariat, Json(ActionPoint().Without("commandId")), Field: "commandId"),
        new("action point: commandId with invalid characters", 400, "POST", "/api/meetings/{L}/action-points", Who.Secretariat, Json(ActionPoint().With("commandId", "tablet 7/retry #2")), Field: "commandId"),
        new("action point: commandId over Limits.CommandId", 400, "POST", "/api/meetings/{L}/action-points", Who.Secretariat, Json(ActionPoint().With("commandId", new string('a', Limits.CommandId + 1))), Field: "commandId"),
        new("action point: missing description", 400, "POST", "/api/meetings/{L}/action-points", Who.Secretariat, Json(ActionPoint().Without("description")), Field: "description"),
        new("action point: missing target", 400, "POST", "/api/meetings/{L}/action-points", Who.Secretariat, Json(ActionPoint().Without("target")), Field: "target"),
        new("action point: blank beneficiaries", 400, "POST", "/api/meetings/{L}/action-points", Who.Secretariat, Json(ActionPoint().With("beneficiaries", "   ")), Field: "beneficiaries"),
        new("action point: missing benefit", 400, "POST", "/api/meetings/{L}/action-points", Who.Secretariat, Json(ActionPoint().Without("benefit")), Field: "benefit"),
        new("action point: missing dueDate", 400, "POST", "/api/meetings/{L}/action-points", Who.Secretariat, Json(ActionPoint().Without("dueDate")), Field: "dueDate"),
        new("action point: unknown ownerOpd", 400, "POST", "/api/meetings/{L}/action-points", Who.Secretariat, Json(ActionPoint().With("ownerOpd", "DINAS-FIKTIF")), Field: "ownerOpd"),
        new("action point: supportingOpds contains the owner", 400, "POST", "/api/meetings/{L}/action-points", Who.Secretariat, Json(ActionPoint().With("supportingOpds", new JsonArray("DISHUB", "PUPR"))), Field: "supportingOpds"),
        new("action point: unknown supporting agency", 400, "POST", "/api/meetings/{L}/action-points", Who.Secretariat, Json(ActionPoint().With("supportingOpds", new JsonArray("DINAS-FIKTIF"))), Field: "supportingOpds"),
        new("action point: more supporting agencies than allowed", 400, "POST", "/api/meetings/{L}/action-points", Who.Secretariat, Json(ActionPoint().With("supportingOpds", new JsonArray([.. Enumerable.Range(0, Limits.SupportingOpds + 1).Select(_ => (JsonNode?)JsonValue.Create("DISHUB"))]))), Field: "supportingOpds"),
        new("action point: supportingOpds as a string", 400, "POST", "/api/meetings/{L}/action-points", Who.Secretariat, Json(ActionPoint().With("supportingOpds", "DISHUB"))),
        new("action point: dueDate 2026-13-40", 400, "POST", "/api/meetings/{L}/action-points", Who.Secretariat, Json(ActionPoint().With("dueDate", "2026-13-40")), Field: "dueDate"),
        new("action point: dueDate 'tomorrow'", 400, "POST", "/api/meetings/{L}/action-points", Who.Secretariat, Json(ActionPoint().With("dueDate", "tomorrow")), Field: "dueDate"),
        new("action point: dueDate before the meeting date", 400, "POST", "/api/meetings/{L}/action-points", Who.Secretariat, Json(ActionPoint().With("dueDate", "2026-11-30")), Field: "dueDate"),
        new("action point: dueDate as dd-MM-yyyy", 400, "POST", "/api/meetings/{L}/action-points", Who.Secretariat, Json(ActionPoint().With("dueDate", "15-12-2026")), Field: "dueDate"),
        new("action point: dueDate as a number", 400, "POST", "/api/meetings/{L}/action-points", Who.Secretariat, Json(ActionPoint().With("dueDate", 20261215))),
        new("action point: description over Limits.Description", 400, "POST", "/api/meetings/{L}/action-points", Who.Secretariat, Json(ActionPoint().With("description", new string('d', Limits.Description + 1))), Field: "description"),
        new("action point: unknown agendaItemId", 400, "POST", "/api/meetings/{L}/action-points", Who.Secretariat, Json(ActionPoint().With("agendaItemId", Unknown)), Field: "agendaItemId"),
        new("action point: after the meeting closed", 409, "POST", "/api/meetings/{C}/action-points", Who.Secretariat, Json(ActionPoint())),
        new("action point: unknown meeting", 404, "POST", $"/api/meetings/{Unknown}/action-points", Who.Secretariat, Json(ActionPoint())),
        new("action point: body over 64 KB", 413, "POST", "/api/meetings/{L}/action-points", Who.PuprHead, Json(ActionPoint().With("target", new string('x', (int)Limits.MaxRequestBodyBytes)))),
        new("action point: wrong content type", 415, "POST", "/api/meetings/{L}/action-points", Who.PuprHead, Raw(ActionPoint().ToJsonString(), "application/x-www-form-urlencoded")),

        // ----- editing a commitment -----
        new("patch: no If-Match", 428, "PATCH", "/api/action-points/{AP}", Who.PuprHead, Json(Edit())),
        new("patch: stale If-Match", 412, "PATCH", "/api/action-points/{AP}", Who.PuprHead, Json(Edit()), IfMatch: "\"7\""),
        new("patch: If-Match that is not a version", 400, "PATCH", "/api/action-points/{AP}", Who.PuprHead, Json(Edit()), IfMatch: "\"versi-baru\""),
        new("patch: unknown action point", 404, "PATCH", $"/api/action-points/{Unknown}", Who.Secretariat, Json(Edit()), IfMatch: "\"1\""),
        new("patch: action point id that is not an id", 404, "PATCH", "/api/action-points/rtl-satu", Who.Secretariat, Json(Edit()), IfMatch: "\"1\""),
        new("patch: status Done by editing", 409, "PATCH", "/api/action-points/{AP}", Who.Secretariat, Json(Edit().With("status", "Done")), IfMatch: "\"1\""),
        new("patch: Dropped without a reason", 400, "PATCH", "/api/action-points/{AP}", Who.PuprHead, Json(Edit().With("status", "Dropped")), IfMatch: "\"1\"", Field: "statusReason"),
        new("patch: unknown status", 400, "PATCH", "/api/action-points/{AP}", Who.PuprHead, Json(Edit().With("status", "Finished")), IfMatch: "\"1\"", Field: "status"),
        new("patch: status as a number", 400, "PATCH", "/api/action-points/{AP}", Who.PuprHead, Json(Edit().With("status", 3)), IfMatch: "\"1\""),
        new("patch: empty description", 400, "PATCH", "/api/action-points/{AP}", Who.PuprHead, Json(Edit().With("description", "")), IfMatch: "\"1\"", Field: "description"),
        new("patch: supportingOpds contains the owner", 400, "PATCH", "/api/action-points/{AP}", Who.PuprHead, Json(Edit().With("supportingOpds", new JsonArray("PUPR"))), IfMatch: "\"1\"", Field: "supportingOpds"),
        new("patch: dueDate before the meeting date", 400, "PATCH", "/api/action-points/{AP}", Who.PuprHead, Json(Edit().With("dueDate", "2026-11-30")), IfMatch: "\"1\"", Field: "dueDate"),
        new("patch: unknown ownerOpd", 400, "PATCH", "/api/action-points/{AP}", Who.Secretariat, Json(Edit().With("ownerOpd", "DINAS-FIKTIF")), IfMatch: "\"1\"", Field: "ownerOpd"),
        new("patch: commandId with invalid characters", 400, "PATCH", "/api/action-points/{AP}", Who.PuprHead, Json(Edit().With("commandId", "edit 1/2")), IfMatch: "\"1\"", Field: "commandId"),
        new("patch: invalid JSON", 400, "PATCH", "/api/action-points/{AP}", Who.PuprHead, Raw("{\"description\": }"), IfMatch: "\"1\""),
        new("patch: empty body", 400, "PATCH", "/api/action-points/{AP}", Who.PuprHead, Raw(""), IfMatch: "\"1\""),

        // ----- join codes -----
        new("join code: role Secretariat", 400, "POST", "/api/meetings/{L}/join-codes", Who.Secretariat, Json(new JsonObject { ["role"] = "Secretariat" }), Field: "role"),
        new("join code: role 'Bupati'", 400, "POST", "/api/meetings/{L}/join-codes", Who.Secretariat, Json(new JsonObject { ["role"] = "Bupati" }), Field: "role"),
        new("join code: OpdHead without an agency", 400, "POST", "/api/meetings/{L}/join-codes", Who.Secretariat, Json(new JsonObject { ["role"] = "OpdHead" }), Field: "opd"),
        new("join code: validHours 1000", 400, "POST", "/api/meetings/{L}/join-codes", Who.Secretariat, Json(new JsonObject { ["role"] = "Viewer", ["validHours"] = 1000 }), Field: "validHours"),
        new("join code: meeting is closed", 409, "POST", "/api/meetings/{C}/join-codes", Who.Secretariat, Json(new JsonObject { ["role"] = "Viewer" })),

        // ----- the room and the record -----
        new("reorder: missing itemIds", 400, "POST", "/api/meetings/{L}/agenda/reorder", Who.Secretariat, Json(Command()), Field: "itemIds"),
        new("reorder: meeting is closed", 409, "POST", "/api/meetings/{C}/agenda/reorder", Who.Secretariat, Json(Command().With("itemIds", new JsonArray()))),
        new("outcome: unknown kind 'Opinion'", 400, "POST", "/api/agenda-items/{LI}/outcomes", Who.Secretariat, Json(Outcome().With("kind", "Opinion")), Field: "kind"),
        new("outcome: kind as a digit", 400, "POST", "/api/agenda-items/{LI}/outcomes", Who.Secretariat, Json(Outcome().With("kind", "2")), Field: "kind"),
        new("outcome: missing text", 400, "POST", "/api/agenda-items/{LI}/outcomes", Who.Secretariat, Json(Outcome().Without("text")), Field: "text"),
        new("outcome: text over Limits.OutcomeText", 400, "POST", "/api/agenda-items/{LI}/outcomes", Who.Secretariat, Json(Outcome().With("text", new string('k', Limits.OutcomeText + 1))), Field: "text"),
        new("outcome: unknown agenda item", 404, "POST", $"/api/agenda-items/{Unknown}/outcomes", Who.Secretariat, Json(Outcome())),
        new("outcome: agenda item id that is not an id", 404, "POST", "/api/agenda-items/agenda-satu/outcomes", Who.Secretariat, Json(Outcome())),
        new("outcome: invalid JSON", 400, "POST", "/api/agenda-items/{LI}/outcomes", Who.Secretariat, Raw("{\"kind\": ")),
        new("outcome patch: no If-Match", 428, "PATCH", "/api/outcomes/{OC}", Who.Secretariat, Json(Outcome())),
        new("outcome patch: stale If-Match", 412, "PATCH", "/api/outcomes/{OC}", Who.Secretariat, Json(Outcome()), IfMatch: "\"5\""),
        new("outcome patch: unknown outcome", 404, "PATCH", $"/api/outcomes/{Unknown}", Who.Secretariat, Json(Outcome()), IfMatch: "\"1\""),
        new("outcome patch: empty text", 400, "PATCH", "/api/outcomes/{OC}", Who.Secretariat, Json(Command().With("text", "")), IfMatch: "\"1\"", Field: "text"),
        new("outcome patch: nothing to change", 400, "PATCH", "/api/outcomes/{OC}", Who.Secretariat, Json(Command()), IfMatch: "\"1\"", Field: "text"),
        new("speaker: unknown agency", 400, "POST", "/api/meetings/{L}/speakers", Who.Secretariat, Json(Command().With("opd", "DINAS-FIKTIF")), Field: "opd"),
        new("speaker: secretariat names no agency", 400, "POST", "/api/meetings/{L}/speakers", Who.Secretariat, Json(Command()), Field: "opd"),
        new("speaker: meeting not started", 409, "POST", "/api/meetings/{S}/speakers", Who.PuprHead, Json(Command())),
        new("speaker: meeting is closed", 409, "POST", "/api/meetings/{C}/speakers", Who.PuprHead, Json(Command())),
        new("speaker: withdraw an unknown request", 404, "DELETE", $"/api/meetings/{{L}}/speakers/{Unknown}", Who.Secretariat, NoBody),
        new("speaker: next with nobody waiting", 409, "POST", "/api/meetings/{L}/speakers/next", Who.Chair, Json(Command())),
        new("notulen: submit while the meeting is live", 409, "POST", "/api/meetings/{L}/notulen/submit", Who.Secretariat, Json(Command())),
        new("notulen: approve with nothing submitted", 409, "POST", "/api/meetings/{C}/notulen/approve", Who.Chair, Json(Command())),
        new("notulen: return without a note", 400, "POST", "/api/meetings/{C}/notulen/return", Who.Chair, Json(Command()), Field: "note"),
        new("notulen: correct a version never approved", 409, "POST", "/api/meetings/{C}/notulen/correct", Who.Secretariat, Json(Command())),
        new("verify: a hash that is not 64 hex characters", 400, "GET", "/api/notulen/verify/bukan-hash", Who.Anonymous, NoBody, Field: "sha256"),
        new("export: unknown document", 404, "GET", "/api/meetings/{L}/exports/notulen.docx", Who.Secretariat, NoBody),
        new("export: unknown meeting", 404, "GET", $"/api/meetings/{Unknown}/exports/notulen.pdf", Who.Secretariat, NoBody),
        new("join QR: missing code", 400, "GET", "/api/meetings/{L}/join-qr.svg", Who.Secretariat, NoBody, Field: "code"),
        new("join QR: unknown code", 404, "GET", "/api/meetings/{L}/join-qr.svg?code=ZZZZZZZZ", Who.Secretariat, NoBody),

        // ----- reads with bad ids or parameters -----
        new("events: afterSeq as text", 400, "GET", "/api/meetings/{L}/events?afterSeq=kemarin", Who.Secretariat, NoBody),
        new("events: afterSeq beyond the meeting's seq", 410, "GET", "/api/meetings/{L}/events?afterSeq=999999", Who.Secretariat, NoBody),
        new("events: unknown meeting", 404, "GET", $"/api/meetings/{Unknown}/events?afterSeq=0", Who.Secretariat, NoBody),
        new("meeting: unknown id", 404, "GET", $"/api/meetings/{Unknown}", Who.Secretariat, NoBody),
        new("action point: unknown id", 404, "GET", $"/api/action-points/{Unknown}", Who.Secretariat, NoBody),
        new("ledger: unknown agency", 404, "GET", "/api/opds/DINAS-FIKTIF/action-points", Who.Secretariat, NoBody),
        new("meeting: DELETE is not a method of the API", 405, "DELETE", "/api/meetings/{L}", Who.Secretariat, NoBody),

        // ----- follow-up: progress, verification, evidence -----
        new("progress: missing percent", 400, "POST", "/api/action-points/{AP}/progress", Who.PuprHead, Json(Progress().Without("percent")), Field: "percent"),
        new("progress: percent 101", 400, "POST", "/api/action-points/{AP}/progress", Who.PuprHead, Json(Progress().With("percent", 101)), Field: "percent"),
        new("progress: percent as text", 400, "POST", "/api/action-points/{AP}/progress", Who.PuprHead, Json(Progress().With("percent", "separuh"))),
        new("progress: missing note", 400, "POST", "/api/action-points/{AP}/progress", Who.PuprHead, Json(Progress().Without("note")), Field: "note"),
        new("progress: evidenceUrl ftp://", 400, "POST", "/api/action-points/{AP}/progress", Who.PuprHead, Json(Progress().With("evidenceUrl", "ftp://pupr.example/laporan")), Field: "evidenceUrl"),
        new("progress: evidenceId never uploaded", 400, "POST", "/api/action-points/{AP}/progress", Who.PuprHead, Json(Progress().With("evidenceIds", new JsonArray(Unknown))), Field: "evidenceIds"),
        new("progress: missing commandId", 400, "POST", "/api/action-points/{AP}/progress", Who.PuprHead, Json(Progress().Without("commandId")), Field: "commandId"),
        new("progress: unknown commitment", 404, "POST", $"/api/action-points/{Unknown}/progress", Who.PuprHead, Json(Progress())),
        new("verify: missing accepted", 400, "POST", "/api/action-points/{AP}/verify", Who.Secretariat, Json(Command()), Field: "accepted"),
        new("verify: not awaiting verification", 409, "POST", "/api/action-points/{AP}/verify", Who.Secretariat, Json(Command().With("accepted", true))),
        new("evidence: not multipart", 415, "POST", "/api/action-points/{AP}/evidence", Who.PuprHead, Json(Command())),
        new("evidence: an executable renamed .pdf", 415, "POST", "/api/action-points/{AP}/evidence", Who.PuprHead, File([0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00], "laporan.pdf", "application/pdf")),
        new("evidence: a zip without [Content_Types].xml", 415, "POST", "/api/action-points/{AP}/evidence", Who.PuprHead, File(Zip(), "laporan.docx", "application/octet-stream")),
        new("evidence: over RakorLive:Evidence:MaxBytes", 413, "POST", "/api/action-points/{AP}/evidence", Who.PuprHead, File([.. "%PDF-1.7\n"u8, .. new byte[EvidenceLimit]], "besar.pdf", "application/pdf")),
        new("evidence: two files", 400, "POST", "/api/action-points/{AP}/evidence", Who.PuprHead, Files(), Field: "file"),
        new("evidence: unknown id", 404, "GET", $"/api/evidence/{Unknown}", Who.Secretariat, NoBody),
        new("evidence: id not a guid", 404, "GET", "/api/evidence/bukti-1", Who.Secretariat, NoBody),

        // ----- follow-up queries -----
        new("follow-ups: status 'Terlambat'", 400, "GET", "/api/follow-ups?status=Terlambat", Who.Secretariat, NoBody, Field: "status"),
        new("follow-ups: unknown agency", 400, "GET", "/api/follow-ups?opd=DINAS-FIKTIF", Who.Secretariat, NoBody, Field: "opd"),
        new("follow-ups: meetingId not an id", 400, "GET", "/api/follow-ups?meetingId=rakor-kemarin", Who.Secretariat, NoBody, Field: "meetingId"),
        new("follow-ups: overdue 'ya'", 400, "GET", "/api/follow-ups?overdue=ya", Who.Secretariat, NoBody, Field: "overdue"),
        new("follow-ups: dueBefore 2026-02-30", 400, "GET", "/api/follow-ups?dueBefore=2026-02-30", Who.Secretariat, NoBody, Field: "dueBefore"),
        new("follow-ups: page 0", 400, "GET", "/api/follow-ups?page=0", Who.Secretariat, NoBody, Field: "page"),
        new("follow-ups: pageSize 1000", 400, "GET", "/api/follow-ups?pageSize=1000", Who.Secretariat, NoBody, Field: "pageSize"),
        // PostgreSQL refuses a NUL in any text parameter: a filter that reaches SQL must be refused before it.
        new("notifications: opd with a NUL", 400, "GET", "/api/notifications?opd=%00", Who.Secretariat, NoBody, Field: "opd"),
        new("audit: opd with a NUL", 400, "GET", "/api/audit?opd=PU%00PR", Who.Secretariat, NoBody, Field: "opd"),
        new("follow-ups: q with a NUL", 400, "GET", "/api/follow-ups?q=ja%00lan", Who.Secretariat, NoBody, Field: "q"),
        new("follow-ups: q over Limits.SearchText", 400, "GET", $"/api/follow-ups?q={new string('q', Limits.SearchText + 1)}", Who.Secretariat, NoBody, Field: "q"),
        new("export: status 'Semua'", 400, "GET", "/api/follow-ups/export.xlsx?status=Semua", Who.Secretariat, NoBody, Field: "status"),
        new("scorecards: from 2026-13-01", 400, "GET", "/api/scorecards?from=2026-13-01", Who.Secretariat, NoBody, Field: "from"),
        new("scorecards: to before from", 400, "GET", "/api/scorecards?from=2026-12-01&to=2026-11-01", Who.Secretariat, NoBody, Field: "to"),
        new("scorecard: unknown agency", 404, "GET", "/api/opds/DINAS-FIKTIF/scorecard", Who.Secretariat, NoBody),
        new("calendar: no key", 401, "GET", "/api/opds/PUPR/deadlines.ics", Who.Anonymous, NoBody),
        new("calendar: wrong key", 404, "GET", "/api/opds/PUPR/deadlines.ics?key=bukan-kunci", Who.Anonymous, NoBody),
        new("feed key: unknown agency", 404, "POST", "/api/opds/DINAS-FIKTIF/feed-key", Who.Secretariat, Json(Command())),
    ];

    /// <summary>The evidence limit the fixture's server runs with (RakorLive:Evidence:MaxBytes), small so the 413 case is cheap.</summary>
    public const int EvidenceLimit = 4096;

    private static JsonObject Progress() => new() { ["commandId"] = "bad-" + Guid.NewGuid().ToString("N"), ["percent"] = 50, ["note"] = "Pengukuran ruas jalan" };

    private static Func<HttpContent?> File(byte[] bytes, string name, string contentType) => () =>
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        form.Add(file, "file", name);
        return form;
    };

    private static Func<HttpContent?> Files() => () =>
    {
        var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent("satu"u8.ToArray()), "file", "satu.txt");
        form.Add(new ByteArrayContent("dua"u8.ToArray()), "file", "dua.txt");
        return form;
    };

    private static byte[] Zip()
    {
        using var memory = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(memory, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        using (var writer = new StreamWriter(zip.CreateEntry("catatan.txt").Open())) writer.Write("bukan dokumen Office");
        return memory.ToArray();
    }

    public static IEnumerable<object[]> CaseNames() => Cases.Select(c => new object[] { c.Name });

    [Fact]
    public void The_table_has_at_least_40_distinct_cases()
    {
        Assert.True(Cases.Count >= 40, $"{Cases.Count} cases");
        Assert.Equal(Cases.Count, Cases.Select(c => c.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task A_malformed_request_gets_a_4xx_problem_and_changes_nothing(string name)
    {
        var bad = Cases.Single(c => c.Name == name);
        var path = bad.Path.Replace("{S}", f.Scheduled).Replace("{LI}", f.LiveItem).Replace("{L}", f.Live).Replace("{C}", f.Closed).Replace("{AP}", f.ActionPoint).Replace("{OC}", f.Outcome);
        var answer = await f.Api.SendAsync(new HttpMethod(bad.Method), path, f.Token(bad.Caller), bad.Body(), bad.IfMatch);

        Assert.True(answer.Status is >= 400 and < 500, $"{name}: not a 4xx: {answer.Describe()}");
        Assert.True(answer.ProblemMismatch(bad.Status) is null, $"{name}: {answer.ProblemMismatch(bad.Status)}");
        if (bad.Field is not null)
        {
            var errors = answer.Json.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object ? e : default;
            Assert.True(errors.ValueKind == JsonValueKind.Object && errors.TryGetProperty(bad.Field, out _),
                $"{name}: the problem's errors do not name '{bad.Field}': {answer.Describe()}");
        }

        // Compared with the state before the first case: the whole table, case by case, leaves everything as it was.
        var now = await f.ObserveAsync();
        var changed = f.Baseline.Where(kv => now[kv.Key] != kv.Value).Select(kv => $"{kv.Key} changed, {Diff.FirstDifference(kv.Value, now[kv.Key])}").ToList();
        Assert.True(changed.Count == 0, $"{name} answered {answer.Status} but changed state:\n{string.Join("\n", changed)}");
    }

    // ---------- valid bodies, each case breaks one thing ----------

    private static JsonObject Opd() => new() { ["code"] = "UJI-BARU", ["name"] = "Badan Uji Baru", ["kind"] = "Badan" };

    private static JsonObject User() => new()
    {
        ["username"] = "pengguna.baru", ["password"] = "rahasia-uji-2026", ["displayName"] = "Pengguna Baru", ["role"] = "Viewer",
    };

    private static JsonObject Meeting() => new()
    {
        ["commandId"] = "bad-" + Guid.NewGuid().ToString("N"), ["title"] = "Rakor uji", ["scheduledStart"] = Api.MeetingStart,
        ["location"] = "Aula Setda", ["chair"] = "Bupati",
    };

    private static JsonObject Agenda() => new()
    {
        ["commandId"] = "bad-" + Guid.NewGuid().ToString("N"), ["title"] = "Paparan Dinas PUPR", ["presenterOpd"] = "PUPR", ["timeboxMinutes"] = 10,
    };

    private static JsonObject Command() => new() { ["commandId"] = "bad-" + Guid.NewGuid().ToString("N") };

    private static JsonObject CheckIn() => new()
    {
        ["commandId"] = "bad-" + Guid.NewGuid().ToString("N"), ["opd"] = "DINKES", ["name"] = "dr. Sari", ["position"] = "Kepala Dinas",
    };

    private static JsonObject ActionPoint() => JsonSerializer.SerializeToNode(Api.ActionPointBody("PUPR", ["DISHUB"], "bad-" + Guid.NewGuid().ToString("N")))!.AsObject();

    private static JsonObject Outcome() => new() { ["commandId"] = "bad-" + Guid.NewGuid().ToString("N"), ["kind"] = "Decision", ["text"] = "Keputusan rapat" };

    private static JsonObject Edit() => new() { ["commandId"] = "bad-" + Guid.NewGuid().ToString("N"), ["description"] = "Peta jalan direvisi" };

    private static Func<HttpContent?> Json(JsonNode body) => () => new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");

    /// <summary>A valid body sent with one header that takes the request's headers over <paramref name="bytes"/>.</summary>
    private static Func<HttpContent?> Padded(JsonNode body, int bytes) => () =>
    {
        var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        content.Headers.TryAddWithoutValidation("X-Rakor-Padding", new string('p', bytes));
        return content;
    };

    private static Func<HttpContent?> Raw(string text, string contentType = "application/json") => () => Api.Raw(text, contentType);

    private static Func<HttpContent?> Bytes(byte[] bytes) => () =>
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("application/json");
        return content;
    };

    private static Func<HttpContent?> NoBody => () => null;

    /// <summary>One server; a scheduled, a live and a closed meeting; a PUPR commitment at version 1; the state everything must keep.</summary>
    public abstract class Fixture(Engine engine) : IAsyncLifetime
    {
        private readonly Dictionary<Who, string?> _tokens = [];
        private ServerProcess? _server;

        public Api Api { get; private set; } = null!;
        public string Scheduled { get; private set; } = "";
        public string Live { get; private set; } = "";
        public string Closed { get; private set; } = "";
        public string ActionPoint { get; private set; } = "";
        public string LiveItem { get; private set; } = "";
        public string Outcome { get; private set; } = "";
        public IReadOnlyDictionary<string, string> Baseline { get; private set; } = null!;

        public string? Token(Who who) => _tokens[who];

        public async Task InitializeAsync()
        {
            _server = await ServerProcess.StartAsync(engine, $"--RakorLive:Evidence:MaxBytes={EvidenceLimit}");
            Api = new Api(_server);
            _tokens[Who.Anonymous] = null;
            _tokens[Who.Admin] = await Api.TokenAsync("admin");
            _tokens[Who.Secretariat] = await Api.TokenAsync("sekretariat");
            _tokens[Who.PuprHead] = await Api.TokenAsync("kadis.pupr");
            _tokens[Who.Chair] = await Api.TokenAsync("bupati");
            var secretariat = _tokens[Who.Secretariat]!;

            Scheduled = await Api.CreateMeetingAsync(secretariat, "Rakor terjadwal");
            await Api.AddAgendaItemAsync(secretariat, Scheduled, "PUPR");

            Live = await Api.CreateMeetingAsync(secretariat, "Rakor berlangsung");
            await Api.AddAgendaItemAsync(secretariat, Live, "PUPR");
            await Api.AddAgendaItemAsync(secretariat, Live, "DINKES");
            await Api.StartAsync(secretariat, Live);
            await Api.CheckInAsync(secretariat, Live, "PUPR", "Ir. Budi");
            var (actionPoint, version) = await Api.CreateActionPointAsync(secretariat, Live, "PUPR", "DISHUB");
            Assert.Equal(1, version);
            ActionPoint = actionPoint;
            LiveItem = JsonDocument.Parse(await Api.ReadAsync($"/api/meetings/{Live}", secretariat)).RootElement.GetProperty("currentItemId").GetString()!;
            Outcome = Api.Expect(await Api.PostAsync($"/api/agenda-items/{LiveItem}/outcomes", secretariat,
                new { commandId = "setup-" + Guid.NewGuid().ToString("N"), kind = "Note", text = "Catatan" }), 201, "outcome").Json.GetProperty("id").GetString()!;

            Closed = await Api.CreateMeetingAsync(secretariat, "Rakor selesai");
            await Api.AddAgendaItemAsync(secretariat, Closed, "PUPR");
            await Api.StartAsync(secretariat, Closed);
            await Api.CloseAsync(secretariat, Closed);

            Baseline = await ObserveAsync();
        }

        /// <summary>Everything a malformed request could touch, as the server shows it.</summary>
        public async Task<Dictionary<string, string>> ObserveAsync()
        {
            var secretariat = _tokens[Who.Secretariat]!;
            var admin = _tokens[Who.Admin]!;
            var views = new (string Path, string Token)[]
            {
                ($"/api/meetings/{Scheduled}", secretariat),
                ($"/api/meetings/{Live}", secretariat),
                ($"/api/meetings/{Closed}", secretariat),
                ("/api/meetings", secretariat),
                ($"/api/action-points/{ActionPoint}", secretariat),
                ("/api/opds", secretariat),
                ("/api/opds/PUPR/action-points", secretariat),
                ("/api/opds/DINKES/action-points", secretariat),
                ("/api/users", admin),
                ($"/api/follow-ups?meetingId={Live}", secretariat),
            };
            // The PUPR ledger follows the live meeting through its outbox: observe it once it holds the setup's commitment.
            var bodies = await Task.WhenAll(views.Select(v => v.Path == "/api/opds/PUPR/action-points"
                ? Api.ReadWhenAsync(v.Path, v.Token, body => body.Contains(ActionPoint, StringComparison.Ordinal))
                : Api.ReadAsync(v.Path, v.Token)));
            return views.Select((v, i) => (v.Path, bodies[i])).ToDictionary(x => x.Path, x => x.Item2);
        }

        public async Task DisposeAsync()
        {
            Api?.Dispose();
            if (_server is not null) await _server.DisposeAsync();
        }
    }
}

internal static class JsonObjectEdits
{
    public static JsonObject With(this JsonObject o, string key, JsonNode? value)
    {
        o[key] = value;
        return o;
    }

    public static JsonObject Without(this JsonObject o, string key)
    {
        o.Remove(key);
        return o;
    }
}
