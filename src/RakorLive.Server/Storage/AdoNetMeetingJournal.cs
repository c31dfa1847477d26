using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using RakorLive.Events;
using RakorLive.Grains.Meetings.Journal;
using RakorLive.Json;

namespace RakorLive.Server.Storage;

/// <summary>
/// The meeting journal over ADO.NET, on the same database as Orleans' own state (deploy/sql/*/020-meeting-journal.sql).
/// Every write of the silo (appends, snapshots, outbox positions, of all meetings) goes through one writer that takes
/// whatever has queued up while the previous transaction ran and commits it as one transaction: on SQLite, which
/// has one writer and an fsync per commit, that is what keeps many busy meetings bounded by the disk rather than by
/// one round trip per command. A transaction that fails is retried write by write, so one meeting's conflict does
/// not refuse its neighbours'.
/// </summary>
public sealed partial class AdoNetMeetingJournal : IMeetingJournal, IAsyncDisposable
{
    private const int MaxWritesPerTransaction = 256;

    private readonly StorageSettings _settings;
    private readonly DbProviderFactory _factory;
    private readonly string _serviceId;
    private readonly ILogger<AdoNetMeetingJournal> _logger;
    private readonly Channel<Write> _queue = Channel.CreateUnbounded<Write>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public AdoNetMeetingJournal(StorageSettings settings, IOptions<ClusterOptions> cluster, ILogger<AdoNetMeetingJournal> logger)
    {
        _settings = settings;
        _serviceId = cluster.Value.ServiceId;
        _logger = logger;
        _factory = settings.Provider == StorageProvider.PostgreSQL ? NpgsqlFactory.Instance : SqliteFactory.Instance;
        _writer = Task.Run(WriteLoop);
    }

    private abstract record Write
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record AppendWrite(string MeetingId, long ExpectedVersion, IReadOnlyList<JournalEntry> Entries) : Write;

    private sealed record SnapshotWrite(string MeetingId, long Version, string Json) : Write;

    private sealed record PositionWrite(string MeetingId, long Version) : Write;

    /// <summary>What the commands row holds besides its receipt columns.</summary>
    private sealed record EntryBody(string RecordedBy, IReadOnlyList<MeetingFact> Facts, IReadOnlyList<OutboxItem> Outbox, IReadOnlyList<string> Created);

    // ---------- writes ----------

    public Task Append(string meetingId, long expectedVersion, IReadOnlyList<JournalEntry> entries, CancellationToken cancellationToken = default) =>
        Enqueue(new AppendWrite(meetingId, expectedVersion, entries));

    public Task WriteSnapshot(string meetingId, long version, string snapshotJson, CancellationToken cancellationToken = default) =>
        Enqueue(new SnapshotWrite(meetingId, version, snapshotJson));

    public Task SaveOutboxPosition(string meetingId, long version, CancellationToken cancellationToken = default) =>
        Enqueue(new PositionWrite(meetingId, version));

    private Task Enqueue(Write write)
    {
        if (!_queue.Writer.TryWrite(write)) throw new ObjectDisposedException(nameof(AdoNetMeetingJournal));
        return write.Done.Task;
    }

