using Microsoft.Extensions.Options;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using RakorLive.Commands;
using RakorLive.Documents;
using RakorLive.GrainInterfaces;
using RakorLive.Grains.Meetings;
using RakorLive.Grains;
using RakorLive.Grains.Directory;
using RakorLive.Grains.FollowUps;
using RakorLive.Model;
using RakorLive.Rules;
using RakorLive.Vocabulary;
using RakorLive.Wire;
using DocFollowUpRow = RakorLive.Documents.FollowUpRow;

namespace RakorLive.Server.Api;

/// <summary>RakorLive:Evidence settings.</summary>
public sealed class EvidenceOptions
{
    public const string Section = "RakorLive:Evidence";

    /// <summary>The largest evidence file accepted (413 above it).</summary>
    public long MaxBytes { get; set; } = Limits.DefaultEvidenceMaxBytes;
}

/// <summary>
/// The follow-up loop after the meeting: progress, evidence and verification (written by the commitment's origin
/// meeting, which checks every permission), and the read-model queries (list, ledger, scorecards, calendar, export).
/// </summary>
public static class FollowUpEndpoints
{
    public static void MapFollowUpEndpoints(this IEndpointRouteBuilder app)
    {
        var actionPoints = app.MapGroup(Routes.ActionPoints).RequireAuthorization().WithTags("Follow-up").ProducesRakorProblems();
        actionPoints.MapPost("/{id}/progress", ReportProgress);
        actionPoints.MapPost("/{id}/verify", Verify);
        actionPoints.MapPost("/{id}/evidence", UploadEvidence).DisableAntiforgery()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        app.MapGet(Routes.Evidence + "/{evidenceId}", GetEvidence).RequireAuthorization().WithTags("Follow-up").ProducesRakorProblems();

        app.MapGet(Routes.FollowUps, ListFollowUps).RequireAuthorization().WithTags("Follow-up").ProducesRakorProblems();
        app.MapGet(Routes.FollowUpsExport, ExportFollowUps).RequireAuthorization().WithTags("Follow-up").ProducesRakorProblems();
        app.MapGet(Routes.Scorecards, Scorecards).RequireAuthorization().WithTags("Follow-up").ProducesRakorProblems();

        var opds = app.MapGroup(Routes.Opds).WithTags("Agencies").ProducesRakorProblems();
        opds.MapGet("/{code}/action-points", OpdActionPoints).RequireAuthorization();
        opds.MapGet("/{code}/scorecard", OpdScorecard).RequireAuthorization();
        opds.MapPost("/{code}/feed-key", RotateFeedKey).RequireAuthorization();
        opds.MapGet("/{code}/deadlines.ics", Deadlines).AllowAnonymous();
    }

    // ---------- commands ----------

    public static async Task<Ok<ActionPoint>> ReportProgress(HttpContext http, IGrainFactory grains, EntityOwners owners, string id, [FromBody] ReportProgress? body)
    {
        var meeting = await owners.MeetingFor(grains, id, "Rencana tindak lanjut");
        var reply = await meeting.ReportProgress(http.Caller(), id, body!);
        http.Response.Headers.ETag = ActionPointEndpoints.ETag(reply.Value);
        return MeetingEndpoints.Ok(http, reply);
    }

    public static async Task<Ok<ActionPoint>> Verify(HttpContext http, IGrainFactory grains, EntityOwners owners, string id, [FromBody] VerifyActionPoint? body)
    {
        var meeting = await owners.MeetingFor(grains, id, "Rencana tindak lanjut");
        var reply = await meeting.Verify(http.Caller(), id, body!);
        http.Response.Headers.ETag = ActionPointEndpoints.ETag(reply.Value);
        return MeetingEndpoints.Ok(http, reply);
    }

