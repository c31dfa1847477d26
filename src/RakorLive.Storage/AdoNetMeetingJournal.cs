using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using RakorLive.Events;
using RakorLive.Grains.Meetings.Journal;
using RakorLive.Json;

namespace RakorLive.Storage;

/// <summary>
/// The meeting journal over ADO.NET, on the same database as Orleans' own state (deploy/sql/*/020-meeting-journal.sql).
/// Appends and outbox positions go through the database's journal writer (<see cref="AdoNetDatabase"/>, <see cref="WriteLane.Journal"/>),
/// so appends of concurrent commands and meetings share one transaction; snapshots through the lane of what outboxes write after the reply.
/// </summary>
public sealed class AdoNetMeetingJournal(AdoNetDatabase database, IOptions<ClusterOptions> cluster) : IMeetingJournal
{
    private readonly string _serviceId = cluster.Value.ServiceId;

    /// <summary>What the commands row holds besides its receipt columns.</summary>
    private sealed record EntryBody(string RecordedBy, IReadOnlyList<MeetingFact> Facts, IReadOnlyList<OutboxItem> Outbox, IReadOnlyList<string> Created);

    // ---------- writes ----------

    public Task Append(string meetingId, long expectedVersion, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default)
    {
        RequireFollows(meetingId, expectedVersion, entries);
        return database.Enqueue(WriteLane.Journal, (c, t) => WriteAppend(c, t, meetingId, entries), e => AdoNetDatabase.IsUniqueViolation(e)
            ? new JournalConflictException($"Meeting {meetingId}: another writer appended the same versions or commandIds first.", e)
            : e);
    }

    // Checked before queueing: inside the shared transaction a malformed append would fail other meetings' writes too.
    private static void RequireFollows(string meetingId, long expectedVersion, IReadOnlyList<JournalEntry> entries)
    {
        if (entries.Count == 0 || entries[0].Version != expectedVersion + 1)
            throw new InvalidOperationException($"Meeting {meetingId}: entries must follow version {expectedVersion}.");
    }

    public Task WriteSnapshot(string meetingId, long version, string snapshotJson, CancellationToken cancellationToken = default) =>
        database.Enqueue(WriteLane.ReadModel, (c, t) => Execute(c, t, """
            INSERT INTO rakor_meeting_snapshots (service_id, meeting_id, version, written_at, payload)
            VALUES (@s, @m, @v, @at, @p)
            ON CONFLICT (service_id, meeting_id) DO UPDATE SET version = excluded.version, written_at = excluded.written_at, payload = excluded.payload
            WHERE rakor_meeting_snapshots.version < excluded.version
            """, ("s", _serviceId), ("m", meetingId), ("v", version), ("at", Iso(DateTimeOffset.UtcNow)), ("p", snapshotJson)));

    public Task SaveOutboxPosition(string meetingId, long version, CancellationToken cancellationToken = default) =>
        database.Enqueue(WriteLane.Journal, (c, t) => Execute(c, t, """
            INSERT INTO rakor_meeting_outbox (service_id, meeting_id, version) VALUES (@s, @m, @v)
            ON CONFLICT (service_id, meeting_id) DO UPDATE SET version = excluded.version
            WHERE rakor_meeting_outbox.version < excluded.version
            """, ("s", _serviceId), ("m", meetingId), ("v", version)), timing: WriteTiming.Gathered);

