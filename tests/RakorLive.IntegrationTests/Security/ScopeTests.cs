using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using RakorLive.Wire;
using Xunit.Abstractions;
using static RakorLive.IntegrationTests.Security.ScopeWorld;
using Who = RakorLive.IntegrationTests.AuthorizationTests.Who;

namespace RakorLive.IntegrationTests.Security;

/// <summary>
/// Scope on every id: every route of the OpenAPI document that takes an id, and every hub method, called with ids of
/// another meeting and another agency by every caller. Nothing outside the caller's scope is read or changed: a refused
/// call leaves the store byte for byte as it was (events, receipts, owner index, evidence, notifications, read models).
/// </summary>
/// <remarks>
/// SQLite only: scope is decided in Permissions and the grains before anything reaches storage, the same code on both
/// engines; the store is read directly (its file) to prove that nothing was written.
/// </remarks>
public abstract partial class ScopeTests(ScopeWorld w, ITestOutputHelper output)
{
    // ---------- the cases ----------

    /// <summary>Foreign: ids of another meeting or agency, addressed consistently. Mismatch: an id of meeting 2 used under meeting 1's path or body.</summary>
    private enum Kind { Foreign, Mismatch }

    private abstract record Verdict
    {
        /// <summary>The caller may not: 4xx problem+json (this status when given), nothing changes.</summary>
        public sealed record Refused(int? Status) : Verdict;
        /// <summary>The id is within the caller's scope and the route reads: 2xx with that data.</summary>
        public sealed record InScope : Verdict;
        /// <summary>Within scope and it writes: AuthorizationTests proves the allowed writes; this test only proves the refusals.</summary>
        public sealed record Skip : Verdict;
    }

    private sealed record Case(string Route, string Label, Kind Kind, Func<ScopeWorld, Person, Task<Outcome>> Send, Func<Person, Verdict> Expect,
        Func<ScopeWorld, Person, Outcome, string?>? CheckInScope = null);

    private sealed record Outcome(int Status, string Description, Func<int?, string?> ProblemMismatch)
    {
        public static Outcome Of(Answer a) => new(a.Status, a.Describe(), status => a.Status is < 400 or >= 500 ? $"expected a 4xx problem, got {a.Describe()}"
            : status is { } s ? a.ProblemMismatch(s) : a.ProblemMismatch(a.Status));
        public Answer? Answer { get; init; }
    }

    private static Outcome Of(Answer a) => Outcome.Of(a) with { Answer = a };

    private static readonly Verdict Refused403 = new Verdict.Refused(403), Refused401 = new Verdict.Refused(401), RefusedAny = new Verdict.Refused(null);

    /// <summary>
    /// The verdict from AuthorizationTests' matrix row: its PuprHead column is the owner agency's head, DinkesHead the other
    /// agency's; a join token of meeting 1 is a token of another meeting (JoinOther) unless <paramref name="joinInScope"/>.
    /// </summary>
    private static Func<Person, Verdict> Matrix(string row, bool read, string owner = A, Func<Person, bool>? joinInScope = null)
    {
        var rule = AuthorizationTests.Matrix.Single(r => r.Route == row);
        return who =>
        {
            var self = joinInScope?.Invoke(who) == true
                ? who switch { Person.Join1Chair => Person.Chair, Person.Join1HeadA => Person.HeadA, Person.Join1HeadB => Person.HeadB, _ => Person.Viewer }
                : who;
            var column = self switch
            {
                Person.Admin => Who.Admin,
                Person.Secretariat => Who.Secretariat,
                Person.Chair => Who.Chair,
                Person.HeadA => owner == A ? Who.PuprHead : Who.DinkesHead,
                Person.HeadB => owner == B ? Who.PuprHead : Who.DinkesHead,
                Person.Viewer => Who.Viewer,
                Person.Anonymous => Who.Anonymous,
                _ => Who.JoinOtherChair,
            };
            return rule.For(column) switch
            {
                AuthorizationTests.Access.Allowed => read ? new Verdict.InScope() : new Verdict.Skip(),
                AuthorizationTests.Access.Forbidden => Refused403,
                _ => Refused401,
            };
        };
    }

    /// <summary>Refused for everyone: the ids do not belong together.</summary>
    private static Verdict Mismatched(Person who) => who == Person.Anonymous ? Refused401 : RefusedAny;

    private static Func<ScopeWorld, Person, Task<Outcome>> Get(Func<ScopeWorld, string> path) =>
        async (w, who) => Of(await w.Api.GetAsync(path(w), w.Token(who)));

    private static Func<ScopeWorld, Person, Task<Outcome>> Post(Func<ScopeWorld, string> path, Func<ScopeWorld, object> body) =>
        async (w, who) => Of(await w.Api.PostAsync(path(w), w.Token(who), body(w)));

    private static Func<ScopeWorld, Person, Task<Outcome>> Cmd(Func<ScopeWorld, string> path) => Post(path, _ => new { commandId = Id() });

    /// <summary>PATCH with the entity's current version, so only scope decides.</summary>
    private static Func<ScopeWorld, Person, Task<Outcome>> Patch(Func<ScopeWorld, string> path, Func<ScopeWorld, object> body) => async (w, who) =>
    {
        var current = await w.Api.GetAsync(path(w), w.Token(Person.Secretariat));
        return Of(await w.Api.PatchAsync(path(w), w.Token(who), body(w), $"\"{current.ETagVersion}\""));
    };

    private static Func<ScopeWorld, Person, Task<Outcome>> Upload(Func<ScopeWorld, string> actionPoint) => async (w, who) =>
        Of(await w.Api.SendAsync(HttpMethod.Post, $"/api/action-points/{actionPoint(w)}/evidence", w.Token(who), TextFile($"Bukti {who} {Guid.NewGuid()}")));

    private static object ActionPoint(string owner, string? commandId = null, string? agendaItemId = null) => new
    {
        commandId = commandId ?? Id(), agendaItemId, ownerOpd = owner, supportingOpds = Array.Empty<string>(),
        description = "Komitmen uji lingkup", target = "1 dokumen", beneficiaries = "Warga", benefit = "Layanan lebih cepat", dueDate = Api.ValidDueDate,
    };