    /// <summary>One file, multipart; its type decided from its bytes; idempotent by its content hash per commitment.</summary>
    public static async Task<Created<EvidenceFile>> UploadEvidence(HttpContext http, IGrainFactory grains, EntityOwners owners, IEvidenceStore store,
        Microsoft.Extensions.Options.IOptions<EvidenceOptions> options, TimeProvider clock, string id)
    {
        var max = options.Value.MaxBytes;
        var meeting = await owners.MeetingFor(grains, id, "Rencana tindak lanjut");
        var caller = http.Caller();
        // The owner agency only, and not on a finished commitment: checked before a byte of the file is read.
        var actionPoint = await meeting.AuthorizeEvidence(caller, id);
        // Kestrel allows 64 KB per request; this route alone takes a file of up to MaxBytes plus the multipart framing.
        var allowed = max + 64 * 1024;
        if (http.Request.ContentLength > allowed) throw TooLarge(max);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = allowed;
        if (!http.Request.HasFormContentType)
            throw new RakorProblem(415, "Jenis isi tidak didukung", "Upload evidence as multipart/form-data with one file (field 'file').");
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = allowed }, http.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(max);
        }
        catch (InvalidDataException)
        {
            throw TooLarge(max);
        }
        if (form.Files.Count != 1)
            throw Validation.Single("file", "Unggah tepat satu berkas per permintaan.");
        var file = form.Files[0];
        if (file.Length > max) throw TooLarge(max);
        if (file.Length == 0) throw Validation.Single("file", "Berkas kosong.");
        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream()) await stream.ReadExactlyAsync(bytes, http.RequestAborted);
        var contentType = EvidenceTypes.Sniff(bytes) ?? throw new RakorProblem(415, "Jenis berkas tidak diizinkan",
            "Evidence must be a PDF, PNG, JPEG, WebP, DOCX, XLSX or plain UTF-8 text file (checked from its content, not its name).");
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var evidenceId = Ids.Evidence(id, sha);
        var info = new EvidenceInfo(evidenceId, id, actionPoint.MeetingId, FileName(file.FileName, contentType), contentType, bytes.LongLength, sha,
            clock.GetUtcNow(), caller.Subject);
        var stored = await store.Save(info, bytes, http.RequestAborted);
        var result = new EvidenceFile(stored.EvidenceId, stored.ActionPointId, stored.FileName, stored.ContentType, stored.Size, stored.Sha256,
            Routes.EvidenceFile(stored.EvidenceId));
        return TypedResults.Created(result.Url, result);
    }

    public static async Task<IResult> GetEvidence(HttpContext http, IGrainFactory grains, IEvidenceStore store, string evidenceId)
    {
        if (!Guid.TryParse(evidenceId, out _)) throw RakorProblem.NotFound("Bukti", evidenceId.Length > 64 ? evidenceId[..64] + "…" : evidenceId);
        var info = await store.Find(evidenceId, http.RequestAborted) ?? throw RakorProblem.NotFound("Bukti", evidenceId);
        // Whoever may read the commitment may read its evidence (the grain checks).
        await grains.GetGrain<IMeetingGrain>(info.MeetingId).GetActionPoint(http.Caller(), info.ActionPointId);
        var bytes = await store.Content(evidenceId, http.RequestAborted) ?? throw RakorProblem.NotFound("Bukti", evidenceId);
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'";
        http.Response.Headers.CacheControl = "private, max-age=86400, immutable";
        var disposition = new ContentDispositionHeaderValue("inline");
        disposition.SetHttpFileName(info.FileName);
        http.Response.Headers.ContentDisposition = disposition.ToString();
        return TypedResults.File(bytes, info.ContentType);
    }

    public static async Task<Ok<FeedKey>> RotateFeedKey(HttpContext http, OpdCatalog opds, IFollowUpQueries queries, IConfiguration configuration, TimeProvider clock, string code)
    {
        var opd = await KnownOpd(opds, code);
        Permissions.RotateFeedKey(http.Caller(), opd);
        var key = Base64UrlKey();
        await queries.SetFeedKeyHash(opd, KeyHash(key), clock.GetUtcNow(), http.RequestAborted);
        var url = RecordEndpoints.PublicBase(http, configuration) + Routes.OpdDeadlines(opd, key);
        return TypedResults.Ok(new FeedKey(opd, key, url));
    }

    // ---------- queries ----------

    public static async Task<Ok<FollowUpPage>> ListFollowUps(HttpContext http, OpdCatalog opds, IFollowUpQueries queries, TimeProvider clock,
        string? status, string? opd, string? meetingId, string? overdue, string? dueBefore, string? q, string? page, string? pageSize)
    {
        Permissions.ReadAcrossMeetings(http.Caller());
        var query = Validation.FollowUps(status, opd, meetingId, overdue, dueBefore, q, page, pageSize, await opds.For([opd]));
        var now = clock.GetUtcNow();
        var result = await queries.List(query, FollowUpView.TodayByZone(now), http.RequestAborted);
        var culture = Culture(http);
        return TypedResults.Ok(new FollowUpPage([.. result.Items.Select(r => FollowUpView.Item(r.ActionPoint, r.TimeZone, r.MeetingTitle, now, culture))], result.Total, query.Page, query.PageSize));
    }

    /// <summary>The agency's ledger: every commitment it leads or supports, in urgency order (all pages).</summary>
    public static async Task<Ok<IReadOnlyList<FollowUpItem>>> OpdActionPoints(HttpContext http, OpdCatalog opds, IFollowUpQueries queries, TimeProvider clock, string code)
    {
        Permissions.ReadAcrossMeetings(http.Caller());
        var normalized = await KnownOpd(opds, code);
        var now = clock.GetUtcNow();
        var records = await All(queries, new Validation.FollowUpQuery([], normalized, null, null, null, null, 1, Limits.MaxPageSize), now, http.RequestAborted);
        var culture = Culture(http);
        return TypedResults.Ok<IReadOnlyList<FollowUpItem>>([.. records.Select(r => FollowUpView.Item(r.ActionPoint, r.TimeZone, r.MeetingTitle, now, culture))]);
    }

    public static async Task<Ok<ScorecardRanking>> Scorecards(HttpContext http, IGrainFactory grains, IFollowUpQueries queries, TimeProvider clock, string? from, string? to)
    {
        Permissions.ReadAcrossMeetings(http.Caller());
        var (f, t) = Validation.Period(from, to);
        return TypedResults.Ok(new ScorecardRanking(f, t, await Ranking(grains, queries, clock, f, t, http.RequestAborted)));
    }

    public static async Task<Ok<Scorecard>> OpdScorecard(HttpContext http, IGrainFactory grains, OpdCatalog opds, IFollowUpQueries queries, TimeProvider clock,
        string code, string? from, string? to)
    {
        Permissions.ReadAcrossMeetings(http.Caller());
        var opd = await KnownOpd(opds, code);
        var (f, t) = Validation.Period(from, to);
        var ranking = await Ranking(grains, queries, clock, f, t, http.RequestAborted);
        return TypedResults.Ok(ranking.First(s => s.Opd == opd));
    }

    /// <summary>The agency's open deadlines as iCalendar all-day events; the key is the agency's feed key (rotatable).</summary>
    public static async Task<IResult> Deadlines(HttpContext http, OpdCatalog opds, IFollowUpQueries queries, TimeProvider clock, string code, string? key)
    {
        if (string.IsNullOrWhiteSpace(key))
            throw new RakorProblem(401, "Kunci kalender diperlukan", "Add ?key=<feed key>; the secretariat or the agency's head gets one from POST /api/opds/{code}/feed-key.");
        var opd = Validation.NormalizeOpdCode(code);
        var stored = opd.Length <= Limits.OpdCode ? await queries.FeedKeyHash(opd, http.RequestAborted) : null;
        if (stored is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stored), Encoding.ASCII.GetBytes(KeyHash(key))))
            throw RakorProblem.NotFound("Kalender OPD", opd.Length > 64 ? opd[..64] + "…" : opd);
        var now = clock.GetUtcNow();
        var open = await All(queries, new Validation.FollowUpQuery(
            [ActionPointStatus.Open, ActionPointStatus.InProgress, ActionPointStatus.AwaitingVerification], opd, null, null, null, null, 1, Limits.MaxPageSize),
            now, http.RequestAborted);
        var calendar = new Ical.Net.Calendar { ProductId = "-//RakorLive//Tindak Lanjut Rakor//ID" };
        calendar.AddProperty("X-WR-CALNAME", $"Batas waktu tindak lanjut {opd}");
        foreach (var record in open)
        {
            var a = record.ActionPoint;
            var late = Kosakata.IsOverdue(a.DueDate, a.Status, now, record.TimeZone);
            calendar.Events.Add(new CalendarEvent
            {
                Uid = a.Id + "@rakorlive",
                DtStart = new CalDateTime(a.DueDate.Year, a.DueDate.Month, a.DueDate.Day),
                DtEnd = new CalDateTime(a.DueDate.AddDays(1).Year, a.DueDate.AddDays(1).Month, a.DueDate.AddDays(1).Day),
                Summary = (late ? "TERLAMBAT: " : "Batas waktu: ") + a.Description,
                Description = $"Target: {a.Target}\nSasaran: {a.Beneficiaries}\nManfaat: {a.Benefit}\n" +
                              $"OPD penanggung jawab: {a.OwnerOpd}\nStatus: {Kosakata.Label(a.Status)} ({a.ProgressPercent}%)\nRapat: {record.MeetingTitle}",
            });
        }
        var text = new CalendarSerializer().SerializeToString(calendar) ?? "";
        http.Response.Headers.CacheControl = "private, max-age=300";
        return TypedResults.Text(text, "text/calendar; charset=utf-8", Encoding.UTF8);
    }

    public static async Task<FileContentHttpResult> ExportFollowUps(HttpContext http, OpdCatalog opds, IFollowUpQueries queries,
        IOptions<RakorLiveGrainOptions> deployment, TimeProvider clock,
        string? status, string? opd, string? meetingId, string? overdue, string? dueBefore, string? q)
    {
        Permissions.ReadAcrossMeetings(http.Caller());
        var query = Validation.FollowUps(status, opd, meetingId, overdue, dueBefore, q, null, Limits.MaxPageSize.ToString(CultureInfo.InvariantCulture), await opds.For([opd]));
        var now = clock.GetUtcNow();
        var records = await All(queries, query, now, http.RequestAborted);
        var names = await opds.Names();
        Agency AgencyOf(string code) => new(code, names.GetValueOrDefault(code, code));
        // The matrix across meetings says why an item was returned too, where a meeting's own matrix keeps to the drop reason.
        var rows = records.Select(r => DocFollowUpRow.From(NotulenMapping.Commitment(r.ActionPoint, r.TimeZone, AgencyOf, now), r.MeetingTitle, r.MeetingTitle)
            with { StatusReason = r.ActionPoint.StatusReason ?? r.ActionPoint.VerificationNote }).ToList();
        var options = deployment.Value;
        var bytes = FollowUpMatrixXlsx.Render(new FollowUpMatrix
        {
            Region = new DocumentRegion(options.RegionName, options.RegionCity),
            Title = "Matriks Tindak Lanjut Rapat Koordinasi",
            AsOf = Kosakata.LocalDate(now, Kosakata.IsSupportedTimeZone(options.TimeZone) ? options.TimeZone : "Asia/Jakarta"),
            Rows = rows,
        });
        return TypedResults.File(bytes, EvidenceTypes.Xlsx, "matriks-tindak-lanjut.xlsx");
    }

    // ---------- helpers ----------

    private static async Task<IReadOnlyList<Scorecard>> Ranking(IGrainFactory grains, IFollowUpQueries queries, TimeProvider clock, DateOnly? from, DateOnly? to,
        CancellationToken cancellationToken)
    {
        var agencies = await grains.GetGrain<IOpdDirectoryGrain>(DirectoryKeys.Default).List();
        var counts = (await queries.Scores(from, to, null, FollowUpView.TodayByZone(clock.GetUtcNow()), cancellationToken)).ToDictionary(c => c.Opd);
        var cards = agencies.Select(o =>
        {
            var c = counts.GetValueOrDefault(o.Code);
            var byStatus = Enum.GetValues<ActionPointStatus>().ToDictionary(s => s.ToString(), s => c?.ByStatus.GetValueOrDefault(s) ?? 0);
            var done = byStatus[nameof(ActionPointStatus.Done)];
            var overdue = c?.Overdue ?? 0;
            double? rate = done + overdue == 0 ? null : Math.Round((double)(c?.DoneOnTime ?? 0) / (done + overdue), 4);
            var averageLate = c is { LateCount: > 0 } ? Math.Round((double)c.DaysLateSum / c.LateCount, 2) : 0;
            return new Scorecard(o.Code, o.Name, 0, byStatus.Values.Sum(), byStatus, overdue, byStatus[nameof(ActionPointStatus.AwaitingVerification)],
                done, c?.DoneOnTime ?? 0, rate, averageLate);
        });
        // Ranked: best on-time rate first (no record yet last), then fewest overdue, then fewest days late, then code.
        return [.. cards.OrderBy(s => s.OnTimeRate is null ? 1 : 0).ThenByDescending(s => s.OnTimeRate ?? 0).ThenBy(s => s.Overdue)
            .ThenBy(s => s.AverageDaysLate).ThenBy(s => s.Opd, StringComparer.Ordinal)
            .Select((s, i) => s with { Rank = i + 1 })];
    }

    private static async Task<List<FollowUpRecord>> All(IFollowUpQueries queries, Validation.FollowUpQuery query, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // One page as large as the old cap of 500 pages of MaxPageSize: one count and one ordered read, not one of each per page.
        var result = await queries.List(query with { Page = 1, PageSize = 500 * Limits.MaxPageSize }, FollowUpView.TodayByZone(now), cancellationToken);
        return [.. result.Items];
    }

    /// <summary>English with Accept-Language: en (or ?lang=en); Indonesian otherwise.</summary>
    public static CultureInfo Culture(HttpContext http)
    {
        if (http.Request.Query["lang"].ToString() is { Length: > 0 } lang) return lang.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? Kosakata.English : Kosakata.Indonesian;
        var best = http.Request.GetTypedHeaders().AcceptLanguage.OrderByDescending(l => l.Quality ?? 1).FirstOrDefault();
        return best?.Value.Value?.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true ? Kosakata.English : Kosakata.Indonesian;
    }


    private static async Task<string> KnownOpd(OpdCatalog opds, string code)
    {
        var normalized = Validation.NormalizeOpdCode(code);
        if (normalized.Length > Limits.OpdCode || !(await opds.For([normalized]))(normalized))
            throw RakorProblem.NotFound("OPD", code.Length > 64 ? code[..64] + "…" : code);
        return normalized;
    }


    private static RakorProblem TooLarge(long max) =>
        new(413, "Berkas terlalu besar", $"An evidence file may be at most {max / (1024.0 * 1024):0.#} MiB ({max} bytes); compress it or share a link (evidenceUrl).");

    private static string FileName(string? name, string contentType)
    {
        var clean = new string(Path.GetFileName(name ?? "").Where(c => !char.IsControl(c) && c is not '"' and not '\\' and not '/').ToArray()).Trim();
        if (clean.Length > Limits.FileName) clean = clean[^Limits.FileName..];
        return clean.Length == 0 ? "bukti" + EvidenceTypes.Extension(contentType) : clean;
    }

    private static string Base64UrlKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string KeyHash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key.Trim())));
}