    /// <summary>
    /// Starts the journal of a meeting the first release wrote (LegacyMigration, before the silo runs), in one
    /// transaction: the entries, its retained events as the history before the first entry (version 0, so the fold
    /// never applies them again: the entries already hold the meeting they led to, while catch-up still answers them),
    /// and the outbox position past the entries (the migration writes their side effects itself). Fails if the
    /// meeting already has a journal.
    /// </summary>
    public Task Import(string meetingId, IReadOnlyList<MeetingEvent> history, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default)
    {
        RequireFollows(meetingId, 0, entries);
        return database.Enqueue(WriteLane.Journal, async (c, t) =>
        {
            await WriteAppend(c, t, meetingId, entries);
            foreach (var evt in history)
            {
                await Execute(c, t, """
                    INSERT INTO rakor_meeting_events (service_id, meeting_id, seq, epoch, version, type, occurred_at, payload)
                    VALUES (@s, @m, @q, @ep, 0, @t, @at, @p)
                    """, ("s", _serviceId), ("m", meetingId), ("q", evt.Seq), ("ep", evt.Epoch), ("t", evt.Type),
                    ("at", Iso(evt.OccurredAt)), ("p", JsonSerializer.Serialize(evt, RakorLiveJson.Options)));
            }
            await Execute(c, t, "INSERT INTO rakor_meeting_outbox (service_id, meeting_id, version) VALUES (@s, @m, @v)",
                ("s", _serviceId), ("m", meetingId), ("v", entries[^1].Version));
        });
    }

    private async Task WriteAppend(DbConnection connection, DbTransaction transaction, string meetingId, IReadOnlyList<JournalEntry> entries)
    {
        // Entries follow the version the writer read (RequireFollows): the primary keys (meeting, version) and (meeting, seq) and the unique
        // commandId make a second writer, or one that is behind, fail here (a conflict) rather than fork the meeting.
        // One statement per table for the whole group, sent together: on PostgreSQL round trips are the cost.
        var commands = AdoNetDatabase.RowInserts(
            "rakor_meeting_commands (service_id, meeting_id, version, command_id, kind, entity_id, seq, recorded_at, body)", "", _serviceId,
            entries.Select(entry => new object?[]
            {
                meetingId, entry.Version, entry.CommandId, entry.Kind, entry.EntityId, entry.Seq, Iso(entry.RecordedAt),
                JsonSerializer.Serialize(new EntryBody(entry.RecordedBy, entry.Facts, entry.Outbox, entry.Created), RakorLiveJson.Options),
            }));
        var events = AdoNetDatabase.RowInserts(
            "rakor_meeting_events (service_id, meeting_id, seq, epoch, version, type, occurred_at, payload)", "", _serviceId,
            entries.SelectMany(entry => entry.Events.Select(evt => new object?[]
            {
                meetingId, evt.Seq, evt.Epoch, entry.Version, evt.Type, Iso(evt.OccurredAt), JsonSerializer.Serialize(evt, RakorLiveJson.Options),
            })));
        var owners = AdoNetDatabase.RowInserts(
            "rakor_entity_owners (service_id, entity_id, meeting_id)", "ON CONFLICT (service_id, entity_id) DO NOTHING", _serviceId,
            entries.SelectMany(entry => entry.Created).Distinct(StringComparer.Ordinal).Select(id => new object?[] { id, meetingId }));
        await AdoNetDatabase.ExecuteAll(connection, transaction, [.. commands, .. events, .. owners]);
    }

    // ---------- reads ----------

