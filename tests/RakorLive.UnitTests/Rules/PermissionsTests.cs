using RakorLive.Model;
using RakorLive.Rules;

namespace RakorLive.UnitTests.Rules;

public sealed class PermissionsTests
{
    private const string MeetingId = "meeting-1";

    private static Caller As(Role role, string? opd = null, string? scope = null) => new("u", role, opd, "U", scope);

    private static ActionPoint PuprActionPoint() => new(
        "ap-1", MeetingId, null, "PUPR", ["DISHUB"], "d", "t", "b", "m", new DateOnly(2026, 3, 16), ActionPointStatus.Open,
        1, DateTimeOffset.UnixEpoch, "u", DateTimeOffset.UnixEpoch, []);

    private static void AssertAllowed(bool allowed, Action rule)
    {
        var problem = Record.Exception(rule);
        if (allowed) Assert.Null(problem);
        else Assert.Equal(403, Assert.IsType<RakorProblem>(problem).Status);
    }

    [Theory]
    [InlineData(Role.Admin, false)]
    [InlineData(Role.Secretariat, true)]
    [InlineData(Role.Chair, true)]
    [InlineData(Role.OpdHead, false)]
    [InlineData(Role.Viewer, false)]
    public void Running_a_meeting(Role role, bool allowed) =>
        AssertAllowed(allowed, () => Permissions.RunMeeting(As(role, role == Role.OpdHead ? "PUPR" : null), MeetingId));

    [Theory]
    [InlineData(Role.Admin, true)]
    [InlineData(Role.Secretariat, false)]
    [InlineData(Role.Chair, false)]
    public void Only_the_admin_manages_users(Role role, bool allowed) =>
        AssertAllowed(allowed, () => Permissions.ManageUsers(As(role)));

    [Theory]
    [InlineData(Role.Secretariat, null, "DINKES", true)]
    [InlineData(Role.OpdHead, "DINKES", "DINKES", true)]
    [InlineData(Role.OpdHead, "PUPR", "DINKES", false)]
    [InlineData(Role.Chair, null, "DINKES", false)]
    [InlineData(Role.Viewer, null, "DINKES", false)]
    public void Checking_in(Role role, string? callerOpd, string opd, bool allowed) =>
        AssertAllowed(allowed, () => Permissions.CheckIn(As(role, callerOpd), MeetingId, opd));

    [Theory]
    [InlineData(Role.Secretariat, null, true)]
    [InlineData(Role.Chair, null, true)]
    [InlineData(Role.OpdHead, "PUPR", true)]
    [InlineData(Role.OpdHead, "DINKES", false)]
    [InlineData(Role.OpdHead, "DISHUB", false)]
    [InlineData(Role.Viewer, null, false)]
    [InlineData(Role.Admin, null, false)]
    public void Adding_a_commitment_owned_by_PUPR(Role role, string? callerOpd, bool allowed) =>
        AssertAllowed(allowed, () => Permissions.CreateActionPoint(As(role, callerOpd), MeetingId, "PUPR"));

    [Theory]
    [InlineData(Role.Secretariat, null, null, true)]
    [InlineData(Role.Secretariat, null, "DINKES", true)]
    [InlineData(Role.OpdHead, "PUPR", null, true)]
    [InlineData(Role.OpdHead, "PUPR", "PUPR", true)]
    [InlineData(Role.OpdHead, "PUPR", "DINKES", false)]
    [InlineData(Role.OpdHead, "DISHUB", null, false)]
    [InlineData(Role.OpdHead, "DINKES", null, false)]
    [InlineData(Role.Chair, null, null, false)]
    [InlineData(Role.Viewer, null, null, false)]
    public void Editing_a_PUPR_commitment(Role role, string? callerOpd, string? newOwner, bool allowed) =>
        AssertAllowed(allowed, () => Permissions.EditActionPoint(As(role, callerOpd), PuprActionPoint(), newOwner));

    [Fact]
    public void A_join_code_sign_in_reaches_its_own_meeting_only()
    {
        var tablet = As(Role.OpdHead, "PUPR", scope: MeetingId);

        AssertAllowed(true, () => Permissions.ReadMeeting(tablet, MeetingId));
        AssertAllowed(true, () => Permissions.CreateActionPoint(tablet, MeetingId, "PUPR"));
        AssertAllowed(false, () => Permissions.ReadMeeting(tablet, "other-meeting"));
        AssertAllowed(false, () => Permissions.CreateActionPoint(tablet, "other-meeting", "PUPR"));
        AssertAllowed(false, () => Permissions.EditActionPoint(tablet, PuprActionPoint() with { MeetingId = "other-meeting" }, null));
        AssertAllowed(false, () => Permissions.ReadAcrossMeetings(tablet));
        AssertAllowed(true, () => Permissions.ReadAcrossMeetings(As(Role.Viewer)));
    }

    [Fact]
    public void A_refusal_says_why()
    {
        var problem = Assert.Throws<RakorProblem>(() => Permissions.CreateActionPoint(As(Role.OpdHead, "DINKES"), MeetingId, "PUPR"));
        Assert.Contains("DINKES", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("PUPR", problem.Detail, StringComparison.Ordinal);
        Assert.Equal("Tidak diizinkan", problem.Title);
    }
}
