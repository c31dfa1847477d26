using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using QRCoder;
using RakorLive.Vocabulary;
using RakorLive.Commands;
using RakorLive.GrainInterfaces;
using RakorLive.Grains.Directory;
using RakorLive.Grains.Meetings;
using RakorLive.Model;
using RakorLive.Rules;
using RakorLive.Wire;
using Doc = RakorLive.Documents;

namespace RakorLive.Server.Api;

/// <summary>The room and the record: agenda order, outcomes, speakers, the notulen's approval, the documents and the join QR.</summary>
public static partial class RecordEndpoints
{
    public static void MapRecordEndpoints(this IEndpointRouteBuilder app)
    {
        var meetings = app.MapGroup(Routes.Meetings).RequireAuthorization().WithTags("The room and the record").ProducesRakorProblems();
        meetings.MapPost("/{id}/agenda/reorder", ReorderAgenda);
        meetings.MapPost("/{id}/speakers", RequestSpeaker);
        meetings.MapDelete("/{id}/speakers/{requestId}", WithdrawSpeaker);
        meetings.MapPost("/{id}/speakers/next", CallNextSpeaker);
        meetings.MapPost("/{id}/notulen/submit", SubmitNotulen);
        meetings.MapPost("/{id}/notulen/approve", ApproveNotulen);
        meetings.MapPost("/{id}/notulen/return", ReturnNotulen);
        meetings.MapPost("/{id}/notulen/correct", CorrectNotulen);
        meetings.MapGet("/{id}/notulen/versions", NotulenVersions);
        meetings.MapGet("/{id}/exports/{file}", Export)
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf", additionalContentTypes: ["text/html", EvidenceTypes.Xlsx, "text/csv"]);
        meetings.MapGet("/{id}/join-qr.svg", JoinQr).Produces(StatusCodes.Status200OK, contentType: "image/svg+xml");

        app.MapPost(Routes.AgendaItems + "/{id}/outcomes", RecordOutcome).RequireAuthorization().WithTags("The room and the record").ProducesRakorProblems();
        var outcomes = app.MapGroup(Routes.Outcomes).RequireAuthorization().WithTags("The room and the record").ProducesRakorProblems();
        outcomes.MapGet("/{id}", GetOutcome);
        outcomes.MapPatch("/{id}", UpdateOutcome).ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);

