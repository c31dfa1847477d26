using RakorLive.GrainInterfaces;
using RakorLive.Model;
using RakorLive.Vocabulary;
using Doc = RakorLive.Documents;

namespace RakorLive.Grains.Meetings;

/// <summary>
/// A meeting as the document renderers read it. The meeting grain hashes an approved version with the same mapping the
/// server renders it with, so the printed hash is the hash of what is printed.
/// </summary>
public static class NotulenMapping
{
    /// <param name="now">For the matrix's "Terlambat" only; the notulen's canonical content never reads it.</param>
    public static Doc.NotulenDocument Document(NotulenSource source, DateTimeOffset now, string? verifyUrlPrefix = null)
    {
        var meeting = source.Meeting;
        Doc.Agency Agency(string code) => new(code, source.AgencyNames.TryGetValue(code, out var name) ? name : code);
        var outcomes = meeting.Outcomes ?? [];
        var document = new Doc.NotulenDocument
        {
            Region = new Doc.DocumentRegion(source.RegionName, source.RegionCity),
            MeetingTitle = meeting.Title,
            ScheduledStart = meeting.ScheduledStart,
            TimeZoneId = meeting.TimeZone,
            Location = meeting.Location,
            Chair = meeting.Chair,
            Notulis = source.Notulis,
            Attendees = [.. meeting.Attendance.Select(a => new Doc.Attendee(Agency(a.Opd), a.Name, a.Position, a.CheckedInAt))],
            Agenda = [.. meeting.Agenda.OrderBy(i => i.Order).Select(i => new Doc.AgendaItem
            {
                Id = i.Id,
                Title = i.Title,
                Presenter = string.IsNullOrEmpty(i.PresenterOpd) ? null : Agency(i.PresenterOpd),
                Status = (Doc.AgendaStatus)(int)i.Status,
                Outcomes = [.. outcomes.Where(o => o.AgendaItemId == i.Id).Select(o => new Doc.Outcome((Doc.OutcomeKind)(int)o.Kind, o.Text))],
            })],
            Commitments = [.. meeting.ActionPoints.Select(a => Commitment(a, meeting.TimeZone, Agency, now))],
            Version = source.Version,
            Status = (Doc.NotulenStatus)(int)source.Status,
            ApprovedAt = source.ApprovedAt,
            ApprovedBy = source.ApprovedBy,
            Sha256 = source.Sha256,
        };
        if (source.Sha256 is { } hash && verifyUrlPrefix is not null)
            document = document with { VerifyUrl = verifyUrlPrefix.TrimEnd('/') + "/" + hash };
        return document;
    }

    /// <summary>A commitment as every document prints it (the notulen's tables, the matrix of one meeting or of many).</summary>
    public static Doc.Commitment Commitment(ActionPoint a, string timeZone, Func<string, Doc.Agency> agency, DateTimeOffset now)
    {
        var late = Kosakata.IsOverdue(a.DueDate, a.Status, now, timeZone);
        return new Doc.Commitment
        {
            Id = a.Id,
            AgendaItemId = a.AgendaItemId,
            Owner = agency(a.OwnerOpd),
            Supporting = [.. a.SupportingOpds.Select(agency)],
            Description = a.Description,
            Target = a.Target,
            Beneficiaries = a.Beneficiaries,
            Benefit = a.Benefit,
            DueDate = a.DueDate,
            Status = (Doc.CommitmentStatus)(int)a.Status,
            ProgressPercent = a.ProgressPercent,
            StatusReason = a.StatusReason,
            IsOverdue = late,
            DaysOverdue = late ? FollowUpView.DaysOverdue(a.DueDate, timeZone, now) : null,
        };
    }

    public static string Sha256(NotulenSource source) =>
        Doc.NotulenCanonical.Sha256(Document(source with { Sha256 = null }, DateTimeOffset.UnixEpoch));
}