    private static bool AnyJoin(Person who) => IsJoin(who);

    private static readonly string[] Files = ["matrix.xlsx", "matrix.csv", "notulen.html", "notulen.pdf", "attendance.xlsx"];

    /// <summary>Every route that takes an id, keyed as the OpenAPI document spells it ("METHOD /template"), with its cases.</summary>
    private static readonly Dictionary<string, Case[]> Cases = Build();

    private static Dictionary<string, Case[]> Build()
    {
        var cases = new List<Case>();
        void Add(string route, string label, Kind kind, Func<ScopeWorld, Person, Task<Outcome>> send, Func<Person, Verdict> expect,
            Func<ScopeWorld, Person, Outcome, string?>? check = null) => cases.Add(new(route, label, kind, send, expect, check));
        const string M = "/api/meetings/{id}";

        foreach (var (label, meeting) in new (string, Func<ScopeWorld, string>)[] { ("meeting 2", x => x.M2), ("meeting 0", x => x.M0) })
        {
            Add($"GET {M}", label, Kind.Foreign, Get(x => $"/api/meetings/{meeting(x)}"), Matrix("GET /api/meetings/{A}", read: true),
                (x, _, o) => o.Answer!.Json.GetProperty("id").GetString() == meeting(x) ? null : "answered another meeting's snapshot");
            Add($"GET {M}/events", label, Kind.Foreign, Get(x => $"/api/meetings/{meeting(x)}/events?afterSeq=0"), Matrix("GET /api/meetings/{A}/events", read: true));
            foreach (var step in new[] { "start", "advance", "close" })
                Add($"POST {M}/{step}", label, Kind.Foreign, Cmd(x => $"/api/meetings/{meeting(x)}/{step}"), Matrix($"POST /api/meetings/{{A}}/{step}", read: false));
            foreach (var step in new[] { "submit", "approve", "correct" })
                Add($"POST {M}/notulen/{step}", label, Kind.Foreign, Cmd(x => $"/api/meetings/{meeting(x)}/notulen/{step}"), Matrix($"POST /api/meetings/{{A}}/notulen/{step}", read: false));
            Add($"POST {M}/notulen/return", label, Kind.Foreign, Post(x => $"/api/meetings/{meeting(x)}/notulen/return", _ => new { commandId = Id(), note = "Lengkapi." }),
                Matrix("POST /api/meetings/{A}/notulen/return", read: false));
            Add($"GET {M}/notulen/versions", label, Kind.Foreign, Get(x => $"/api/meetings/{meeting(x)}/notulen/versions"), Matrix("GET /api/meetings/{A}/notulen/versions", read: true));
            foreach (var file in Files)
                Add($"GET {M}/exports/{{file}}", $"{label} {file}", Kind.Foreign, Get(x => $"/api/meetings/{meeting(x)}/exports/{file}"), Matrix($"GET /api/meetings/{{A}}/exports/{file}", read: true));
        }
        Add($"POST {M}/agenda-items", "meeting 2", Kind.Foreign,
            Post(x => $"/api/meetings/{x.M2}/agenda-items", _ => new { commandId = Id(), title = "Paparan uji", presenterOpd = A, timeboxMinutes = 5 }),
            Matrix("POST /api/meetings/{A}/agenda-items", read: false));
        foreach (var owner in new[] { A, B })
        {
            Add($"POST {M}/attendance", $"meeting 2 for {owner}", Kind.Foreign,
                Post(x => $"/api/meetings/{x.M2}/attendance", _ => new { commandId = Id(), opd = owner, name = "Peserta uji", position = "Kepala Dinas" }),
                Matrix("POST /api/meetings/{A}/attendance for PUPR", read: false, owner));
            Add($"POST {M}/action-points", $"meeting 2 owned by {owner}", Kind.Foreign, Post(x => $"/api/meetings/{x.M2}/action-points", _ => ActionPoint(owner)),
                Matrix("POST /api/meetings/{A}/action-points owned by PUPR", read: false, owner));
            Add($"POST {M}/speakers", $"meeting 2 for {owner}", Kind.Foreign, Post(x => $"/api/meetings/{x.M2}/speakers", _ => new { commandId = Id(), opd = owner }),
                Matrix("POST /api/meetings/{A}/speakers for PUPR", read: false, owner));
            Add($"DELETE {M}/speakers/{{requestId}}", $"meeting 2, {owner}'s request", Kind.Foreign,
                async (x, who) => Of(await x.Api.SendAsync(HttpMethod.Delete, $"/api/meetings/{x.M2}/speakers/{(owner == A ? x.S2A : x.S2B)}?commandId={Id()}", x.Token(who))),
                Matrix("DELETE /api/meetings/{A}/speakers/{id} of PUPR", read: false, owner));
        }
        // A receipt answers only whoever may send the command: another agency replaying A's commandId learns and changes nothing.
        Add($"POST {M}/attendance", "meeting 2, replay of A's check-in", Kind.Foreign,
            Post(x => $"/api/meetings/{x.M2}/attendance", x => new { commandId = x.CheckInCommand2, opd = A, name = "Ir. Budi", position = "Kepala Dinas" }),
            Matrix("POST /api/meetings/{A}/attendance for PUPR", read: false));
        Add($"POST {M}/action-points", "meeting 2, replay of A's commitment", Kind.Foreign,
            Post(x => $"/api/meetings/{x.M2}/action-points", x => ActionPoint(A, x.CreateCommand2)),
            Matrix("POST /api/meetings/{A}/action-points owned by PUPR", read: false));
        Add($"POST {M}/speakers", "meeting 2, replay of A's request", Kind.Foreign,
            Post(x => $"/api/meetings/{x.M2}/speakers", x => new { commandId = x.SpeakerCommand2 }),
            Matrix("POST /api/meetings/{A}/speakers for PUPR", read: false));
        Add($"DELETE {M}/speakers/{{requestId}}", "meeting 2, replay of A's withdrawal", Kind.Foreign,
            async (x, who) => Of(await x.Api.SendAsync(HttpMethod.Delete, $"/api/meetings/{x.M2}/speakers/{x.S2Withdrawn}?commandId={x.WithdrawCommand2}", x.Token(who))),
            Matrix("DELETE /api/meetings/{A}/speakers/{id} of PUPR", read: false));
        Add($"POST {M}/action-points", "meeting 1 under meeting 2's agenda item", Kind.Mismatch,
            Post(x => $"/api/meetings/{x.M1}/action-points", x => ActionPoint(A, agendaItemId: x.I2)), Mismatched);
        Add($"DELETE {M}/speakers/{{requestId}}", "meeting 1, meeting 2's request", Kind.Mismatch,
            async (x, who) => Of(await x.Api.SendAsync(HttpMethod.Delete, $"/api/meetings/{x.M1}/speakers/{x.S2A}?commandId={Id()}", x.Token(who))), Mismatched);
        Add($"POST {M}/join-codes", "meeting 2", Kind.Foreign, Post(x => $"/api/meetings/{x.M2}/join-codes", _ => new { commandId = Id(), role = "Viewer" }),
            Matrix("POST /api/meetings/{A}/join-codes", read: false));
        Add($"DELETE {M}/join-codes/{{code}}", "meeting 2's code", Kind.Foreign,
            async (x, who) => Of(await x.Api.SendAsync(HttpMethod.Delete, $"/api/meetings/{x.M2}/join-codes/{x.Code2}?commandId={Id()}", x.Token(who))),
            Matrix("DELETE /api/meetings/{A}/join-codes/{code}", read: false));
        Add($"DELETE {M}/join-codes/{{code}}", "meeting 1 with meeting 2's code", Kind.Mismatch,
            async (x, who) => Of(await x.Api.SendAsync(HttpMethod.Delete, $"/api/meetings/{x.M1}/join-codes/{x.Code2}?commandId={Id()}", x.Token(who))), Mismatched);
        // Accounts are the Admin's alone: a kepala OPD may not raise its own account's role, nor set another's password.
        Add("PATCH /api/users/{username}", "A's head's own account made Admin", Kind.Foreign,
            async (x, who) => Of(await x.Api.PatchAsync("/api/users/kadis.pupr", x.Token(who), new { commandId = Id(), role = "Admin" }, null)),
            Matrix("PATCH /api/users/{username}", read: false));
        Add("PUT /api/users/{username}/password", "B's head's account", Kind.Foreign,
            async (x, who) => Of(await x.Api.SendAsync(HttpMethod.Put, "/api/users/kadis.dinkes/password", x.Token(who),
                System.Net.Http.Json.JsonContent.Create(new { commandId = Id(), newPassword = "diambil-alih-2026" }))),
            // B's head on its own account, without the current password: refused, whichever 4xx names what is missing.
            who => who == Person.HeadB ? RefusedAny : Matrix("PUT /api/users/{username}/password of another user", read: false)(who));
        Add($"POST {M}/agenda/reorder", "meeting 2", Kind.Foreign, Post(x => $"/api/meetings/{x.M2}/agenda/reorder", x => new { commandId = Id(), itemIds = new[] { x.I2Next, x.I2 } }),
            Matrix("POST /api/meetings/{A}/agenda/reorder", read: false));
        Add($"POST {M}/agenda/reorder", "meeting 1 with meeting 2's items", Kind.Mismatch,
            Post(x => $"/api/meetings/{x.M1}/agenda/reorder", x => new { commandId = Id(), itemIds = new[] { x.I2Next, x.I2 } }), Mismatched);
        Add($"POST {M}/speakers/next", "meeting 2", Kind.Foreign, Cmd(x => $"/api/meetings/{x.M2}/speakers/next"), Matrix("POST /api/meetings/{A}/speakers/next", read: false));
        Add($"GET {M}/join-qr.svg", "meeting 2 with its code", Kind.Foreign, Get(x => $"/api/meetings/{x.M2}/join-qr.svg?code={x.Code2}"),
            Matrix("GET /api/meetings/{A}/join-qr.svg", read: true));
        Add($"GET {M}/join-qr.svg", "meeting 1 with meeting 2's code", Kind.Mismatch, Get(x => $"/api/meetings/{x.M1}/join-qr.svg?code={x.Code2}"), Mismatched);

        // ---------- commitments: every route that touches one ----------
        const string P = "/api/action-points/{id}";
        // Meeting 0's open PUPR commitment is carried into meeting 1: meeting 1's tokens may read it and A's may report on it.
        Func<Person, bool> carried = AnyJoin;
        foreach (var (label, ap, owner, joinScope) in new (string, Func<ScopeWorld, string>, string, Func<Person, bool>?)[]
                 {
                     ("meeting 2, A's", x => x.Ap2A, A, null), ("meeting 2, B's", x => x.Ap2B, B, null),
                     ("meeting 0, A's carried into meeting 1", x => x.Ap0A, A, carried),
                 })
        {
            Add($"GET {P}", label, Kind.Foreign, Get(x => $"/api/action-points/{ap(x)}"), Matrix("GET /api/action-points/{id}", read: true, owner, joinScope),
                (x, _, o) => o.Answer!.Json.GetProperty("id").GetString() == ap(x) ? null : "answered another commitment");
            // Edits stay with the meeting that made the commitment, carried or not.
            Add($"PATCH {P}", $"{label}: edit", Kind.Foreign, Patch(x => $"/api/action-points/{ap(x)}", _ => new { commandId = Id(), description = "Diubah di luar lingkup" }),
                Matrix("PATCH /api/action-points/{id} owned by PUPR", read: false, owner));
            Add($"PATCH {P}", $"{label}: drop", Kind.Foreign,
                Patch(x => $"/api/action-points/{ap(x)}", _ => new { commandId = Id(), status = "Dropped", statusReason = "Bukan urusan kami" }),
                Matrix("PATCH /api/action-points/{id} owned by PUPR", read: false, owner));
            Add($"POST {P}/progress", label, Kind.Foreign, Post(x => $"/api/action-points/{ap(x)}/progress", _ => new { commandId = Id(), percent = 50, note = "Di luar lingkup" }),
                Matrix("POST /api/action-points/{id}/progress owned by PUPR", read: false, owner, joinScope));
            Add($"POST {P}/evidence", label, Kind.Foreign, Upload(ap), Matrix("POST /api/action-points/{id}/evidence owned by PUPR", read: false, owner, joinScope));
            Add($"POST {P}/verify", label, Kind.Foreign, Post(x => $"/api/action-points/{ap(x)}/verify", _ => new { commandId = Id(), accepted = true }),
                Matrix("POST /api/action-points/{id}/verify", read: false, owner));
        }
        Add($"GET {P}", "meeting 0, B's dropped (not carried)", Kind.Foreign, Get(x => $"/api/action-points/{x.Ap0B}"), Matrix("GET /api/action-points/{id}", read: true, B));
        Add($"POST {P}/verify", "meeting 2, awaiting verification", Kind.Foreign, Post(x => $"/api/action-points/{x.Ap2Waiting}/verify", _ => new { commandId = Id(), accepted = true }),
            Matrix("POST /api/action-points/{id}/verify", read: false));
        Add($"PATCH {P}", "meeting 2, replay of the secretariat's edit", Kind.Foreign,
            Patch(x => $"/api/action-points/{x.Ap2A}", x => new { commandId = x.EditCommand2, target = "Peta jalan 12 km" }),
            Matrix("PATCH /api/action-points/{id} owned by PUPR", read: false));
        Add($"POST {P}/progress", "meeting 2, replay of A's report", Kind.Foreign,
            Post(x => $"/api/action-points/{x.Ap2A}/progress", x => new { commandId = x.ProgressCommand2, percent = 10, note = "Survei" }),
            Matrix("POST /api/action-points/{id}/progress owned by PUPR", read: false));
        Add($"PATCH {P}", "meeting 1's commitment under meeting 2's agenda item", Kind.Mismatch,
            Patch(x => $"/api/action-points/{x.Ap1A}", x => new { commandId = Id(), agendaItemId = x.I2 }), Mismatched);
        Add($"POST {P}/progress", "meeting 1's commitment with meeting 2's evidence", Kind.Mismatch,
            Post(x => $"/api/action-points/{x.Ap1A}/progress", x => new { commandId = Id(), percent = 20, note = "Bukti lain", evidenceIds = new[] { x.E2A } }), Mismatched);
        Add($"POST {P}/progress", "meeting 1's commitment from meeting 2", Kind.Mismatch,
            Post(x => $"/api/action-points/{x.Ap1A}/progress", x => new { commandId = Id(), percent = 20, note = "Dari rapat lain", fromMeetingId = x.M2 }), Mismatched);
        Add("GET /api/evidence/{evidenceId}", "meeting 2's", Kind.Foreign, Get(x => $"/api/evidence/{x.E2A}"), Matrix("GET /api/evidence/{id}", read: true));
        Add("GET /api/evidence/{evidenceId}", "of meeting 0's commitment carried into meeting 1", Kind.Foreign, Get(x => $"/api/evidence/{x.E0A}"),
            Matrix("GET /api/evidence/{id}", read: true, A, carried));

        foreach (var (label, item) in new (string, Func<ScopeWorld, string>)[] { ("meeting 2's", x => x.I2), ("meeting 0's", x => x.I0) })
        {
            Add("GET /api/agenda-items/{id}", label, Kind.Foreign, Get(x => $"/api/agenda-items/{item(x)}"), Matrix("GET /api/agenda-items/{id}", read: true));
            Add("POST /api/agenda-items/{id}/outcomes", label, Kind.Foreign,
                Post(x => $"/api/agenda-items/{item(x)}/outcomes", _ => new { commandId = Id(), kind = "Note", text = "Catatan di luar lingkup" }),
                Matrix("POST /api/agenda-items/{id}/outcomes", read: false));
        }
        foreach (var (label, outcome) in new (string, Func<ScopeWorld, string>)[] { ("meeting 2's", x => x.O2), ("meeting 0's", x => x.O0) })
        {
            Add("GET /api/outcomes/{id}", label, Kind.Foreign, Get(x => $"/api/outcomes/{outcome(x)}"), Matrix("GET /api/outcomes/{id}", read: true));
            Add("PATCH /api/outcomes/{id}", label, Kind.Foreign, Patch(x => $"/api/outcomes/{outcome(x)}", _ => new { commandId = Id(), text = "Diubah di luar lingkup" }),
                Matrix("PATCH /api/outcomes/{id}", read: false));
        }

        // ---------- agencies, the record, notifications ----------
        foreach (var owner in new[] { A, B })
        {
            Add("GET /api/opds/{code}/action-points", owner, Kind.Foreign, Get(_ => $"/api/opds/{owner}/action-points"), Matrix("GET /api/opds/PUPR/action-points", read: true, owner));
            Add("GET /api/opds/{code}/scorecard", owner, Kind.Foreign, Get(_ => $"/api/opds/{owner}/scorecard"), Matrix("GET /api/opds/PUPR/scorecard", read: true, owner));
            Add("POST /api/opds/{code}/feed-key", owner, Kind.Foreign, Post(_ => $"/api/opds/{owner}/feed-key", _ => new { commandId = Id() }),
                Matrix("POST /api/opds/PUPR/feed-key", read: false, owner));
        }
        Add("GET /api/opds/{code}/deadlines.ics", "B's with B's key", Kind.Foreign, Get(x => $"/api/opds/{B}/deadlines.ics?key={Uri.EscapeDataString(x.FeedKeyB)}"),
            Matrix("GET /api/opds/PUPR/deadlines.ics with its key", read: true, B));
        // The feed key is the only credential of a calendar app: another agency's key opens nothing, whoever sends it.
        Add("GET /api/opds/{code}/deadlines.ics", "A's with B's key", Kind.Mismatch, Get(x => $"/api/opds/{A}/deadlines.ics?key={Uri.EscapeDataString(x.FeedKeyB)}"),
            _ => new Verdict.Refused(404));
        Add("GET /api/notulen/verify/{sha256}", "meeting 0's approved notulen (public by design)", Kind.Foreign, Get(x => $"/api/notulen/verify/{x.Sha0}"),
            Matrix("GET /api/notulen/verify/{sha256}", read: true));
        Add("POST /api/notifications/deliveries/{id}/retry", "an unknown delivery", Kind.Foreign,
            Post(_ => $"/api/notifications/deliveries/{Guid.NewGuid()}/retry", _ => new { }),
            who => who switch { Person.Admin => new Verdict.Refused(404), Person.Anonymous => Refused401, _ => Refused403 });

        // ---------- ids in the query or the body of routes without a path id ----------
        Add("GET /api/meetings", "the list", Kind.Foreign, Get(_ => "/api/meetings"), who => who == Person.Anonymous ? Refused401 : new Verdict.InScope(),
            (x, who, o) =>
            {
                var ids = o.Answer!.Json.EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToList();
                return IsJoin(who) && !ids.SequenceEqual([x.M1]) ? $"a join token of meeting 1 listed {string.Join(", ", ids)}"
                    : !IsJoin(who) && !new[] { x.M0, x.M1, x.M2 }.All(ids.Contains) ? "the list misses a meeting" : null;
            });
        Add("POST /api/meetings", "carrying meeting 2 over", Kind.Foreign,
            Post(_ => "/api/meetings", x => new { commandId = Id(), title = "Rakor lanjutan", scheduledStart = Api.MeetingStart, location = "Aula", chair = "Bupati", carryOverFrom = x.M2 }),
            Matrix("POST /api/meetings", read: false));
        Add("GET /api/follow-ups", "meeting 2's", Kind.Foreign, Get(x => $"/api/follow-ups?meetingId={x.M2}"), Matrix("GET /api/follow-ups", read: true));
        Add("GET /api/follow-ups/export.xlsx", "meeting 2's", Kind.Foreign, Get(x => $"/api/follow-ups/export.xlsx?meetingId={x.M2}"), Matrix("GET /api/follow-ups/export.xlsx", read: true));
        Add("GET /api/notifications", "B's", Kind.Foreign, Get(_ => $"/api/notifications?opd={B}"),
            who => who switch
            {
                Person.Admin or Person.Secretariat or Person.Chair or Person.HeadB => new Verdict.InScope(),
                Person.Anonymous => Refused401,
                _ => Refused403,
            });

        // ---------- hub methods ----------
        Add("hub " + HubNames.JoinMeeting, "meeting 2", Kind.Foreign, Hub(async (hub, x) => await hub.InvokeAsync<JsonElement>(HubNames.JoinMeeting, x.M2, 0L)),
            Matrix("hub JoinMeeting(A)", read: true),
            (x, _, o) => o.Description.Contains(x.M2, StringComparison.Ordinal) ? null : "JoinMeeting(2) answered without meeting 2's snapshot");
        Add("hub " + HubNames.JoinMeetingAt, "meeting 2", Kind.Foreign,
            Hub(async (hub, x) => await hub.InvokeAsync<JsonElement>(HubNames.JoinMeetingAt, x.M2, 0L, x.Epoch2)), Matrix("hub JoinMeetingAt(A)", read: true));
        Add("hub " + HubNames.LeaveMeeting, "meeting 2", Kind.Foreign, Hub(async (hub, x) =>
        {
            await hub.InvokeAsync(HubNames.LeaveMeeting, x.M2);
            return default;
        }), Matrix("hub LeaveMeeting(A)", read: true));
        // The secretariat and the chair watch any agency; a kepala OPD its own; a join token only inside its meeting (WatchFollowUpsIsScoped...).
        Add("hub " + HubNames.WatchFollowUps, "B's follow-ups", Kind.Foreign, Hub(async (hub, _) => await hub.InvokeAsync<JsonElement>(HubNames.WatchFollowUps, B)),
            who => who switch
            {
                Person.Secretariat or Person.Chair or Person.HeadB or Person.Join1Chair or Person.Join1HeadB => new Verdict.InScope(),
                Person.Anonymous => Refused401,
                _ => Refused403,
            });
        return cases.GroupBy(c => c.Route).ToDictionary(g => g.Key, g => g.ToArray());
    }

