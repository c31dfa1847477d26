using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using RakorLive.GrainInterfaces;
using RakorLive.Grains.Legacy;
using RakorLive.Model;
using RakorLive.Serialization;

namespace RakorLive.Storage;

/// <summary>
/// Upgrades a data directory or database written by the first release (Orleans' binary grain state in
/// orleans_storage, one row per meeting holding the whole meeting) at start-up, after the schema scripts and before
/// the silo starts, so nothing else reads or writes meanwhile:
/// <list type="bullet">
/// <item>every meeting becomes the start of its journal: a creation entry holding the meeting as it was (seq and
/// epoch included) and its join codes, one entry per remembered commandId (so old commandIds still replay), and its
/// retained events as the history before the first entry (so catch-up keeps working);</item>
/// <item>the agencies, users and meeting list are rewritten in the new format; the follow-up read model (every
/// commitment, and the agencies it names) and what the agency grains keep ("opd-v2") are written from the migrated
/// meetings.</item>
/// </list>
/// Every row is read before anything is written; a row that cannot be read stops the start with a message naming it.
/// The rows it rewrites are copied unchanged to rakorlive_legacy_storage first, the others stay where they are.
/// Done once per service: the row in rakorlive_migrations makes every later start a single query.
/// </summary>
public static partial class LegacyMigration
{
    public const string Name = "legacy-v1";

    /// <summary>Rows to leave out on purpose, e.g. <c>meeting/6196a3d2-…,opd/DLH</c> (state name / key), after a refused start.</summary>
    public const string ExcludeKey = "RakorLive:Upgrade:Exclude";

    private const int CommandTimeoutSeconds = 900;

    // PostgreSQL: nodes that start together wait for the first one's upgrade ("RAKORMIG" in ASCII).
    private const long AdvisoryLockKey = 0x52414B4F524D4947;

    // State names only the first release wrote; their rows are left as they are.
    private const string MeetingState = "meeting";
    private const string JoinCodeState = "joincode";
    private const string LedgerState = "opd";
    private static readonly string[] OnlyLegacy = [MeetingState, JoinCodeState, LedgerState, "actionpoint", "agendaitem"];

    // State names both releases use: a legacy row is rewritten in place (after its copy is kept).
    private const string OpdsState = "opds";
    private const string UsersState = "users";
    private const string MeetingsState = "meetings";

    // What an agency grain keeps now, next to the follow-up rows.
    private const string AgencyState = "opd-v2";

    private sealed record Row(string State, long N0, long N1, string Key, byte[]? Payload, int Version)
    {
        public string Name => $"{State}/{Key}";
    }

    /// <summary>A row of a state name both releases use, with the first release's state it holds (null: left out on purpose, or rebuilt).</summary>
    private sealed record Shared<TLegacy>(Row Row, TLegacy? Legacy) where TLegacy : class;

