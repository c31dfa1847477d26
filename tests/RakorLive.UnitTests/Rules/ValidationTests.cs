using RakorLive.Commands;
using RakorLive.Model;
using RakorLive.Rules;

namespace RakorLive.UnitTests.Rules;

public sealed class ValidationTests
{
    private static readonly HashSet<string> KnownOpds = ["PUPR", "DINKES", "DISHUB", "DLH"];
    private static readonly DateOnly MeetingDate = new(2026, 3, 2);

    private static CreateActionPoint Valid() => new(
        "cmd-1", null, "PUPR", ["DISHUB"], "Menyusun peta jalan", "Peta jalan disahkan", "Warga", "Jalan lebih aman", "2026-03-16");

    private static Validation.NewActionPoint Check(CreateActionPoint command) =>
        Validation.ActionPoint(command, KnownOpds.Contains, id => id == "agenda-1", MeetingDate);

    private static RakorProblem Rejected(CreateActionPoint command) => Assert.Throws<RakorProblem>(() => Check(command));

    [Fact]
    public void A_complete_action_point_comes_back_normalized()
    {
        var valid = Check(Valid() with { OwnerOpd = " pupr ", SupportingOpds = ["dishub", "DISHUB", "dlh"], Description = "  Menyusun peta jalan  " });

        Assert.Equal("PUPR", valid.OwnerOpd);
        Assert.Equal(["DISHUB", "DLH"], valid.SupportingOpds);
        Assert.Equal("Menyusun peta jalan", valid.Description);
        Assert.Equal(new DateOnly(2026, 3, 16), valid.DueDate);
    }

    public static TheoryData<string, CreateActionPoint> InvalidActionPoints => new()
    {
        { "commandId", Valid() with { CommandId = null } },
        { "commandId", Valid() with { CommandId = "has space" } },
        { "commandId", Valid() with { CommandId = new string('a', 101) } },
        { "ownerOpd", Valid() with { OwnerOpd = "DINAS-ENTAH" } },
        { "ownerOpd", Valid() with { OwnerOpd = "" } },
        { "supportingOpds", Valid() with { SupportingOpds = ["NOPE"] } },
        { "supportingOpds", Valid() with { SupportingOpds = ["PUPR"] } },
        { "description", Valid() with { Description = "   " } },
        { "description", Valid() with { Description = new string('x', Limits.Description + 1) } },
        { "target", Valid() with { Target = "angka\u0007" } },
        { "beneficiaries", Valid() with { Beneficiaries = null } },
        { "benefit", Valid() with { Benefit = "" } },
        { "dueDate", Valid() with { DueDate = null } },
        { "dueDate", Valid() with { DueDate = "16-03-2026" } },
        { "dueDate", Valid() with { DueDate = "2026-03-01" } },
        { "dueDate", Valid() with { DueDate = "2036-03-03" } },
        { "agendaItemId", Valid() with { AgendaItemId = "agenda-2" } },
    };

    [Theory]
    [MemberData(nameof(InvalidActionPoints))]
    public void An_invalid_field_is_a_400_naming_that_field(string field, CreateActionPoint command)
    {
        var problem = Rejected(command);

        Assert.Equal(400, problem.Status);
        Assert.Equal([field], problem.Errors.Keys);
        Assert.NotEmpty(problem.Errors[field][0]);
    }