    private static Func<ScopeWorld, Person, Task<Outcome>> Hub(Func<HubConnection, ScopeWorld, Task<JsonElement>> invoke) => async (x, who) =>
    {
        if (who == Person.Anonymous)
        {
            var negotiate = await x.Api.SendAsync(HttpMethod.Post, HubNames.MeetingHubPath + "/negotiate?negotiateVersion=1", null);
            return Of(negotiate);
        }
        var hub = await x.HubAsync(who);
        try
        {
            var result = await invoke(hub, x);
            return new Outcome(200, "hub answered " + (result.ValueKind == JsonValueKind.Undefined ? "" : result.ToString()), _ => "the hub call succeeded");
        }
        catch (HubException e)
        {
            var match = HubError().Match(e.Message);
            if (!match.Success) return new Outcome(0, "hub error: " + e.Message, _ => "hub error without 'status title: detail': " + e.Message);
            var status = int.Parse(match.Groups[1].Value);
            return new Outcome(status, "hub error: " + e.Message, expected => expected is null or 0 || expected == status ? null : $"expected {expected}, got hub error: {e.Message}");
        }
    };

    [GeneratedRegex(@"HubException: (\d{3}) \S[^:]*: \S")]
    private static partial Regex HubError();

    // ---------- completeness by construction ----------

