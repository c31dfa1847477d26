using System.Globalization;
using RakorLive.Commands;
using RakorLive.Model;

namespace RakorLive.Rules;

public static partial class Permissions
{
    /// <summary>
    /// Who may read a commitment: anyone signed in; a join-code sign-in only when the commitment belongs to its meeting
    /// or is carried over into it.
    /// </summary>
    public static void ReadActionPoint(Caller caller, ActionPoint actionPoint)
    {
        if (caller.MeetingScope is null || caller.MeetingScope == actionPoint.MeetingId) return;
        if (actionPoint.CarriedInto?.Contains(caller.MeetingScope) == true) return;
        throw RakorProblem.Forbidden("This sign-in came from a join code and is limited to its own meeting.");
    }

    /// <summary>Progress and evidence: the kepala OPD of the owner agency only.</summary>
    public static void ReportProgress(Caller caller, ActionPoint actionPoint)
    {
        ReadActionPoint(caller, actionPoint);
        Require(caller, "report progress", Role.OpdHead);
        if (caller.Opd != actionPoint.OwnerOpd)
            throw RakorProblem.Forbidden($"Commitment {actionPoint.Id} belongs to {actionPoint.OwnerOpd}; a kepala OPD reports progress for their own agency ({caller.Opd}) only.");
    }

    /// <summary>Verification of reported progress: the secretariat only.</summary>
    public static void Verify(Caller caller, ActionPoint actionPoint)
    {
        ReadActionPoint(caller, actionPoint);
        Require(caller, "verify progress", Role.Secretariat);
    }

    /// <summary>An agency's calendar feed key: the secretariat, or that agency's own head.</summary>
    public static void RotateFeedKey(Caller caller, string opd)
    {
        ReadAcrossMeetings(caller);
        if (caller.Role == Role.Secretariat) return;
        if (caller.Role == Role.OpdHead && caller.Opd == opd) return;
        throw RakorProblem.Forbidden(caller.Role == Role.OpdHead
            ? $"A kepala OPD rotates the calendar key of their own agency ({caller.Opd}) only, not {opd}."
            : $"Role {caller.Role} may not rotate calendar keys; this needs Secretariat or the agency's OpdHead.");
    }
}

public static partial class Validation
{
    public sealed record ValidProgress(string CommandId, int Percent, string Note, IReadOnlyList<string> EvidenceIds, string? EvidenceUrl, string? FromMeetingId);