    private async Task WriteLoop()
    {
        var batch = new List<Write>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxWritesPerTransaction && _queue.Reader.TryRead(out var write)) batch.Add(write);
            try
            {
                await WriteAll(batch);
                foreach (var write in batch) write.Done.TrySetResult();
            }
            catch (Exception) when (batch.Count > 1)
            {
                // Find the culprit: each write on its own, so the others still land.
                foreach (var write in batch)
                {
                    try
                    {
                        await WriteAll([write]);
                        write.Done.TrySetResult();
                    }
                    catch (Exception e)
                    {
                        write.Done.TrySetException(Translate(e, write));
                    }
                }
            }
            catch (Exception e)
            {
                batch[0].Done.TrySetException(Translate(e, batch[0]));
            }
        }
    }

    private async Task WriteAll(IReadOnlyList<Write> writes)
    {
        await using var connection = await Open(CancellationToken.None);
        // SQLite: take the write lock up front; a deferred transaction that read first could not upgrade once another
        // connection (Orleans' own storage) has written meanwhile.
        await using var transaction = connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: false)
            : await connection.BeginTransactionAsync();
        foreach (var write in writes)
        {
            switch (write)
            {
                case AppendWrite append:
                    await WriteAppend(connection, transaction, append);
                    break;
                case SnapshotWrite snapshot:
                    await Execute(connection, transaction, """
                        INSERT INTO rakor_meeting_snapshots (service_id, meeting_id, version, written_at, payload)
                        VALUES (@s, @m, @v, @at, @p)
                        ON CONFLICT (service_id, meeting_id) DO UPDATE SET version = excluded.version, written_at = excluded.written_at, payload = excluded.payload
                        WHERE rakor_meeting_snapshots.version < excluded.version
                        """, ("s", _serviceId), ("m", snapshot.MeetingId), ("v", snapshot.Version), ("at", Iso(DateTimeOffset.UtcNow)), ("p", snapshot.Json));
                    break;
                case PositionWrite position:
                    await Execute(connection, transaction, """
                        INSERT INTO rakor_meeting_outbox (service_id, meeting_id, version) VALUES (@s, @m, @v)
                        ON CONFLICT (service_id, meeting_id) DO UPDATE SET version = excluded.version
                        WHERE rakor_meeting_outbox.version < excluded.version
                        """, ("s", _serviceId), ("m", position.MeetingId), ("v", position.Version));
                    break;
            }
        }
        await transaction.CommitAsync();
    }

    private async Task WriteAppend(DbConnection connection, DbTransaction transaction, AppendWrite append)
    {
        // The primary keys (meeting, version) and (meeting, seq) and the unique commandId make a second writer fail
        // here rather than fork the meeting; the version check catches one that is behind without colliding.
        var last = await Scalar(connection, transaction,
            "SELECT COALESCE(MAX(version), 0) FROM rakor_meeting_commands WHERE service_id = @s AND meeting_id = @m",
            ("s", _serviceId), ("m", append.MeetingId));
        if (last != append.ExpectedVersion)
            throw new JournalConflictException($"Meeting {append.MeetingId} is at version {last} in storage, not {append.ExpectedVersion}.");
        foreach (var entry in append.Entries)
        {
            var body = JsonSerializer.Serialize(new EntryBody(entry.RecordedBy, entry.Facts, entry.Outbox, entry.Created), RakorLiveJson.Options);
            await Execute(connection, transaction, """
                INSERT INTO rakor_meeting_commands (service_id, meeting_id, version, command_id, kind, entity_id, seq, recorded_at, body)
                VALUES (@s, @m, @v, @c, @k, @e, @q, @at, @b)
                """, ("s", _serviceId), ("m", append.MeetingId), ("v", entry.Version), ("c", entry.CommandId), ("k", entry.Kind),
                ("e", entry.EntityId), ("q", entry.Seq), ("at", Iso(entry.RecordedAt)), ("b", body));
            foreach (var evt in entry.Events)
            {
                await Execute(connection, transaction, """
                    INSERT INTO rakor_meeting_events (service_id, meeting_id, seq, epoch, version, type, occurred_at, payload)
                    VALUES (@s, @m, @q, @ep, @v, @t, @at, @p)
                    """, ("s", _serviceId), ("m", append.MeetingId), ("q", evt.Seq), ("ep", evt.Epoch), ("v", entry.Version), ("t", evt.Type),
                    ("at", Iso(evt.OccurredAt)), ("p", JsonSerializer.Serialize(evt, RakorLiveJson.Options)));
            }
            foreach (var id in entry.Created)
            {
                await Execute(connection, transaction, """
                    INSERT INTO rakor_entity_owners (service_id, entity_id, meeting_id) VALUES (@s, @e, @m)
                    ON CONFLICT (service_id, entity_id) DO NOTHING
                    """, ("s", _serviceId), ("e", id), ("m", append.MeetingId));
            }
        }
    }

    private Exception Translate(Exception e, Write write) => IsUniqueViolation(e) && write is AppendWrite append
        ? new JournalConflictException($"Meeting {append.MeetingId}: another writer appended the same versions or commandIds first.", e)
        : e;

    private static bool IsUniqueViolation(Exception e) => e switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 19,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

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

    private async Task<DbConnection> Open(CancellationToken cancellationToken)
    {
        var connection = _factory.CreateConnection() ?? throw new InvalidOperationException($"{_settings.Provider} has no connection factory.");
        connection.ConnectionString = _settings.ConnectionString;
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        return connection;
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private static async Task Execute(DbConnection connection, DbTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> Scalar(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static MeetingEvent ReadEvent(string json) =>
        JsonSerializer.Deserialize<MeetingEvent>(json, RakorLiveJson.Options) ?? throw new JsonException("Empty meeting event row.");

    private static string Iso(DateTimeOffset instant) => instant.ToString("O", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