    /// <summary>Upgrades the store if the first release wrote it. False: a row cannot be read; the reason is logged and nothing was changed.</summary>
    public static async Task<bool> RunAsync(StorageSettings storage, string serviceId, IConfiguration configuration, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(LegacyMigration).FullName!);
        try
        {
            await RunCoreAsync(storage, serviceId, configuration, loggers, logger, ct);
            return true;
        }
        catch (UnreadableLegacyRowException e)
        {
            LogRefused(logger, e.Message);
            return false;
        }
    }

    private static async Task RunCoreAsync(StorageSettings storage, string serviceId, IConfiguration configuration, ILoggerFactory loggers, ILogger logger, CancellationToken ct)
    {
        await using var connection = await Open(storage, ct);
        if (connection is NpgsqlConnection)
            await Execute(connection, null, "SELECT pg_advisory_lock(@k)", ct, ("k", AdvisoryLockKey));
        try
        {
            if (await Scalar(connection, "SELECT COUNT(*) FROM rakorlive_migrations WHERE service_id = @s AND name = @n", ct, ("s", serviceId), ("n", Name)) > 0)
                return;
            await UpgradeAsync(storage, connection, serviceId, configuration, loggers, logger, ct);
        }
        finally
        {
            if (connection is NpgsqlConnection)
                await Execute(connection, null, "SELECT pg_advisory_unlock(@k)", CancellationToken.None, ("k", AdvisoryLockKey));
        }
    }

    private static async Task UpgradeAsync(StorageSettings storage, DbConnection connection, string serviceId, IConfiguration configuration,
        ILoggerFactory loggers, ILogger logger, CancellationToken ct)
    {
        var rows = await ReadRows(connection, serviceId, ct);
        // Every store this release starts on gets the mark at its first start (an empty one too), so a store without
        // it was written by the first release. Only development builds of this release, from before the upgrade
        // existed, wrote journals without the mark: their rows are this release's, and left alone.
        var wroteJournal = await Scalar(connection, "SELECT COUNT(*) FROM rakor_meeting_commands WHERE service_id = @s", ct, ("s", serviceId)) > 0;
        if (!rows.Any(r => OnlyLegacy.Contains(r.State)) && (wroteJournal || rows.Any(r => r.State == AgencyState)))
        {
            await WriteStates(storage, serviceId, [], "written by this release: nothing to upgrade", ct);
            return;
        }
        if (rows.Count == 0)
        {
            await WriteStates(storage, serviceId, [], "empty store: nothing to upgrade", ct);
            return;
        }

        var excluded = (configuration[ExcludeKey] ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToHashSet(StringComparer.Ordinal);
        await using var services = new ServiceCollection()
            .AddSerializer(builder => builder
                .AddAssembly(typeof(LegacyMeetingState).Assembly)
                .AddAssembly(typeof(UserAccount).Assembly)
                .AddRakorLiveContracts())
            .BuildServiceProvider();
        var serializer = new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>());

        // ---------- read everything first: a row that cannot be read stops the start before anything changed ----------
        var meetings = new List<(Row Row, LegacyMeetingState State)>();
        var joinCodes = new List<LegacyJoinCode>();
        foreach (var row in rows.Where(r => r.State is MeetingState or JoinCodeState))
        {
            if (row.Payload is null || IsExcluded(row, excluded, logger)) continue;
            if (row.State == MeetingState) meetings.Add((row, Read<LegacyMeetingState>(serializer, row, serviceId)));
            else if (Read<LegacyJoinCodeState>(serializer, row, serviceId).Code is { } code) joinCodes.Add(code);
        }
        var opds = ReadShared<LegacyOpdDirectoryState>(serializer, rows, OpdsState, excluded, serviceId, logger);
        var users = ReadShared<LegacyUserDirectoryState>(serializer, rows, UsersState, excluded, serviceId, logger);
        var ledgers = ReadShared<LegacyOpdState>(serializer, rows, LedgerState, excluded, serviceId, logger);
        // The meeting list is rebuilt from the meetings themselves; the old one only tells which meetings it listed.
        var directory = ReadShared<LegacyMeetingDirectoryState>(serializer, rows, MeetingsState, excluded, serviceId, logger, required: false);

        var now = DateTimeOffset.UtcNow;
        var imported = new List<LegacyConversion.ImportedMeeting>();
        foreach (var (row, state) in meetings)
        {
            try
            {
                imported.Add(LegacyConversion.Meeting(row.Key, state, joinCodes.Where(c => c.MeetingId == row.Key && state.JoinCodes.All(j => j.Code != c.Code)), now));
            }
            catch (InvalidDataException e)
            {
                throw Unreadable(row, serviceId, e);
            }
        }
        var migrated = imported.Select(m => m.Meeting.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var code in joinCodes.Where(c => !migrated.Contains(c.MeetingId)))
            LogNotMigrated(logger, $"join code {code.Code}", $"its meeting {code.MeetingId} is not migrated");
        foreach (var listed in directory.SelectMany(d => d.Legacy?.Meetings.Keys.AsEnumerable() ?? []).Where(id => !migrated.Contains(id)))
            LogNotMigrated(logger, $"meeting {listed} of the meeting list", "the meeting itself is not migrated");
        var commitments = imported.SelectMany(m => m.Meeting.ActionPoints).Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var shared in ledgers.Where(l => l.Legacy is not null))
            foreach (var entry in shared.Legacy!.Ledger.Values.Where(e => !commitments.Contains(e.ActionPointId)))
                LogNotMigrated(logger, $"commitment {entry.ActionPointId} in the ledger of {shared.Row.Key}", $"its meeting {entry.MeetingId} is not migrated");
        LogStarting(logger, imported.Count, opds.Count + users.Count + directory.Count, storage.Provider);

        // ---------- meetings into the journal, each in its own transaction (one already there was imported by an interrupted start) ----------
        var followUps = LegacyConversion.FollowUps(imported.Select(m => m.Meeting));
        var cluster = Options.Create(new ClusterOptions { ServiceId = serviceId });
        await using (var database = new AdoNetDatabase(storage))
        {
            var journal = new AdoNetMeetingJournal(database, cluster);
            foreach (var meeting in imported)
            {
                var id = meeting.Meeting.Id;
                if (await Scalar(connection, "SELECT COUNT(*) FROM rakor_meeting_commands WHERE service_id = @s AND meeting_id = @m", ct, ("s", serviceId), ("m", id)) > 0)
                {
                    LogAlreadyImported(logger, id);
                    continue;
                }
                await journal.Import(id, meeting.History, meeting.Entries, ct);
                LogMeeting(logger, id, meeting.Meeting.Title, meeting.Meeting.Status, meeting.Meeting.Seq, meeting.Meeting.Epoch, meeting.History.Count,
                    meeting.Entries.Count - 1, meeting.JoinCodes.Count, meeting.Meeting.ActionPoints.Count, meeting.LastVersion);
            }
            // The follow-up read model: the agencies' ledgers and the follow-up list (a row never goes back to an older version).
            if (followUps.Count > 0) await new AdoNetFollowUpStore(database, cluster).Upsert(followUps, ct);
        }

        // ---------- the states around the meetings, the copies of what they replace, and the mark: one transaction ----------
        var writes = new List<(Row? Existing, string State, string Key, byte[]? Payload)>();
        // A directory left out on purpose starts empty (payload NULL: the grain's fresh state); its old row is kept.
        foreach (var shared in opds)
            writes.Add((shared.Row, OpdsState, shared.Row.Key, shared.Legacy is { } legacy ? Bytes(serializer, LegacyConversion.Opds(legacy)) : null));
        foreach (var shared in users)
            writes.Add((shared.Row, UsersState, shared.Row.Key, shared.Legacy is { } legacy ? Bytes(serializer, LegacyConversion.Users(legacy)) : null));

        // The meeting list and the read models follow from the migrated meetings (the first release's could lag behind them).
        writes.Add((Existing(rows, MeetingsState, DirectoryKeys.Default), MeetingsState, DirectoryKeys.Default,
            Bytes(serializer, LegacyConversion.MeetingDirectory(imported))));
        foreach (var extra in directory.Where(d => d.Row.Key != DirectoryKeys.Default))
            writes.Add((extra.Row, MeetingsState, extra.Row.Key, null));

        // What each agency grain keeps of its old ledger: when its open commitments were first seen overdue.
        var agencies = LegacyConversion.Agencies(followUps,
            ledgers.Where(l => l.Legacy is not null).ToDictionary(l => l.Row.Key, l => l.Legacy!, StringComparer.Ordinal));
        foreach (var (code, state) in agencies.OrderBy(a => a.Key, StringComparer.Ordinal))
            writes.Add((Existing(rows, AgencyState, code), AgencyState, code, Bytes(serializer, state)));

        var summary = $"{imported.Count} meeting(s) ({imported.Sum(m => m.Meeting.ActionPoints.Count)} commitments, " +
            $"{imported.Sum(m => m.Entries.Count - 1)} commandIds, {imported.Sum(m => m.History.Count)} events, {imported.Sum(m => m.JoinCodes.Count)} join codes), " +
            $"{opds.Sum(o => o.Legacy?.Opds.Count ?? 0)} agencies, {users.Sum(u => u.Legacy?.Users.Count ?? 0)} users, " +
            $"{followUps.Count} follow-up rows, {ledgers.Count} agency ledgers" +
            (excluded.Count > 0 ? $"; left out on purpose ({ExcludeKey}): {string.Join(", ", excluded.Order(StringComparer.Ordinal))}" : "");
        await WriteStates(storage, serviceId, writes, summary, ct);
        LogDone(logger, summary);
    }

    // ---------- reading ----------

    /// <summary>The row a write replaces (a cleared one, with no payload, included), or null to insert one.</summary>
    private static Row? Existing(IReadOnlyList<Row> rows, string state, string key) => rows.FirstOrDefault(r => r.State == state && r.Key == key);

    private static async Task<List<Row>> ReadRows(DbConnection connection, string serviceId, CancellationToken ct)
    {
        var rows = new List<Row>();
        await using var command = Command(connection, null, """
            SELECT state_name, key_n0, key_n1, key_string, payload, version FROM orleans_storage
            WHERE service_id = @s AND state_name IN ('meeting', 'joincode', 'actionpoint', 'agendaitem', 'opd', 'opds', 'users', 'meetings', 'opd-v2')
            ORDER BY state_name, key_string
            """, ("s", serviceId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new Row(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3),
                await reader.IsDBNullAsync(4, ct) ? null : (byte[])reader.GetValue(4), Convert.ToInt32(reader.GetValue(5), CultureInfo.InvariantCulture)));
        }
        return rows;
    }

    private static T Read<T>(OrleansGrainStorageSerializer serializer, Row row, string serviceId)
    {
        try
        {
            return serializer.Deserialize<T>(new BinaryData(row.Payload!)) ?? throw new InvalidDataException("the row holds no state.");
        }
        catch (Exception e) when (e is not UnreadableLegacyRowException)
        {
            throw Unreadable(row, serviceId, e);
        }
    }

    /// <summary>
    /// The rows of a state name both releases use, each as the first release's state. A row left out on purpose has
    /// none (it is replaced by a fresh state); so has an unreadable one that is rebuilt anyway (<paramref name="required"/> false).
    /// </summary>
    private static List<Shared<TLegacy>> ReadShared<TLegacy>(OrleansGrainStorageSerializer serializer, IReadOnlyList<Row> rows, string state,
        HashSet<string> excluded, string serviceId, ILogger logger, bool required = true) where TLegacy : class
    {
        var result = new List<Shared<TLegacy>>();
        foreach (var row in rows.Where(r => r.State == state && r.Payload is not null))
        {
            if (IsExcluded(row, excluded, logger))
            {
                result.Add(new Shared<TLegacy>(row, null));
                continue;
            }
            try
            {
                result.Add(new Shared<TLegacy>(row, Read<TLegacy>(serializer, row, serviceId)));
            }
            catch (UnreadableLegacyRowException e) when (!required)
            {
                LogRebuilt(logger, row.Name, e.InnerException?.Message ?? e.Message);
                result.Add(new Shared<TLegacy>(row, null));
            }
        }
        return result;
    }

    private static bool IsExcluded(Row row, HashSet<string> excluded, ILogger logger)
    {
        if (!excluded.Contains(row.Name)) return false;
        LogExcluded(logger, row.Name);
        return true;
    }

    private static UnreadableLegacyRowException Unreadable(Row row, string serviceId, Exception e) => new(
        $"RakorLive cannot read a row written by the first release: orleans_storage row with service_id '{serviceId}', state_name '{row.State}', " +
        $"key '{row.Key}' (version {row.Version}): {e.GetType().Name}: {e.Message} " +
        "Nothing has been migrated or changed. Keep a copy of the data folder (SQLite) or a pg_dump of the database (PostgreSQL), then either " +
        "restore the copy you took before upgrading and start again, or start once with " +
        $"--{ExcludeKey}={row.Name} to upgrade everything else and leave this row out (it is kept, never deleted). " +
        "See README.md, 'Upgrading from the first release'.", e);

    private static byte[] Bytes<T>(OrleansGrainStorageSerializer serializer, T state) => serializer.Serialize(state).ToArray();

    // ---------- writing ----------

    private static async Task WriteStates(StorageSettings storage, string serviceId, IReadOnlyList<(Row? Existing, string State, string Key, byte[]? Payload)> writes,
        string summary, CancellationToken ct)
    {
        await using var connection = await Open(storage, ct);
        await using var transaction = connection is SqliteConnection sqlite ? sqlite.BeginTransaction(deferred: false) : await connection.BeginTransactionAsync(ct);
        var now = storage.Provider == StorageProvider.PostgreSQL ? "now()" : "strftime('%Y-%m-%d %H:%M:%f', 'now')";
        foreach (var (existing, state, key, payload) in writes)
        {
            if (existing is { } row)
            {
                // The first release's row, unchanged, before it is replaced.
                await Execute(connection, transaction, $"""
                    INSERT INTO rakorlive_legacy_storage (service_id, state_name, key_n0, key_n1, key_string, payload, version, modified_utc, copied_utc)
                    SELECT service_id, state_name, key_n0, key_n1, key_string, payload, version, modified_utc, {now} FROM orleans_storage
                    WHERE service_id = @s AND state_name = @n AND key_n0 = @n0 AND key_n1 = @n1 AND key_string = @k
                    ON CONFLICT (service_id, state_name, key_n0, key_n1, key_string) DO NOTHING
                    """, ct, ("s", serviceId), ("n", row.State), ("n0", row.N0), ("n1", row.N1), ("k", row.Key));
                var changed = await ExecuteCount(connection, transaction, $"""
                    UPDATE orleans_storage SET payload = @p, version = version + 1, modified_utc = {now}
                    WHERE service_id = @s AND state_name = @n AND key_n0 = @n0 AND key_n1 = @n1 AND key_string = @k AND version = @v
                    """, ct, ("s", serviceId), ("n", row.State), ("n0", row.N0), ("n1", row.N1), ("k", row.Key), ("v", row.Version), ("p", (object?)payload ?? DBNull.Value));
                if (changed != 1) throw new InvalidOperationException($"orleans_storage row {row.Name} changed while it was being upgraded; start again.");
            }
            else
            {
                await Execute(connection, transaction, $"""
                    INSERT INTO orleans_storage (service_id, state_name, key_n0, key_n1, key_string, payload, version, modified_utc)
                    VALUES (@s, @n, 0, 0, @k, @p, 1, {now})
                    """, ct, ("s", serviceId), ("n", state), ("k", key), ("p", (object?)payload ?? DBNull.Value));
            }
        }
        await Execute(connection, transaction, $"INSERT INTO rakorlive_migrations (service_id, name, applied_utc, summary) VALUES (@s, @n, {now}, @summary)",
            ct, ("s", serviceId), ("n", Name), ("summary", summary));
        await transaction.CommitAsync(ct);
    }

    // ---------- plumbing ----------

    private static async Task<DbConnection> Open(StorageSettings storage, CancellationToken ct)
    {
        DbConnection connection = storage.Provider == StorageProvider.PostgreSQL
            ? new NpgsqlConnection(storage.ConnectionString)
            : new SqliteConnection(storage.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        return connection;
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        // Reading a whole store, or waiting for another node's upgrade, takes longer than the connection string's
        // timeout for one grain's query.
        command.CommandTimeout = CommandTimeoutSeconds;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private static async Task Execute(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<int> ExecuteCount(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<long> Scalar(DbConnection connection, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, null, sql, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "Upgrading the data of the first release ({Provider}): {Meetings} meeting(s) into the journal, {Rows} directory row(s) to the new format")]
    private static partial void LogStarting(ILogger logger, int meetings, int rows, StorageProvider provider);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information,
        Message = "Meeting {MeetingId} '{Title}' ({Status}, seq {Seq}, epoch {Epoch}): {Events} events for catch-up, {Receipts} commandIds, {JoinCodes} join codes, {ActionPoints} commitments; journal versions 1-{Version}")]
    private static partial void LogMeeting(ILogger logger, string meetingId, string title, MeetingStatus status, long seq, long epoch, int events, int receipts,
        int joinCodes, int actionPoints, long version);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Meeting {MeetingId} is already in the journal (an earlier start imported it)")]
    private static partial void LogAlreadyImported(ILogger logger, string meetingId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Upgrade of the first release's data done: {Summary}. Its rows are kept (orleans_storage, rakorlive_legacy_storage).")]
    private static partial void LogDone(ILogger logger, string summary);

    [LoggerMessage(EventId = 5, Level = LogLevel.Critical, Message = "{Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Row {Row} is left out of the upgrade on purpose ({Key}); it is kept as it is")]
    private static partial void LogExcludedCore(ILogger logger, string row, string key);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Not migrated: {What}, because {Why} (its row is kept)")]
    private static partial void LogNotMigrated(ILogger logger, string what, string why);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Row {Row} cannot be read ({Reason}); it is rebuilt from the migrated meetings, the old row is kept")]
    private static partial void LogRebuilt(ILogger logger, string row, string reason);

    private static void LogExcluded(ILogger logger, string row) => LogExcludedCore(logger, row, ExcludeKey);
}

/// <summary>A row of the first release that the upgrade cannot read; its message names the row and what to do.</summary>
public sealed class UnreadableLegacyRowException(string message, Exception inner) : Exception(message, inner);