        app.MapGet(Routes.NotulenVerifyBase + "/{sha256}", Verify).AllowAnonymous().WithTags("The room and the record")
            .Produces<NotulenVerification>(StatusCodes.Status200OK, "application/json", "text/html")
            .ProducesProblem(StatusCodes.Status400BadRequest);
    }

    public static async Task<Ok<MeetingSnapshot>> ReorderAgenda(HttpContext http, IGrainFactory grains, string id, [FromBody] ReorderAgenda? body) =>
        MeetingEndpoints.Ok(http, await MeetingEndpoints.Meeting(grains, id).ReorderAgenda(http.Caller(), body!));

    // ---------- outcomes ----------

    public static async Task<Created<Outcome>> RecordOutcome(HttpContext http, IGrainFactory grains, EntityOwners owners, string id, [FromBody] RecordOutcome? body)
    {
        var meeting = await owners.MeetingFor(grains, id, "Agenda");
        var reply = await meeting.RecordOutcome(http.Caller(), id, body!);
        http.Response.Headers.ETag = ETag(reply.Value);
        return MeetingEndpoints.Created(http, reply, Routes.Outcome(reply.Value.Id));
    }

    public static async Task<Ok<Outcome>> GetOutcome(HttpContext http, IGrainFactory grains, EntityOwners owners, string id)
    {
        var outcome = await (await owners.MeetingFor(grains, id, "Hasil rapat")).GetOutcome(http.Caller(), id);
        http.Response.Headers.ETag = ETag(outcome);
        return TypedResults.Ok(outcome);
    }

    public static async Task<Ok<Outcome>> UpdateOutcome(HttpContext http, IGrainFactory grains, EntityOwners owners, string id,
        [FromBody] UpdateOutcome? body, [FromHeader(Name = Headers.IfMatch)] string? ifMatch)
    {
        var meeting = await owners.MeetingFor(grains, id, "Hasil rapat");
        var version = Validation.IfMatchVersion(ifMatch);
        var reply = await meeting.UpdateOutcome(http.Caller(), id, version, body!);
        http.Response.Headers.ETag = ETag(reply.Value);
        return MeetingEndpoints.Ok(http, reply);
    }

    public static string ETag(Outcome outcome) => $"\"{outcome.Version}\"";

    // ---------- speakers ----------

    public static async Task<Created<SpeakerRequest>> RequestSpeaker(HttpContext http, IGrainFactory grains, string id, [FromBody] RequestSpeaker? body) =>
        MeetingEndpoints.Created(http, await MeetingEndpoints.Meeting(grains, id).RequestSpeaker(http.Caller(), body ?? new RequestSpeaker(null)), null);

    /// <summary>DELETE carries its commandId in the query (?commandId=), bodies on DELETE being unreliable through proxies.</summary>
    public static async Task<Ok<SpeakerRequest>> WithdrawSpeaker(HttpContext http, IGrainFactory grains, string id, string requestId, string? commandId) =>
        MeetingEndpoints.Ok(http, await MeetingEndpoints.Meeting(grains, id).WithdrawSpeaker(http.Caller(), requestId, new MeetingCommand(commandId)));

    public static async Task<Ok<SpeakerRequest>> CallNextSpeaker(HttpContext http, IGrainFactory grains, string id, [FromBody] MeetingCommand? body) =>
        MeetingEndpoints.Ok(http, await MeetingEndpoints.Meeting(grains, id).CallNextSpeaker(http.Caller(), body ?? new MeetingCommand(null)));

    // ---------- notulen ----------

    public static async Task<Ok<NotulenVersion>> SubmitNotulen(HttpContext http, IGrainFactory grains, string id, [FromBody] NotulenCommand? body) =>
        MeetingEndpoints.Ok(http, await MeetingEndpoints.Meeting(grains, id).SubmitNotulen(http.Caller(), body ?? new NotulenCommand(null)));

    public static async Task<Ok<NotulenVersion>> ApproveNotulen(HttpContext http, IGrainFactory grains, string id, [FromBody] NotulenCommand? body) =>
        MeetingEndpoints.Ok(http, await MeetingEndpoints.Meeting(grains, id).ApproveNotulen(http.Caller(), body ?? new NotulenCommand(null)));

    public static async Task<Ok<NotulenVersion>> ReturnNotulen(HttpContext http, IGrainFactory grains, string id, [FromBody] NotulenCommand? body) =>
        MeetingEndpoints.Ok(http, await MeetingEndpoints.Meeting(grains, id).ReturnNotulen(http.Caller(), body!));

    public static async Task<Ok<NotulenVersion>> CorrectNotulen(HttpContext http, IGrainFactory grains, string id, [FromBody] NotulenCommand? body) =>
        MeetingEndpoints.Ok(http, await MeetingEndpoints.Meeting(grains, id).CorrectNotulen(http.Caller(), body ?? new NotulenCommand(null)));

    /// <summary>Every version, oldest first; before the first submission, the implicit draft version 1.</summary>
    public static async Task<Ok<IReadOnlyList<NotulenVersion>>> NotulenVersions(HttpContext http, IGrainFactory grains, string id)
    {
        var snapshot = await MeetingEndpoints.Meeting(grains, id).GetSnapshot(http.Caller());
        IReadOnlyList<NotulenVersion> versions = snapshot.Notulen is { Count: > 0 } list
            ? list
            : [new NotulenVersion(1, NotulenStatus.Draft, snapshot.ScheduledStart, "")];
        return TypedResults.Ok(versions);
    }

    /// <summary>
    /// Answers 200 for any well-formed hash: status approved, superseded (naming the newer version and its hash) or unknown.
    /// A browser (Accept: text/html, e.g. a phone that scanned the PDF's QR code) gets the same answer as a small page.
    /// </summary>
    public static async Task<IResult> Verify(HttpContext http, IGrainFactory grains, EntityOwners owners, string sha256)
    {
        var hash = sha256.Trim().ToLowerInvariant();
        if (!Sha256Pattern().IsMatch(hash))
            throw Validation.Single("sha256", "A notulen hash is 64 hexadecimal characters (the SHA-256 printed in the PDF's footer).");
        var meetingId = await owners.MeetingOf(MeetingGrain.NotulenOwnerKey(hash));
        var answer = meetingId is null
            ? new NotulenVerification(hash, "unknown", "Kode ini tidak cocok dengan notulen mana pun yang disahkan.")
            : await grains.GetGrain<IMeetingGrain>(meetingId).VerifyNotulen(hash);
        if (http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
            return Results.Content(VerifyPage(answer), "text/html; charset=utf-8");
        return TypedResults.Ok(answer);
    }

    private static string VerifyPage(NotulenVerification v)
    {
        var color = v.Status switch { "approved" => "#1b7f3b", "superseded" => "#b26a00", _ => "#b3261e" };
        var label = v.Status switch { "approved" => "SAH", "superseded" => "SUDAH DIGANTI", _ => "TIDAK DIKENAL" };
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"id\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">")
            .Append("<title>Verifikasi notulen</title></head><body style=\"font-family:sans-serif;max-width:40rem;margin:2rem auto;padding:1rem\">")
            .Append($"<h1 style=\"color:{color}\">{label}</h1><p>{WebUtility.HtmlEncode(v.Message)}</p>")
            .Append($"<p style=\"word-break:break-all;font-family:monospace\">SHA-256 {WebUtility.HtmlEncode(v.Sha256)}</p>");
        if (v.NewerSha256 is { } newer)
            html.Append($"<p>Versi berlaku: {v.NewerVersion} · <span style=\"word-break:break-all;font-family:monospace\">{WebUtility.HtmlEncode(newer)}</span></p>");
        return html.Append("</body></html>").ToString();
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Pattern();

    // ---------- documents ----------

    private static readonly string[] Files = ["matrix.xlsx", "matrix.csv", "notulen.html", "notulen.pdf", "attendance.xlsx"];

    /// <summary>
    /// matrix.xlsx, matrix.csv, notulen.html, notulen.pdf, attendance.xlsx; <c>?version=N</c> picks a notulen version (default: the latest).
    /// An approved (or superseded) version prints from its content as approved, with its hash and a QR code to the verify route.
    /// </summary>
    public static async Task<IResult> Export(HttpContext http, IGrainFactory grains, TimeProvider clock, IConfiguration config, string id, string file, int? version)
    {
        if (Array.IndexOf(Files, file) < 0)
            throw RakorProblem.NotFound("Dokumen", file.Length > 40 ? file[..40] + "…" : file);
        var source = await MeetingEndpoints.Meeting(grains, id).GetNotulenSource(http.Caller(), version);
        var now = clock.GetUtcNow();
        var document = NotulenMapping.Document(source, now, PublicBase(http, config) + Routes.NotulenVerifyBase);
        var name = FileStem(source);
        var slug = Slug(source.Meeting.Title);
        Doc.FollowUpMatrix Matrix() => Doc.FollowUpMatrix.ForMeeting(document, Kosakata.LocalDate(now, source.Meeting.TimeZone));
        return file switch
        {
            "notulen.pdf" => TypedResults.File(Doc.NotulenPdf.Render(document), "application/pdf", $"{name}.pdf"),
            "notulen.html" => Inline(http, Encoding.UTF8.GetBytes(Doc.NotulenHtml.Render(document)), "text/html; charset=utf-8", $"{name}.html"),
            "matrix.xlsx" => TypedResults.File(Doc.FollowUpMatrixXlsx.Render(Matrix()), EvidenceTypes.Xlsx, $"matriks-tindak-lanjut-{slug}.xlsx"),
            "matrix.csv" => TypedResults.File(Doc.FollowUpMatrixCsv.Render(Matrix()), "text/csv; charset=utf-8", $"matriks-tindak-lanjut-{slug}.csv"),
            _ => TypedResults.File(Doc.AttendanceXlsx.Render(document), EvidenceTypes.Xlsx, $"daftar-hadir-{slug}.xlsx"),
        };
    }

    private static IResult Inline(HttpContext http, byte[] bytes, string contentType, string fileName)
    {
        http.Response.Headers.ContentDisposition = $"inline; filename=\"{fileName}\"";
        return TypedResults.Bytes(bytes, contentType);
    }

    private static string FileStem(NotulenSource source) => $"notulen-{Slug(source.Meeting.Title)}-v{source.Version}";

    /// <summary>ASCII letters and digits joined by '-': a file name every office system keeps.</summary>
    internal static string Slug(string title)
    {
        var slug = new StringBuilder();
        foreach (var c in title.Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c)) slug.Append(c);
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && slug.Length > 0 && slug[^1] != '-') slug.Append('-');
        }
        var text = slug.ToString().Trim('-');
        return text.Length == 0 ? "rapat" : text.Length > 60 ? text[..60].TrimEnd('-') : text;
    }

    /// <summary>RakorLive:PublicBaseUrl when set (behind a proxy), else the address this request came to.</summary>
    internal static string PublicBase(HttpContext http, IConfiguration config) =>
        config["RakorLive:PublicBaseUrl"] is { Length: > 0 } configured ? configured.TrimEnd('/') : $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";

    // ---------- join QR ----------

    /// <summary>
    /// An SVG QR code of the sign-in page with the join code filled in (<c>/?join=CODE</c>): a tablet that scans it signs in
    /// to this meeting and opens its tablet view. The code must be one this meeting issued and still valid.
    /// </summary>
    public static async Task<IResult> JoinQr(HttpContext http, IGrainFactory grains, TimeProvider clock, IConfiguration config, string id, string? code)
    {
        var meeting = MeetingEndpoints.Meeting(grains, id);
        var caller = http.Caller();
        await meeting.GetSnapshot(caller);
        Permissions.RunMeeting(caller, id);
        if (string.IsNullOrWhiteSpace(code)) throw Validation.Single("code", "Sebutkan kode bergabung (?code=), dari POST /api/meetings/{id}/join-codes.");
        var normalized = JoinCodes.Normalize(code);
        var joinCode = await meeting.FindJoinCode(normalized);
        if (joinCode is null) throw RakorProblem.NotFound("Kode bergabung", normalized);
        if (joinCode.ExpiresAt <= clock.GetUtcNow()) throw RakorProblem.Conflict($"Join code {normalized} has expired; issue a new one.");
        var link = $"{PublicBase(http, config)}/?join={Uri.EscapeDataString(normalized)}";
        using var data = QRCodeGenerator.GenerateQrCode(link, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(8);
        http.Response.Headers["X-Rakor-Join-Link"] = link;
        http.Response.Headers.CacheControl = "no-store";
        return Results.Content(svg, "image/svg+xml; charset=utf-8");
    }

}