    public static ValidProgress Progress(ReportProgress? cmd)
    {
        var e = new Errors();
        if (cmd is null) throw e.Body();
        var commandId = CommandIdRequired(e, cmd.CommandId);
        if (cmd.Percent is null) e.Add("percent", "Isi progres dalam persen (0-100).");
        else if (cmd.Percent is < 0 or > 100) e.Add("percent", $"Progres {cmd.Percent}% di luar 0-100.");
        var note = e.Text("note", cmd.Note, Limits.ProgressNote);
        var ids = new List<string>();
        if (cmd.EvidenceIds is { } evidence)
        {
            if (evidence.Count > Limits.EvidencePerReport) e.Add("evidenceIds", $"Paling banyak {Limits.EvidencePerReport} berkas bukti per laporan.");
            else
                foreach (var id in evidence)
                {
                    if (id is null || !Guid.TryParse(id, out _)) { e.Add("evidenceIds", $"'{Truncate(id ?? "")}' bukan evidenceId; unggah berkas lewat POST /api/action-points/{{id}}/evidence."); continue; }
                    if (!ids.Contains(id)) ids.Add(id);
                }
        }
        string? url = null;
        if (!string.IsNullOrWhiteSpace(cmd.EvidenceUrl))
        {
            var trimmed = cmd.EvidenceUrl.Trim();
            if (trimmed.Length > Limits.EvidenceUrl) e.Add("evidenceUrl", $"Tautan bukti terlalu panjang (maksimal {Limits.EvidenceUrl} karakter).");
            else if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host))
                e.Add("evidenceUrl", "Tautan bukti harus alamat http:// atau https:// yang lengkap.");
            else url = uri.ToString();
        }
        var from = string.IsNullOrWhiteSpace(cmd.FromMeetingId) ? null : cmd.FromMeetingId.Trim();
        if (from is not null && (from.Length > 64 || !Guid.TryParse(from, out _))) { e.Add("fromMeetingId", "fromMeetingId bukan id rapat."); from = null; }
        e.ThrowIfAny();
        return new ValidProgress(commandId!, cmd.Percent!.Value, note!, ids, url, from);
    }

    public sealed record ValidVerification(string CommandId, bool Accepted, string? Note);

    public static ValidVerification Verification(VerifyActionPoint? cmd)
    {
        var e = new Errors();
        if (cmd is null) throw e.Body();
        var commandId = CommandIdRequired(e, cmd.CommandId);
        if (cmd.Accepted is null) e.Add("accepted", "Isi accepted: true (diterima, Selesai) atau false (dikembalikan dengan catatan).");
        string? note = null;
        if (cmd.Accepted == false) note = e.Text("note", cmd.Note, Limits.VerificationNote);
        else if (!string.IsNullOrWhiteSpace(cmd.Note)) note = e.Text("note", cmd.Note, Limits.VerificationNote);
        e.ThrowIfAny();
        return new ValidVerification(commandId!, cmd.Accepted!.Value, note);
    }

    /// <summary>Progress is reported on a commitment still being worked on; Done and Dropped are final.</summary>
    public static void CanReportProgress(ActionPointStatus status)
    {
        if (status is ActionPointStatus.Done or ActionPointStatus.Dropped)
            throw RakorProblem.Conflict($"This commitment is {status} ({(status == ActionPointStatus.Done ? "Selesai" : "Tidak dapat ditindaklanjuti")}): no more progress can be reported.");
    }

    public static void CanVerify(ActionPointStatus status)
    {
        if (status != ActionPointStatus.AwaitingVerification)
            throw RakorProblem.Conflict($"Only a commitment awaiting verification (Menunggu verifikasi) can be verified; this one is {status}.");
    }

    public static void EvidenceBelongs(IReadOnlyCollection<string> missing)
    {
        if (missing.Count > 0)
            throw Single("evidenceIds", $"Berkas bukti {string.Join(", ", missing)} tidak diunggah untuk rencana tindak lanjut ini.");
    }

    /// <summary>The follow-up list's query string, checked field by field.</summary>
    public sealed record FollowUpQuery(
        IReadOnlyList<ActionPointStatus> Statuses,
        string? Opd,
        string? MeetingId,
        bool? Overdue,
        DateOnly? DueBefore,
        string? Search,
        int Page,
        int PageSize);

    public static FollowUpQuery FollowUps(string? status, string? opd, string? meetingId, string? overdue, string? dueBefore, string? q,
        string? page, string? pageSize, Func<string, bool> isKnownOpd)
    {
        var e = new Errors();
        var statuses = new List<ActionPointStatus>();
        if (!string.IsNullOrWhiteSpace(status))
            foreach (var part in status.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (Enum.TryParse<ActionPointStatus>(part, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(part, out _))
                { if (!statuses.Contains(parsed)) statuses.Add(parsed); }
                else e.Add("status", $"Status '{Truncate(part)}' tidak dikenal. Pilihan: {string.Join(", ", Enum.GetNames<ActionPointStatus>())}.");
            }
        string? code = null;
        if (!string.IsNullOrWhiteSpace(opd)) code = e.Opd("opd", opd, isKnownOpd);
        string? meeting = null;
        if (!string.IsNullOrWhiteSpace(meetingId))
        {
            if (!Guid.TryParse(meetingId.Trim(), out _)) e.Add("meetingId", $"'{Truncate(meetingId)}' bukan id rapat.");
            else meeting = meetingId.Trim();
        }
        bool? late = null;
        if (!string.IsNullOrWhiteSpace(overdue))
        {
            if (bool.TryParse(overdue.Trim(), out var b)) late = b;
            else e.Add("overdue", "overdue: true atau false.");
        }
        DateOnly? before = null;
        if (!string.IsNullOrWhiteSpace(dueBefore))
        {
            if (DateOnly.TryParseExact(dueBefore.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) before = d;
            else e.Add("dueBefore", $"dueBefore '{Truncate(dueBefore)}' bukan tanggal yyyy-MM-dd.");
        }
        string? search = null;
        if (!string.IsNullOrWhiteSpace(q))
        {
            search = q.Trim();
            if (search.Length > Limits.SearchText) { e.Add("q", $"Kata kunci terlalu panjang (maksimal {Limits.SearchText} karakter)."); search = null; }
            else if (search.Any(char.IsControl)) { e.Add("q", "Kata kunci berisi karakter kontrol."); search = null; }
        }
        var (p, size) = Paging(e, page, pageSize);
        e.ThrowIfAny();
        return new FollowUpQuery(statuses, code, meeting, late, before, search, p, size);
    }

    /// <summary>page from 1, pageSize 1 to <see cref="Limits.MaxPageSize"/>: the paging of every list.</summary>
    private static (int Page, int PageSize) Paging(Errors e, string? page, string? pageSize)
    {
        var p = 1;
        if (!string.IsNullOrWhiteSpace(page) && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out p) || p < 1 || p > 100_000))
        { e.Add("page", "page: bilangan bulat mulai dari 1."); p = 1; }
        var size = Limits.DefaultPageSize;
        if (!string.IsNullOrWhiteSpace(pageSize) && (!int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < 1 || size > Limits.MaxPageSize))
        { e.Add("pageSize", $"pageSize: 1 sampai {Limits.MaxPageSize}."); size = Limits.DefaultPageSize; }
        return (p, size);
    }

    /// <summary>A scorecard period: from and to are local dates (inclusive), on the commitments' due dates.</summary>
    public static (DateOnly? From, DateOnly? To) Period(string? from, string? to)
    {
        var e = new Errors();
        DateOnly? Parse(string field, string? value)
        {
            if (string.IsNullOrWhiteSpace(value)) return null;
            if (DateOnly.TryParseExact(value.Trim(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
            e.Add(field, $"{field} '{Truncate(value)}' bukan tanggal yyyy-MM-dd.");
            return null;
        }
        var f = Parse("from", from);
        var t = Parse("to", to);
        if (f is { } a && t is { } b && a > b) e.Add("to", "to lebih awal dari from.");
        e.ThrowIfAny();
        return (f, t);
    }
}
