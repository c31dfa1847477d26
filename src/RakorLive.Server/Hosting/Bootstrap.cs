using RakorLive.Server.Api;
using System.Security.Cryptography;
using System.Text.Json;
using RakorLive.Commands;
using RakorLive.GrainInterfaces;
using RakorLive.Grains.FollowUps;
using RakorLive.Model;
using RakorLive.Server.Auth;
using RakorLive.Vocabulary;

namespace RakorLive.Server.Hosting;

/// <summary>
/// First-start work once the silo runs: the admin account on an empty store and, with
/// <c>RakorLive:SeedDemo=true</c>, the demo kabupaten from deploy/seed. Both only touch an empty store.
/// </summary>
public sealed class Bootstrap(IGrainFactory grains, Passwords passwords, IConfiguration configuration, TimeProvider clock, IEvidenceStore evidence, ILogger<Bootstrap> logger)
{
    public const string SeedFile = "kabupaten-demo.json";

    public bool Completed { get; private set; }

    public async Task RunAsync()
    {
        var users = grains.GetGrain<IUserDirectoryGrain>(DirectoryKeys.Default);
        var emptyStore = await users.Count() == 0;
        if (emptyStore) await CreateAdmin(users);
        if (configuration.GetValue<bool>("RakorLive:SeedDemo") && emptyStore) await SeedDemo(users);
        Completed = true;
    }

    private async Task CreateAdmin(IUserDirectoryGrain users)
    {
        var configured = configuration["RakorLive:Bootstrap:AdminPassword"];
        var password = string.IsNullOrEmpty(configured) ? RandomNumberGenerator.GetString("abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789", 16) : configured;
        await users.Create(Caller.System, new CreateUser("admin", password, "Administrator", nameof(Role.Admin), null), passwords.Hash("admin", password));
        if (string.IsNullOrEmpty(configured))
            logger.LogWarning("Created user 'admin' with the generated password {Password} (shown once; set RakorLive:Bootstrap:AdminPassword to choose it)", password);
        else
            logger.LogInformation("Created user 'admin' with the password from RakorLive:Bootstrap:AdminPassword");
    }

    private sealed record SeedData(SeedRegion Region, List<Opd> Opds, List<SeedUser> Users, SeedMeeting Meeting, SeedLastMeeting? LastMeeting = null);
    private sealed record SeedLastMeeting(string Title, string Location, string Chair, int DaysAgo, string StartTime, string AgendaTitle, List<SeedCommitment> Commitments);
    private sealed record SeedCommitment(string Owner, List<string> Supporting, string Description, string Target, string Beneficiaries, string Benefit,
        int DueOffsetDays, string State, int Percent = 0, string? Note = null, string? Reason = null, string? Evidence = null);
    private sealed record SeedRegion(string Name, string City, string TimeZone);
    private sealed record SeedUser(string Username, string DisplayName, string Role, string? Opd, string Password);
    private sealed record SeedMeeting(string Title, string Location, string Chair, int StartOffsetDays, string StartTime, List<SeedAgendaItem> Agenda);
    private sealed record SeedAgendaItem(string Title, string PresenterOpd, int TimeboxMinutes);

    private async Task SeedDemo(IUserDirectoryGrain users)
    {
        // deploy/seed is copied next to the binaries by the server project.
        var path = Path.Combine(AppContext.BaseDirectory, "seed", SeedFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"Demo seed data {SeedFile} not found next to the server.", path);
        var seed = JsonSerializer.Deserialize<SeedData>(await File.ReadAllTextAsync(path), JsonSerializerOptions.Web)!;
        var admin = new Caller("admin", Role.Admin, null, "Administrator");
        await grains.GetGrain<IOpdDirectoryGrain>(DirectoryKeys.Default).Seed(seed.Opds);
        foreach (var user in seed.Users)
            await users.Create(admin, new CreateUser(user.Username, user.Password, user.DisplayName, user.Role, user.Opd), passwords.Hash(user.Username, user.Password));

        var secretariat = new Caller("sekretariat", Role.Secretariat, null, "Sekretariat");
        var zone = Kosakata.Zone(seed.Region.TimeZone);
        var localDay = Kosakata.LocalDate(clock.GetUtcNow(), seed.Region.TimeZone).AddDays(seed.Meeting.StartOffsetDays);
        var localStart = localDay.ToDateTime(TimeOnly.Parse(seed.Meeting.StartTime));
        var start = new DateTimeOffset(localStart, zone.GetUtcOffset(localStart));
        // Last month's rakor, closed, with commitments in every state (some late, one awaiting verification with evidence).
        var lastId = seed.LastMeeting is { } last ? await SeedPreviousMeeting(last, seed.Region.TimeZone, secretariat) : null;
        var meetingId = Ids.Meeting("seed-demo-meeting");
        var meeting = grains.GetGrain<IMeetingGrain>(meetingId);
        await meeting.Create(secretariat, new CreateMeeting("seed-demo-meeting", seed.Meeting.Title, start, seed.Meeting.Location, seed.Meeting.Chair, seed.Region.TimeZone, lastId));
        var order = 0;
        foreach (var item in seed.Meeting.Agenda)
            await meeting.AddAgendaItem(secretariat, new AddAgendaItem($"seed-agenda-{++order}", item.Title, item.PresenterOpd, item.TimeboxMinutes));

        logger.LogInformation(
            "Demo data loaded (carrying over from {LastMeetingId}): {Opds} agencies, {Users} users, meeting {MeetingId}. Sign in at / as one of {Usernames} with password '{Password}' (demo only).",
            lastId, seed.Opds.Count, seed.Users.Count, meetingId, string.Join(", ", seed.Users.Select(u => $"{u.Username} ({u.Role}{(u.Opd is null ? "" : " " + u.Opd)})")),
            seed.Users.Select(u => u.Password).Distinct().Count() == 1 ? seed.Users[0].Password : "see deploy/seed/" + SeedFile);
    }