    [Fact]
    public async Task Every_route_with_a_path_id_in_the_OpenAPI_document_and_every_hub_method_has_scope_cases()
    {
        var document = (await w.Api.GetAsync("/openapi/v1.json", null)).Json;
        var routes = new List<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete"))
                routes.Add($"{operation.Name.ToUpperInvariant()} {path.Name}");
        Assert.True(routes.Count > 30, $"the OpenAPI document lists only {routes.Count} operations");
        var withId = routes.Where(r => r.Contains('{')).ToList();
        var missing = withId.Where(r => !Cases.ContainsKey(r)).ToList();
        Assert.True(missing.Count == 0, "Routes with a path id and no scope case (add them to ScopeTests.Cases):\n" + string.Join("\n", missing));
        var stale = Cases.Keys.Where(k => k.Contains('{') && !withId.Contains(k)).ToList();
        Assert.True(stale.Count == 0, "Scope cases for routes the server no longer has:\n" + string.Join("\n", stale));

        // Hub methods: every client → server name in HubNames has a case; the rest are named here as server → client or not a method.
        string[] notClientMethods = [nameof(HubNames.MeetingHubPath), nameof(HubNames.AccessTokenParameter), nameof(HubNames.MeetingEvent), nameof(HubNames.FollowUpChanged)];
        var hubMethods = typeof(HubNames).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && !notClientMethods.Contains(f.Name))
            .Select(f => "hub " + f.GetRawConstantValue()).ToList();
        Assert.True(hubMethods.Count >= 4, "HubNames lists fewer client methods than the contract's four");
        var missingHub = hubMethods.Where(m => !Cases.ContainsKey(m)).ToList();
        Assert.True(missingHub.Count == 0, "Hub methods with no scope case:\n" + string.Join("\n", missingHub));
    }

    // ---------- the matrix ----------

    [Fact]
    public async Task Ids_of_another_meeting_or_agency_read_and_change_nothing_outside_the_callers_scope()
    {
        // Settled first: what the API shows of the read models is compared once they have caught up.
        var store = await StoreFingerprint.SettledAsync(w.Server);
        var api = await w.ObserveAsync();
        using var watcher = new StoreFingerprint.Watcher(w.Server, store);
        watcher.Changes();
        var failures = new List<string>();
        var refused = new SortedDictionary<int, int>();
        int tried = 0, inScope = 0, skipped = 0, foreign = 0, mismatched = 0;
        foreach (var @case in Cases.Values.SelectMany(c => c))
            foreach (var who in Enum.GetValues<Person>())
            {
                var verdict = @case.Expect(who);
                if (verdict is Verdict.Skip) { skipped++; continue; }
                tried++;
                if (@case.Kind == Kind.Foreign) foreign++; else mismatched++;
                var name = $"{@case.Route} [{@case.Label}] as {who}";
                try
                {
                    var outcome = await @case.Send(w, who);
                    var wrong = verdict switch
                    {
                        Verdict.Refused r => outcome.ProblemMismatch(r.Status),
                        _ when outcome.Status is < 200 or >= 300 => $"expected an answer within scope, got {outcome.Description}",
                        _ => @case.CheckInScope?.Invoke(w, who, outcome),
                    };
                    if (verdict is Verdict.Refused && outcome.Status is >= 400 and < 500) refused[outcome.Status] = refused.GetValueOrDefault(outcome.Status) + 1;
                    else if (verdict is Verdict.InScope && wrong is null) inScope++;
                    if (watcher.Changes() is { Count: > 0 } changes)
                        wrong = (wrong is null ? "" : wrong + "; ") + $"answered {outcome.Status} and the store changed: {string.Join("; ", changes)}";
                    if (wrong is not null) failures.Add($"{name}: {wrong}");
                }
                catch (Exception e)
                {
                    failures.Add($"{name}: threw {e.GetType().Name}: {e.Message}");
                }
            }
        // What the outbox would still do after a call that slipped through: settle, then compare everything the routes show.
        var storeAfter = await StoreFingerprint.SettledAsync(w.Server);
        failures.AddRange(StoreFingerprint.Changes(store, storeAfter).Select(c => "after the matrix, the store changed: " + c));
        var apiAfter = await w.ObserveAsync();
        failures.AddRange(api.Where(kv => apiAfter[kv.Key] != kv.Value).Select(kv => $"after the matrix, {kv.Key} changed, {Diff.FirstDifference(kv.Value, apiAfter[kv.Key])}"));

        // The instrument sees a write: one allowed command, and the watcher must report it.
        Api.Expect(await w.Api.PostAsync($"/api/meetings/{w.M1}/attendance", w.Token(Person.Secretariat),
            new { commandId = Id(), opd = B, name = "Kontrol " + Guid.NewGuid().ToString("N")[..6], position = "Staf" }), 201, "control check-in");
        Assert.NotEmpty(watcher.Changes());

        output.WriteLine($"scope matrix: {Cases.Count} routes and hub methods, {Cases.Values.Sum(c => c.Length)} cases, {Enum.GetValues<Person>().Length} callers");
        output.WriteLine($"tried {tried} (route, caller, foreign id) combinations: {foreign} with ids of another meeting or agency, {mismatched} with ids that do not belong together");
        output.WriteLine($"refused {refused.Values.Sum()}: {string.Join(", ", refused.Select(kv => $"{kv.Value} × {kv.Key}"))}");
        output.WriteLine($"answered within the caller's scope {inScope}; in-scope writes left to AuthorizationTests {skipped}; failures {failures.Count}");
        Assert.True(failures.Count == 0, $"{failures.Count} of {tried} calls reached outside the caller's scope:\n" + string.Join("\n", failures));
    }
}