    public async Task<JournalLoad> Load(string meetingId, int recentEvents, CancellationToken cancellationToken = default)
    {
        await using var connection = await Open(cancellationToken);
        long snapshotVersion = 0;
        string? snapshotJson = null;
        await using (var command = Command(connection, null,
            "SELECT version, payload FROM rakor_meeting_snapshots WHERE service_id = @s AND meeting_id = @m", ("s", _serviceId), ("m", meetingId)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                snapshotVersion = reader.GetInt64(0);
                snapshotJson = reader.GetString(1);
            }
        }
        var position = await Scalar(connection, null,
            "SELECT COALESCE(MAX(version), 0) FROM rakor_meeting_outbox WHERE service_id = @s AND meeting_id = @m", ("s", _serviceId), ("m", meetingId));
        var entries = await ReadEntries(connection, meetingId, Math.Min(snapshotVersion, position), long.MaxValue, cancellationToken);
        var recent = new List<MeetingEvent>();
        await using (var command = Command(connection, null, """
            SELECT payload FROM rakor_meeting_events WHERE service_id = @s AND meeting_id = @m ORDER BY seq DESC LIMIT @n
            """, ("s", _serviceId), ("m", meetingId), ("n", (long)recentEvents)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken)) recent.Add(ReadEvent(reader.GetString(0)));
        }
        recent.Reverse();
        return new JournalLoad(snapshotVersion, snapshotJson, entries, recent, position);
    }

    public async Task<IReadOnlyList<JournalEntry>> ReadEntries(string meetingId, long fromVersion, long toVersion, CancellationToken cancellationToken = default)
    {
        await using var connection = await Open(cancellationToken);
        return await ReadEntries(connection, meetingId, fromVersion, toVersion, cancellationToken);
    }

    private async Task<IReadOnlyList<JournalEntry>> ReadEntries(DbConnection connection, string meetingId, long fromVersion, long toVersion, CancellationToken ct)
    {
        var events = new Dictionary<long, List<MeetingEvent>>();
        await using (var command = Command(connection, null, """
            SELECT version, payload FROM rakor_meeting_events
            WHERE service_id = @s AND meeting_id = @m AND version > @from AND version <= @to ORDER BY seq
            """, ("s", _serviceId), ("m", meetingId), ("from", fromVersion), ("to", toVersion)))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var version = reader.GetInt64(0);
                if (!events.TryGetValue(version, out var list)) events[version] = list = [];
                list.Add(ReadEvent(reader.GetString(1)));
            }
        }
        var entries = new List<JournalEntry>();
        await using (var command = Command(connection, null, """
            SELECT version, command_id, kind, entity_id, seq, recorded_at, body FROM rakor_meeting_commands
            WHERE service_id = @s AND meeting_id = @m AND version > @from AND version <= @to ORDER BY version
            """, ("s", _serviceId), ("m", meetingId), ("from", fromVersion), ("to", toVersion)))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var version = reader.GetInt64(0);
                var body = JsonSerializer.Deserialize<EntryBody>(reader.GetString(6), RakorLiveJson.Options)
                    ?? throw new JsonException($"Meeting {meetingId} version {version} has an empty body.");
                entries.Add(new JournalEntry(version, reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4),
                    DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture), body.RecordedBy,
                    events.GetValueOrDefault(version) ?? [], body.Facts, body.Outbox, body.Created));
            }
        }
        return entries;
    }

    public async Task<IReadOnlyList<MeetingEvent>> ReadEvents(string meetingId, long afterSeq, int max, CancellationToken cancellationToken = default)
    {
        await using var connection = await Open(cancellationToken);
        await using var command = Command(connection, null, """
            SELECT payload FROM rakor_meeting_events WHERE service_id = @s AND meeting_id = @m AND seq > @after ORDER BY seq LIMIT @n
            """, ("s", _serviceId), ("m", meetingId), ("after", afterSeq), ("n", (long)max));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<MeetingEvent>();
        while (await reader.ReadAsync(cancellationToken)) events.Add(ReadEvent(reader.GetString(0)));
        return events;
    }

    public async Task<string?> FindOwner(string entityId, CancellationToken cancellationToken = default)
    {
        await using var connection = await Open(cancellationToken);
        await using var command = Command(connection, null,
            "SELECT meeting_id FROM rakor_entity_owners WHERE service_id = @s AND entity_id = @e", ("s", _serviceId), ("e", entityId));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    // ---------- plumbing ----------

    private Task<DbConnection> Open(CancellationToken cancellationToken) => database.Open(cancellationToken);

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters) =>
        AdoNetDatabase.Command(connection, transaction, sql, parameters);

    private static Task<int> Execute(DbConnection connection, DbTransaction transaction, string sql, params (string Name, object? Value)[] parameters) =>
        AdoNetDatabase.Execute(connection, transaction, sql, parameters);

    private static Task<long> Scalar(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters) =>
        AdoNetDatabase.Scalar(connection, transaction, sql, parameters);

    private static string Iso(DateTimeOffset instant) => AdoNetDatabase.Iso(instant);

    private static MeetingEvent ReadEvent(string json) =>
        JsonSerializer.Deserialize<MeetingEvent>(json, RakorLiveJson.Options) ?? throw new JsonException("Empty meeting event row.");
}