    private async Task<string> SeedPreviousMeeting(SeedLastMeeting last, string timeZone, Caller secretariat)
    {
        var zone = Kosakata.Zone(timeZone);
        var day = Kosakata.LocalDate(clock.GetUtcNow(), timeZone).AddDays(-last.DaysAgo);
        var local = day.ToDateTime(TimeOnly.Parse(last.StartTime));
        var start = new DateTimeOffset(local, zone.GetUtcOffset(local));
        var id = Ids.Meeting("seed-last-meeting");
        var meeting = grains.GetGrain<IMeetingGrain>(id);
        await meeting.Create(secretariat, new CreateMeeting("seed-last-meeting", last.Title, start, last.Location, last.Chair, timeZone));
        await meeting.AddAgendaItem(secretariat, new AddAgendaItem("seed-last-agenda", last.AgendaTitle, "BAPPEDA", 60));
        await meeting.Start(secretariat, new MeetingCommand("seed-last-start"));
        var n = 0;
        var made = new List<(SeedCommitment Seed, ActionPoint ActionPoint)>();
        foreach (var c in last.Commitments)
        {
            var ap = (await meeting.AddActionPoint(secretariat, new CreateActionPoint($"seed-last-ap-{++n}", null, c.Owner, c.Supporting, c.Description,
                c.Target, c.Beneficiaries, c.Benefit, day.AddDays(c.DueOffsetDays).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)))).Value;
            made.Add((c, ap));
        }
        await meeting.Close(secretariat, new MeetingCommand("seed-last-close"));
        n = 0;
        foreach (var (c, ap) in made)
        {
            n++;
            var head = new Caller("kepala." + c.Owner.ToLowerInvariant(), Role.OpdHead, c.Owner, "Kepala " + c.Owner);
            switch (c.State)
            {
                case nameof(ActionPointStatus.InProgress) or nameof(ActionPointStatus.AwaitingVerification) or nameof(ActionPointStatus.Done):
                    List<string>? evidenceIds = null;
                    if (c.Evidence is { } text)
                    {
                        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
                        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
                        var evidenceId = Ids.Evidence(ap.Id, sha);
                        await evidence.Save(new EvidenceInfo(evidenceId, ap.Id, id, "rekap-" + c.Owner.ToLowerInvariant() + ".txt", EvidenceTypes.Text,
                            bytes.LongLength, sha, clock.GetUtcNow(), head.Subject), bytes);
                        evidenceIds = [evidenceId];
                    }
                    await meeting.ReportProgress(head, ap.Id, new ReportProgress($"seed-last-progress-{n}", c.Percent, c.Note ?? "Progres", evidenceIds));
                    if (c.State == nameof(ActionPointStatus.Done))
                        await meeting.Verify(secretariat, ap.Id, new VerifyActionPoint($"seed-last-verify-{n}", true, null));
                    break;
                case nameof(ActionPointStatus.Dropped):
                    await meeting.UpdateActionPoint(secretariat, ap.Id, ap.Version, new UpdateActionPoint($"seed-last-drop-{n}", null, null, null, null, null, null, null, null,
                        nameof(ActionPointStatus.Dropped), c.Reason));
                    break;
            }
        }
        return id;
    }
}
