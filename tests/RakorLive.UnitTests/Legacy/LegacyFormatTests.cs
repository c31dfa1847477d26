using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using RakorLive.Grains.Legacy;
using RakorLive.Grains.Meetings;
using RakorLive.Model;
using RakorLive.Serialization;

namespace RakorLive.UnitTests.Legacy;

/// <summary>
/// The copies of the first release's types (src/RakorLive.Grains/Legacy) against the rows that release really wrote
/// (tests/fixtures/legacy-v1/sqlite, made by running commit ab4a55f): each row reads, and writing what was read gives
/// back the very same bytes, so every [Id], type and alias the rows depend on is the first release's. Then the
/// conversion: a meeting's journal entries fold into exactly the meeting it was, with every commandId remembered.
/// </summary>
public sealed class LegacyFormatTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(LegacyMeetingState).Assembly).AddAssembly(typeof(UserAccount).Assembly).AddRakorLiveContracts())
        .BuildServiceProvider();

    private OrleansGrainStorageSerializer Serializer => new(_services.GetRequiredService<Serializer>());

    public static TheoryData<string> States => new() { "meeting", "joincode", "opds", "users", "opd", "meetings" };

    [Theory]
    [MemberData(nameof(States))]
    public void EveryFirstReleaseRow_Reads_AndWritesBackTheSameBytes(string state)
    {
        var rows = Rows(state);
        Assert.NotEmpty(rows);
        foreach (var (key, payload) in rows)
        {
            var again = state switch
            {
                "meeting" => RoundTrip<LegacyMeetingState>(payload),
                "joincode" => RoundTrip<LegacyJoinCodeState>(payload),
                "opds" => RoundTrip<LegacyOpdDirectoryState>(payload),
                "users" => RoundTrip<LegacyUserDirectoryState>(payload),
                "opd" => RoundTrip<LegacyOpdState>(payload),
                "meetings" => RoundTrip<LegacyMeetingDirectoryState>(payload),
                _ => throw new ArgumentOutOfRangeException(nameof(state)),
            };
            Assert.True(payload.AsSpan().SequenceEqual(again), $"{state}/{key}: the copy of the first release's type writes other bytes than it read");
        }
    }

    [Fact]
    public void AMeetingsJournalEntries_FoldIntoTheMeetingItWas_WithEveryCommandIdRemembered()
    {
        foreach (var (key, payload) in Rows("meeting"))
        {
            var legacy = Read<LegacyMeetingState>(payload);
            var imported = LegacyConversion.Meeting(key, legacy, [], DateTimeOffset.UnixEpoch);

            var model = imported.Entries.Aggregate(MeetingModel.Empty, (m, e) => m.Apply(e));
            Assert.Equal(Json(imported.Meeting), Json(model.Meeting));
            Assert.Equal((legacy.Seq, legacy.Epoch), (model.Seq, model.Epoch));
            Assert.Equal(imported.Entries.Count, model.Version);
            foreach (var (commandId, receipt) in legacy.Receipts)
                Assert.Equal((receipt.Kind, receipt.EntityId, receipt.Seq), (model.Receipts[commandId].Kind, model.Receipts[commandId].EntityId, model.Receipts[commandId].Seq));
            Assert.Equal(legacy.JoinCodes.Select(c => c.Code), model.JoinCodes.Select(c => c.Code));

            // The retained events, replayed on the meeting as it was before them, give the meeting as it is: nothing lost, nothing doubled.
            Assert.Equal(Enumerable.Range(1, (int)legacy.Seq).Select(i => (long)i), imported.History.Select(e => e.Seq));
            var start = imported.Meeting with { Agenda = [], ActionPoints = [], Attendance = [], Status = MeetingStatus.Scheduled, StartedAt = null, ClosedAt = null, CurrentItemId = null, Seq = 0 };
            var replayed = imported.History.Aggregate(start, Events.MeetingProjection.Apply);
            Assert.Equal(Json(imported.Meeting), Json(replayed));
        }
    }

    [Fact]
    public void TheFollowUpRows_NameTheAgenciesOfEachCommitment_AndTheAgenciesKeepWhenAnOpenItemWasFirstSeenOverdue()
    {
        var meetings = Rows("meeting").Select(r => LegacyConversion.Meeting(r.Key, Read<LegacyMeetingState>(r.Payload), [], DateTimeOffset.UnixEpoch).Meeting).ToList();
        var oldLedgers = Rows("opd").ToDictionary(r => r.Key, r => Read<LegacyOpdState>(r.Payload));
        var followUps = LegacyConversion.FollowUps(meetings);
        Assert.Equal(meetings.SelectMany(m => m.ActionPoints).Select(a => a.Id).Order(), followUps.Select(f => f.ActionPoint.Id).Order());

        // Every agency of an old ledger finds there exactly the commitments that still name it (the first release
        // untracked an agency a commitment stopped naming).
        foreach (var (code, old) in oldLedgers)
        {
            var named = followUps.Where(f => f.Agencies.Any(a => a.Opd == code)).Select(f => f.ActionPoint.Id).Order();
            Assert.Equal(old.Ledger.Keys.Order(), named);
            foreach (var entry in old.Ledger.Values)
            {
                var row = followUps.Single(f => f.ActionPoint.Id == entry.ActionPointId);
                Assert.Equal(entry.Role, row.Agencies.Single(a => a.Opd == code).Role);
                Assert.Equal(entry.Status.ToString(), row.ActionPoint.Status.ToString());
                Assert.Equal(entry.TimeZone, row.TimeZone);
            }
        }

        var open = followUps.First(f => f.ActionPoint.Status == ActionPointStatus.Open).ActionPoint;
        var dropped = followUps.First(f => f.ActionPoint.Status == ActionPointStatus.Dropped).ActionPoint;
        var since = new DateTimeOffset(2026, 12, 20, 17, 1, 0, TimeSpan.Zero);
        oldLedgers[open.OwnerOpd].OverdueSince[open.Id] = since;
        oldLedgers[dropped.OwnerOpd].OverdueSince[dropped.Id] = since;
        var agencies = LegacyConversion.Agencies(followUps, oldLedgers);
        Assert.Equal(since, agencies[open.OwnerOpd].OverdueSince[open.Id]);
        Assert.False(agencies.TryGetValue(dropped.OwnerOpd, out var owner) && owner.OverdueSince.ContainsKey(dropped.Id), "a dropped commitment is not overdue");
    }

    [Fact]
    public void TheCopies_DoNotTakeOverTheNamesOfTheNewTypes_InGrainCalls()
    {
        // The copies carry the first release's aliases; the wire records of this release must still travel as themselves.
        var serializer = _services.GetRequiredService<Serializer>();
        var (_, payload) = Rows("meeting").First();
        var meeting = LegacyConversion.Meeting("m", Read<LegacyMeetingState>(payload), [], DateTimeOffset.UnixEpoch);
        object[] values = [meeting.Meeting, meeting.Meeting.ActionPoints[0], meeting.History[^1], meeting.History[^1].Data, meeting.JoinCodes.ToList(),
            new UserAccount("u", "U", Role.OpdHead, "PUPR", "hash", DateTimeOffset.UnixEpoch), new LedgerEntry("a", "m", new DateOnly(2026, 12, 1), ActionPointStatus.Open, "Lead", "Asia/Jakarta"),
            new RakorLive.Grains.Agencies.OpdState { OverdueSince = { ["a"] = DateTimeOffset.UnixEpoch } }];
        foreach (var value in values)
        {
            var copy = serializer.Deserialize<object>(serializer.SerializeToArray<object>(value));
            Assert.Equal(value.GetType(), copy?.GetType());
            Assert.Equal(Json(value), Json(copy));
        }
    }

    [Fact]
    public void AStatusTheFirstReleaseNeverHad_IsReportedAsDamage()
    {
        var (key, payload) = Rows("meeting").First();
        var legacy = Read<LegacyMeetingState>(payload);
        legacy.Status = (LegacyMeetingStatus)7;
        var damage = Assert.Throws<InvalidDataException>(() => LegacyConversion.Meeting(key, legacy, [], DateTimeOffset.UnixEpoch));
        Assert.Contains("MeetingStatus value 7", damage.Message);
    }

    private byte[] RoundTrip<T>(byte[] payload) => Serializer.Serialize(Read<T>(payload)).ToArray();

    private T Read<T>(byte[] payload) => Serializer.Deserialize<T>(new BinaryData(payload)) ?? throw new InvalidDataException("empty row");

    private static string Json<T>(T value) => System.Text.Json.JsonSerializer.Serialize(value, RakorLive.Json.RakorLiveJson.Options);

    private static List<(string Key, byte[] Payload)> Rows(string state)
    {
        DirectoryInfo? root = new(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "RakorLive.sln"))) root = root.Parent;
        var fixture = Path.Combine((root ?? throw new InvalidOperationException("RakorLive.sln not found")).FullName, "tests", "fixtures", "legacy-v1", "sqlite", "data", "rakorlive.db");
        // A copy: SQLite opens a WAL database with files next to it, even to read, and the fixture stays as the first release left it.
        var database = Path.Combine(Path.GetTempPath(), $"rakorlive-legacy-{Guid.NewGuid():N}.db");
        File.Copy(fixture, database);
        try
        {
            return Read(database, state);
        }
        finally
        {
            foreach (var file in new[] { database, database + "-wal", database + "-shm" }) File.Delete(file);
        }
    }

    private static List<(string Key, byte[] Payload)> Read(string database, string state)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT key_string, payload FROM orleans_storage WHERE state_name = $s AND payload IS NOT NULL ORDER BY key_string";
        command.Parameters.AddWithValue("$s", state);
        using var reader = command.ExecuteReader();
        var rows = new List<(string, byte[])>();
        while (reader.Read()) rows.Add((reader.GetString(0), (byte[])reader[1]));
        return rows;
    }

    public void Dispose() => _services.Dispose();
}