public abstract partial class ScopeTests
{
    // ---------- ids that are no ids ----------

    [Fact]
    public async Task Empty_whitespace_dotted_overlong_and_hex_ids_are_refused_with_a_problem_for_every_caller_and_change_nothing()
    {
        // Settled first: what the API shows of the read models is compared once they have caught up.
        var store = await StoreFingerprint.SettledAsync(w.Server);
        var api = await w.ObserveAsync();
        var longId = new string('a', 5000);
        var hexCode = "0123456789ABCDEF0123";
        var paths = new (HttpMethod Method, string Path)[]
        {
            (HttpMethod.Get, "/api/meetings/%20"), (HttpMethod.Get, "/api/meetings/%20%09"), (HttpMethod.Post, "/api/meetings/%20/start"),
            (HttpMethod.Get, "/api/meetings/%20/events?afterSeq=0"), (HttpMethod.Post, "/api/meetings//start"), (HttpMethod.Get, "/api/meetings//events"),
            (HttpMethod.Post, "/api/meetings/%20/action-points"), (HttpMethod.Post, "/api/meetings/%20/join-codes"),
            (HttpMethod.Get, "/api/meetings/..%2F..%2Fapi%2Fusers"), (HttpMethod.Get, "/api/meetings/%2E%2E"), (HttpMethod.Get, $"/api/meetings/{longId}"),
            (HttpMethod.Get, $"/api/meetings/{Guid.NewGuid()}"), (HttpMethod.Get, $"/api/meetings/{Guid.NewGuid():N}{Guid.NewGuid():N}"),
            (HttpMethod.Get, "/api/action-points/%20"), (HttpMethod.Patch, "/api/action-points/%20"), (HttpMethod.Post, "/api/action-points/%20/progress"),
            (HttpMethod.Post, "/api/action-points/%2E%2E/verify"), (HttpMethod.Post, "/api/action-points//evidence"), (HttpMethod.Get, $"/api/action-points/{longId}"),
            (HttpMethod.Get, "/api/evidence/..%2F..%2Fsigning-key"), (HttpMethod.Get, "/api/evidence/%20"), (HttpMethod.Get, $"/api/evidence/{Guid.NewGuid()}"),
            (HttpMethod.Get, "/api/agenda-items/%20"), (HttpMethod.Post, "/api/agenda-items/%20/outcomes"), (HttpMethod.Patch, "/api/outcomes/%20"),
            (HttpMethod.Get, $"/api/outcomes/{longId}"), (HttpMethod.Delete, "/api/meetings/{M1}/speakers/%20"), (HttpMethod.Delete, "/api/meetings/{M1}/speakers/..%2F..%2F"),
            (HttpMethod.Get, "/api/meetings/{M1}/exports/..%2F..%2Fappsettings.json"), (HttpMethod.Get, "/api/meetings/{M1}/exports/%20"),
            (HttpMethod.Get, "/api/notulen/verify/%20"), (HttpMethod.Get, $"/api/notulen/verify/{new string('f', 64)}%2500"),
            (HttpMethod.Get, "/api/opds/DEADBEEF/action-points"), (HttpMethod.Get, $"/api/opds/{hexCode}/scorecard"), (HttpMethod.Post, $"/api/opds/{hexCode}/feed-key"),
            (HttpMethod.Post, "/api/opds/%20/feed-key"), (HttpMethod.Get, "/api/opds/%20/action-points"), (HttpMethod.Get, $"/api/opds/{longId}/deadlines.ics?key=x"),
            (HttpMethod.Get, "/api/opds/{M1}/action-points"), (HttpMethod.Post, "/api/notifications/deliveries/%20/retry"),
            (HttpMethod.Post, $"/api/notifications/deliveries/{longId}/retry"),
        };
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var tried = 0;
        foreach (var (method, template) in paths)
            foreach (var who in Enum.GetValues<Person>())
            {
                var path = template.Replace("{M1}", w.M1, StringComparison.Ordinal);
                HttpContent? body = method == HttpMethod.Get || method == HttpMethod.Delete ? null
                    : path.EndsWith("/evidence", StringComparison.Ordinal) ? TextFile("Bukti")
                    : JsonContent.Create(new { commandId = Id(), percent = 10, note = "x", accepted = true, text = "x", kind = "Note", role = "Viewer" });
                var answer = await w.Api.SendAsync(method, path, w.Token(who), body, method == HttpMethod.Patch ? "\"1\"" : null);
                tried++;
                statuses[answer.Status] = statuses.GetValueOrDefault(answer.Status) + 1;
                if (answer.Status is < 400 or >= 500 || answer.ProblemMismatch(answer.Status) is { } wrong)
                    failures.Add($"{method} {path[..Math.Min(path.Length, 90)]} as {who}: expected a 4xx problem, got {answer.Describe()}");
            }
        foreach (var id in new[] { "", " ", "\t", "..", "../" + w.M2, longId, w.M2 + " ", w.M2.ToUpperInvariant(), hexCode })
            foreach (var who in Enum.GetValues<Person>().Where(p => p != Person.Anonymous))
            {
                var hub = await w.HubAsync(who);
                tried++;
                try
                {
                    await hub.InvokeAsync<JsonElement>(HubNames.JoinMeeting, id, 0L);
                    failures.Add($"hub JoinMeeting('{id[..Math.Min(id.Length, 40)]}') as {who} was answered");
                }
                catch (HubException e) when (HubError().Match(e.Message) is { Success: true } m && m.Groups[1].Value[0] == '4')
                {
                    statuses[int.Parse(m.Groups[1].Value)] = statuses.GetValueOrDefault(int.Parse(m.Groups[1].Value)) + 1;
                }
                catch (HubException e)
                {
                    failures.Add($"hub JoinMeeting('{id[..Math.Min(id.Length, 40)]}') as {who}: {e.Message}");
                }
            }
        failures.AddRange(StoreFingerprint.Changes(store, await StoreFingerprint.SettledAsync(w.Server)).Select(c => "the store changed: " + c));
        var apiAfter = await w.ObserveAsync();
        failures.AddRange(api.Where(kv => apiAfter[kv.Key] != kv.Value).Select(kv => $"{kv.Key} changed, {Diff.FirstDifference(kv.Value, apiAfter[kv.Key])}"));
        output.WriteLine($"odd ids: {tried} calls, statuses {string.Join(", ", statuses.Select(kv => $"{kv.Value} × {kv.Key}"))}, failures {failures.Count}");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    // ---------- ids nobody can guess ----------

    [Fact]
    public async Task Generated_ids_are_unguessable_even_from_guessable_commandIds_and_join_codes_are_random()
    {
        var sec = w.Token(Person.Secretariat)!;
        var headA = w.Token(Person.HeadA)!;
        // Sequential, guessable commandIds (a client may send "1", "2", ...): the ids must still be neither sequential nor computable.
        var run = Guid.NewGuid().ToString("N")[..6];
        var meetings = new List<string>();
        for (var i = 1; i <= 8; i++)
        {
            var commandId = $"rakor-{run}-{i}";
            var id = Api.Expect(await w.Api.PostAsync("/api/meetings", sec, new { commandId, title = $"Rakor {i}", scheduledStart = Api.MeetingStart, location = "Aula", chair = "Bupati" }),
                201, "create meeting").Json.GetProperty("id").GetString()!;
            Assert.NotEqual(RakorLive.Model.Ids.Meeting(commandId), id);
            meetings.Add(id);
        }
        await w.Api.StartAsync(sec, meetings[0]);
        var actionPoints = new List<string>();
        var evidence = new List<string>();
        for (var i = 1; i <= 8; i++)
        {
            var ap = Api.Expect(await w.Api.PostAsync($"/api/meetings/{meetings[0]}/action-points", headA, ActionPoint(A, $"ap-{i}")), 201, "commit").Json.GetProperty("id").GetString()!;
            actionPoints.Add(ap);
            evidence.Add(Api.Expect(await w.Api.SendAsync(HttpMethod.Post, $"/api/action-points/{ap}/evidence", headA, TextFile($"Bukti {i}")), 201, "upload")
                .Json.GetProperty("evidenceId").GetString()!);
        }
        var codes = new List<(string Code, DateTimeOffset ExpiresAt)>();
        for (var i = 0; i < 8; i++)
        {
            var json = Api.Expect(await w.Api.PostAsync($"/api/meetings/{meetings[1]}/join-codes", sec, new { role = "Viewer" }), 201, "issue code").Json;
            codes.Add((json.GetProperty("code").GetString()!, json.GetProperty("expiresAt").GetDateTimeOffset()));
        }

        var report = new List<string>();
        foreach (var (kind, ids) in new[] { ("meeting", meetings), ("action point", actionPoints), ("evidence", evidence) })
        {
            Assert.Equal(ids.Count, ids.Distinct().Count());
            var bits = VaryingBits(ids.Select(i => Guid.Parse(i).ToByteArray()).ToList());
            report.Add($"{kind} ids: 128-bit, {bits} bits vary across {ids.Count} made from sequential commandIds");
            Assert.True(bits >= 96, $"{kind} ids vary in only {bits} of 128 bits across {ids.Count}: {string.Join(", ", ids)}");
        }
        // Join codes are read aloud and typed: 8 characters of 31 (no 0/O, 1/I/L), about 39.6 bits from a CSPRNG; they make up for
        // the shorter length by expiring (at most 72 h) and by opening one meeting only (the matrix above).
        const string alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
        Assert.Equal(codes.Count, codes.Select(c => c.Code).Distinct().Count());
        Assert.All(codes, c => Assert.True(c.Code.Length == 8 && c.Code.All(alphabet.Contains), $"join code {c.Code} is not 8 characters of the join alphabet"));
        Assert.All(codes, c => Assert.True(c.ExpiresAt <= DateTimeOffset.UtcNow.AddHours(72), $"join code {c.Code} lives until {c.ExpiresAt}"));
        var distinctPositions = Enumerable.Range(0, 8).Count(p => codes.Select(c => c.Code[p]).Distinct().Count() > 1);
        Assert.True(distinctPositions >= 6, $"join codes differ in only {distinctPositions} of 8 positions: {string.Join(", ", codes.Select(c => c.Code))}");
        report.Add($"join codes: 8 × log2(31) = {8 * Math.Log2(31):0.0} bits, {distinctPositions} of 8 positions vary across {codes.Count}, valid ≤ 72 h");
        foreach (var line in report) output.WriteLine(line);
    }

    /// <summary>How many bit positions are not the same in every value.</summary>
    private static int VaryingBits(IReadOnlyList<byte[]> values)
    {
        var varying = new byte[values[0].Length];
        foreach (var value in values.Skip(1))
            for (var i = 0; i < varying.Length; i++) varying[i] |= (byte)(value[i] ^ values[0][i]);
        return varying.Sum(b => System.Numerics.BitOperations.PopCount(b));
    }

    // ---------- live follow-ups stay inside a join token's meeting ----------

    [Fact]
    public async Task A_join_token_watching_follow_ups_hears_its_own_meeting_only()
    {
        var headA = w.Token(Person.HeadA)!;
        await using var global = w.Api.Hub(headA);
        await using var tablet = w.Api.Hub(w.Token(Person.Join1HeadA));
        await using var chairTablet = w.Api.Hub(w.Token(Person.Join1Chair));
        var heard = new Dictionary<HubConnection, List<string>> { [global] = [], [tablet] = [], [chairTablet] = [] };
        foreach (var (hub, list) in heard)
        {
            hub.On<JsonElement>(HubNames.FollowUpChanged, change => { lock (list) list.Add(change.GetProperty("actionPointId").GetString()!); });
            await hub.StartAsync();
            await hub.InvokeAsync<JsonElement>(HubNames.WatchFollowUps, (string?)null);
        }
        // Meeting 2's change first, then meeting 1's: once a tablet has heard meeting 1's, it would have heard meeting 2's before it.
        var other = (await w.Api.CreateActionPointAsync(headA, w.M2, A)).Id;
        var own = (await w.Api.CreateActionPointAsync(headA, w.M1, A)).Id;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        bool HeardAll() => heard.All(kv => { lock (kv.Value) return kv.Value.Contains(own); }) && Heard(global).Contains(other);
        while (!HeardAll() && DateTime.UtcNow < deadline) await Task.Delay(50);
        List<string> Heard(HubConnection hub) { lock (heard[hub]) return [.. heard[hub]]; }
        Assert.Contains(other, Heard(global));
        Assert.Contains(own, Heard(tablet));
        Assert.Contains(own, Heard(chairTablet));
        Assert.DoesNotContain(other, Heard(tablet));
        Assert.DoesNotContain(other, Heard(chairTablet));
        // And the list of notifications raised across meetings is closed to it, as the ledger is.
        Assert.Null((await w.Api.GetAsync("/api/notifications", w.Token(Person.Join1HeadA))).ProblemMismatch(403));
    }
}
