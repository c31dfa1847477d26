using RakorLive.Commands;
using RakorLive.Model;
using RakorLive.Rules;

namespace RakorLive.UnitTests.Rules;

/// <summary>The per-meeting counts of Limits: the last one fits, one more is a 409 that names the limit.</summary>
public sealed class LimitsTests
{
    public static TheoryData<string, int, Action<int>> Counts => new()
    {
        { "agenda items", Limits.AgendaItems, n => Validation.CanAddAgendaItem(MeetingStatus.Live, n) },
        { "commitments", Limits.ActionPointsPerMeeting, n => Validation.CanAddActionPoint(MeetingStatus.Live, n) },
        { "attendees", Limits.AttendeesPerMeeting, n => Validation.CanCheckIn(MeetingStatus.Live, n) },
        { "outcomes", Limits.OutcomesPerMeeting, n => Validation.CanChangeOutcomes("rapat-1", null, n) },
        { "requests to speak", Limits.SpeakerRequestsPerMeeting, n => Validation.CanRequestSpeaker(MeetingStatus.Live, true, n) },
    };

    [Theory]
    [MemberData(nameof(Counts))]
    public void One_over_a_per_meeting_count_is_refused_with_a_conflict_naming_the_limit(string what, int limit, Action<int> check)
    {
        check(limit - 1);
        var refused = Assert.Throws<RakorProblem>(() => check(limit));
        Assert.Equal(409, refused.Status);
        Assert.Contains(limit.ToString(System.Globalization.CultureInfo.InvariantCulture), refused.Detail);
        Assert.Contains(what, refused.Detail);
    }

    [Fact]
    public void A_progress_report_takes_at_most_Limits_EvidencePerReport_files()
    {
        string[] Files(int n) => [.. Enumerable.Range(0, n).Select(_ => Guid.NewGuid().ToString())];
        Validation.Progress(new ReportProgress("lapor-1", 50, "Pengukuran", Files(Limits.EvidencePerReport)));
        var refused = Assert.Throws<RakorProblem>(() => Validation.Progress(new ReportProgress("lapor-2", 50, "Pengukuran", Files(Limits.EvidencePerReport + 1))));
        Assert.Equal(400, refused.Status);
        Assert.True(refused.Errors.ContainsKey("evidenceIds"));
    }
}