    [Fact]
    public void Every_wrong_field_is_reported_at_once()
    {
        var problem = Rejected(new CreateActionPoint("cmd-2", null, "XYZ", ["ABC"], null, null, null, null, "kemarin"));

        Assert.Equal(
            ["beneficiaries", "benefit", "description", "dueDate", "ownerOpd", "supportingOpds", "target"],
            problem.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_due_date_may_be_the_meeting_day_itself() =>
        Assert.Equal(MeetingDate, Check(Valid() with { DueDate = "2026-03-02" }).DueDate);

    [Theory]
    [InlineData(null, "timeZone", "Asia/Jakarta")]
    [InlineData("Asia/Makassar", "timeZone", "Asia/Makassar")]
    public void A_meeting_takes_the_deployment_zone_unless_it_names_its_own(string? zone, string _, string expected)
    {
        var meeting = Validation.CreateMeeting(
            new CreateMeeting(null, "Rakor", new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(7)), "Aula", "Bupati", zone), "Asia/Jakarta");
        Assert.Equal(expected, meeting.TimeZone);
    }

    [Fact]
    public void A_meeting_needs_a_start_and_a_known_zone()
    {
        var problem = Assert.Throws<RakorProblem>(() =>
            Validation.CreateMeeting(new CreateMeeting(null, "Rakor", null, "Aula", "Bupati", "Europe/Amsterdam"), "Asia/Jakarta"));
        Assert.Equal(["scheduledStart", "timeZone"], problem.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(null, "timeboxMinutes")]
    [InlineData(0, "timeboxMinutes")]
    [InlineData(Limits.MaxTimeboxMinutes + 1, "timeboxMinutes")]
    public void An_agenda_item_needs_a_sensible_timebox(int? minutes, string field)
    {
        var problem = Assert.Throws<RakorProblem>(() => Validation.AgendaItem(new AddAgendaItem(null, "Paparan", "PUPR", minutes), KnownOpds.Contains));
        Assert.Equal([field], problem.Errors.Keys);
    }

    [Theory]
    [InlineData("\"3\"", 3)]
    [InlineData("3", 3)]
    [InlineData("W/\"12\"", 12)]
    public void If_match_carries_the_version(string header, int version) =>
        Assert.Equal(version, Validation.IfMatchVersion(header));

    [Theory]
    [InlineData(null, 428)]
    [InlineData("  ", 428)]
    [InlineData("\"0\"", 400)]
    [InlineData("\"-1\"", 400)]
    [InlineData("*", 400)]
    [InlineData("\"abc\"", 400)]
    public void A_missing_or_malformed_if_match_is_refused(string? header, int status) =>
        Assert.Equal(status, Assert.Throws<RakorProblem>(() => Validation.IfMatchVersion(header)).Status);

    [Theory]
    [InlineData(ActionPointStatus.Open, ActionPointStatus.InProgress, null, 0)]
    [InlineData(ActionPointStatus.InProgress, ActionPointStatus.Open, null, 0)]
    [InlineData(ActionPointStatus.Open, ActionPointStatus.Dropped, "Anggaran dialihkan", 0)]
    [InlineData(ActionPointStatus.Dropped, ActionPointStatus.Open, null, 0)]
    [InlineData(ActionPointStatus.AwaitingVerification, ActionPointStatus.InProgress, null, 0)]
    [InlineData(ActionPointStatus.Open, ActionPointStatus.Dropped, null, 400)]
    [InlineData(ActionPointStatus.Open, ActionPointStatus.Dropped, "  ", 400)]
    [InlineData(ActionPointStatus.Open, ActionPointStatus.Done, null, 409)]
    [InlineData(ActionPointStatus.InProgress, ActionPointStatus.AwaitingVerification, null, 409)]
    [InlineData(ActionPointStatus.Done, ActionPointStatus.Open, null, 409)]
    [InlineData(ActionPointStatus.AwaitingVerification, ActionPointStatus.Dropped, "x", 409)]
    public void Status_transitions_by_editing(ActionPointStatus from, ActionPointStatus to, string? reason, int refusedWith)
    {
        var problem = Record.Exception(() => Validation.ActionPointTransition(from, to, reason));
        if (refusedWith == 0) Assert.Null(problem);
        else Assert.Equal(refusedWith, Assert.IsType<RakorProblem>(problem).Status);
    }

    [Theory]
    [InlineData(MeetingStatus.Scheduled, true)]
    [InlineData(MeetingStatus.Live, false)]
    [InlineData(MeetingStatus.Closed, false)]
    public void Only_a_scheduled_meeting_starts(MeetingStatus status, bool allowed) =>
        AssertAllowed(allowed, () => Validation.CanStart(status));

    [Theory]
    [InlineData(MeetingStatus.Scheduled, true, false)]
    [InlineData(MeetingStatus.Live, true, true)]
    [InlineData(MeetingStatus.Live, false, false)]
    [InlineData(MeetingStatus.Closed, true, false)]
    public void Advance_needs_a_live_meeting_with_something_left(MeetingStatus status, bool hasNextOrActive, bool allowed) =>
        AssertAllowed(allowed, () => Validation.CanAdvance(status, hasNextOrActive));

    private static void AssertAllowed(bool allowed, Action check)
    {
        var problem = Record.Exception(check);
        if (allowed) Assert.Null(problem);
        else Assert.Equal(409, Assert.IsType<RakorProblem>(problem).Status);
    }
}
