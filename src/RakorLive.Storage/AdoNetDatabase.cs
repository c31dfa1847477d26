using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace RakorLive.Storage;

/// <summary>
/// RakorLive's own tables on the configured engine, and the writers that every write to them goes through. A writer
/// takes whatever has queued up on its lane while its previous transaction ran (appends of all meetings, snapshots,
/// outbox positions, read-model rows) and commits it as one transaction (group commit). SQLite has one writer lock and
/// an fsync per commit, so all lanes share one writer there and many busy meetings are bounded by the disk rather than
/// by one transaction per command. PostgreSQL takes concurrent transactions, and its cost is the round trips of each
/// statement: there each lane has its own writer, so a command's append never queues behind the statements of the
/// read models it caused. A transaction that fails on a unique key is retried write by write, so one write's conflict
/// does not refuse its neighbours'.
/// </summary>
public sealed class AdoNetDatabase : IAsyncDisposable
{
    private const int MaxWritesPerTransaction = 512;

    /// <summary>
    /// How long read-model writes (and the journal's gathered ones) wait for company before they commit. Each transaction
    /// rewrites the pages it touches (for the follow-up list: its indexes, the counts, a new segment of the search index)
    /// and syncs them; gathered, the writes of a tenth of a second share transactions instead of taking one each, and
    /// the appends that acknowledgements wait for meet fewer transactions ahead of them. The list is that much later;
    /// no acknowledgement waits for it.
    /// </summary>
    public static readonly TimeSpan Gathering = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Gathered writes per transaction: what an append that arrives meanwhile may have to wait for (a follow-up row costs
    /// about 0.7 ms of the writer on SQLite).
    /// </summary>
    private const int GatheredShare = 4;

    private readonly DbProviderFactory _factory;
    private readonly Writer[] _writers;

    // Only SQLite's one writer gathers writes and lets them ride along: on PostgreSQL each lane has its own writer, whose transaction already takes
    // whatever queued meanwhile, and an append never waits behind another lane's statements.
    private readonly bool _gathers;

    public AdoNetDatabase(StorageSettings settings)
    {
        Settings = settings;
        _factory = settings.Provider == StorageProvider.PostgreSQL ? NpgsqlFactory.Instance : SqliteFactory.Instance;
        _gathers = settings.Provider == StorageProvider.Sqlite;
        var lanes = Enum.GetValues<WriteLane>().Length;
        if (settings.Provider == StorageProvider.PostgreSQL)
        {
            _writers = new Writer[lanes];
            for (var i = 0; i < lanes; i++) _writers[i] = new Writer(this, null);
        }
        else
        {
            _writerThread = new DedicatedThreadScheduler("SQLite writer");
            _checkpointThread = new DedicatedThreadScheduler("SQLite checkpoints");
            var one = new Writer(this, _writerThread);
            _writers = Enumerable.Repeat(one, lanes).ToArray();
            _checkpoints = _checkpointThread.Run(CheckpointLoop);
        }
    }

    /// <summary>How often SQLite's WAL is copied back into the file, beside the writer (<see cref="CheckpointLoop"/>).</summary>
    public static readonly TimeSpan CheckpointEvery = TimeSpan.FromMilliseconds(250);

    private readonly CancellationTokenSource _stopping = new();
    private readonly Task? _checkpoints;

    // SQLite only: its blocking writer and checkpoints each on a thread of their own; PostgreSQL's I/O is truly asynchronous.
    private readonly DedicatedThreadScheduler? _writerThread;
    private readonly DedicatedThreadScheduler? _checkpointThread;

    /// <summary>
    /// SQLite copies its WAL back into the file (a checkpoint, with an fsync of the file) inside whichever commit finds the WAL
    /// past 1,000 pages: that commit, and every acknowledgement queued behind it, then waits for the copy. A connection of its
    /// own checkpoints passively a few times a second instead, beside the writer and never blocking it, so the commits rarely
    /// find the WAL that long (in steady, 3.5% of the journal's writes took over 10 ms while they did the copying themselves).
    /// </summary>
    private async Task CheckpointLoop()
    {
        using var timer = new PeriodicTimer(CheckpointEvery);
        DbConnection? connection = null;
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                try
                {
                    connection ??= await Open(_stopping.Token);
                    await using var checkpoint = connection.CreateCommand();
                    checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
                    await checkpoint.ExecuteNonQueryAsync(_stopping.Token);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Tried again at the next tick on a fresh connection; until then the commits checkpoint as SQLite does by default.
                    if (connection is not null) await connection.DisposeAsync();
                    connection = null;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            if (connection is not null) await connection.DisposeAsync();
        }
    }

    public StorageSettings Settings { get; }

    /// <summary>One write: statements run inside the shared transaction; <paramref name="Translate"/> turns a failure into what the caller should see.</summary>
    private sealed record Write(Func<DbConnection, DbTransaction, Task> Run, Func<Exception, Exception> Translate, WriteTiming Timing)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Queues <paramref name="run"/> for a transaction of its lane; completes once that transaction has committed.</summary>
    /// <param name="timing">
    /// When it commits on SQLite's one writer (every read-model write is <see cref="WriteTiming.Gathered"/> there); on
    /// PostgreSQL every write takes the next transaction of its lane.
    /// </param>
    /// <remarks>
    /// Writes of different lanes may commit in either order, and a gathered write after later ones of its own lane: a caller
    /// that needs one before another awaits the first.
    /// </remarks>
    public Task Enqueue(WriteLane lane, Func<DbConnection, DbTransaction, Task> run, Func<Exception, Exception>? translate = null,
        WriteTiming timing = WriteTiming.Now)
    {
        var write = new Write(run, translate ?? (e => e),
            !_gathers ? WriteTiming.Now : lane == WriteLane.ReadModel ? WriteTiming.Gathered : timing);
        if (!_writers[(int)lane].Queue.Writer.TryWrite(write)) throw new ObjectDisposedException(nameof(AdoNetDatabase));
        return write.Done.Task;
    }

    /// <summary>One queue and the loop that commits it.</summary>
    private sealed class Writer
    {
        private readonly AdoNetDatabase _database;

        public Writer(AdoNetDatabase database, DedicatedThreadScheduler? thread)
        {
            _database = database;
            Loop = thread is null ? Task.Run(WriteLoop) : thread.Run(WriteLoop);
        }

        public Channel<Write> Queue { get; } = Channel.CreateUnbounded<Write>(new UnboundedChannelOptions { SingleReader = true });

        public Task Loop { get; }

        // SQLite: the one connection this writer keeps open between transactions, with the statements it prepared on it.
        private DbConnection? _kept;

        private async Task WriteLoop()
        {
            var now = new List<Write>();
            // Gathered writes wait here until the oldest has waited Gathering (or a share is full), then commit in shares.
            var gathered = new Queue<Write>();
            var dueAt = 0L;
            Task<bool>? readable = null;
            var open = true;
            while (open || gathered.Count > 0)
            {
                if (open && !Queue.Reader.TryPeek(out _))
                {
                    readable ??= Queue.Reader.WaitToReadAsync().AsTask();
                    var due = gathered.Count > 0 ? dueAt : long.MaxValue;
                    var left = due == long.MaxValue ? TimeSpan.MaxValue : Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                    if (left > TimeSpan.Zero)
                    {
                        if (due == long.MaxValue) await readable;
                        else await Task.WhenAny(readable, Task.Delay(left));
                        if (readable.IsCompleted)
                        {
                            open = await readable;
                            readable = null;
                        }
                        continue;
                    }
                }
                while (now.Count < MaxWritesPerTransaction && Queue.Reader.TryRead(out var write))
                {
                    switch (write.Timing)
                    {
                        case WriteTiming.Now:
                            now.Add(write);
                            break;
                        default:
                            if (gathered.Count == 0) dueAt = DueIn(Gathering);
                            gathered.Enqueue(write);
                            break;
                    }
                }
                if (now.Count > 0)
                {
                    await CommitBatch();
                    continue;
                }
                // Nothing else waits: one share of the gathered writes, then the queue is looked at again, so an append
                // that arrives meanwhile waits for at most one share, never for the whole gathering.
                if (gathered.Count > 0 && (!open || gathered.Count >= GatheredShare || Stopwatch.GetTimestamp() >= dueAt))
                {
                    while (now.Count < GatheredShare && gathered.TryDequeue(out var write)) now.Add(write);
                    // What is left has waited long enough: it goes next, after whatever append arrives meanwhile.
                    if (gathered.Count > 0) dueAt = Stopwatch.GetTimestamp();
                    await CommitBatch();
                }
            }
            await Release();

            async Task CommitBatch()
            {
                await CommitAll(now);
                now.Clear();
            }
        }

        private static long DueIn(TimeSpan wait) => Stopwatch.GetTimestamp() + (long)(wait.TotalSeconds * Stopwatch.Frequency);

        /// <summary>Commits the writes in one transaction; if one of them collides on a unique key, each on its own instead.</summary>
        private async Task CommitAll(List<Write> batch)
        {
            try
            {
                await Commit(batch);
                foreach (var write in batch) write.Done.TrySetResult();
            }
            catch (Exception collision) when (batch.Count > 1 && IsUniqueViolation(collision))
            {
                // One write collided (a second writer of a meeting): find it, each write on its own, so the others still land.
                foreach (var write in batch)
                {
                    try
                    {
                        await Commit([write]);
                        write.Done.TrySetResult();
                    }
                    catch (Exception e)
                    {
                        write.Done.TrySetException(write.Translate(e));
                    }
                }
            }
            catch (Exception e)
            {
                // The database itself failed (unreachable, timed out): every write of the transaction fails with it, at once.
                foreach (var write in batch) write.Done.TrySetException(write.Translate(e));
            }
        }

        /// <summary>
        /// One transaction. On SQLite the connection stays open for the next one, so each statement is compiled once
        /// (with the triggers it fires) rather than on every write; on PostgreSQL a pooled connection per transaction.
        /// </summary>
        private async Task Commit(IReadOnlyList<Write> writes)
        {
            var keep = _database.Settings.Provider == StorageProvider.Sqlite;
            var connection = keep ? _kept ??= await _database.OpenPrepared() : await _database.Open(CancellationToken.None);
            try
            {
                // SQLite: take the write lock up front; a deferred transaction that read first could not upgrade once another
                // connection (Orleans' own storage) has written meanwhile.
                await using var transaction = connection is SqliteConnection sqlite
                    ? sqlite.BeginTransaction(deferred: false)
                    : await connection.BeginTransactionAsync();
                foreach (var write in writes) await write.Run(connection, transaction);
                await transaction.CommitAsync();
            }
            catch when (keep)
            {
                // Whatever failed, the next transaction starts on a fresh connection.
                await Release();
                throw;
            }
            finally
            {
                if (!keep) await connection.DisposeAsync();
            }
        }

        private async Task Release()
        {
            if (_kept is not { } kept) return;
            _kept = null;
            if (Prepared.TryGetValue(kept, out var statements))
            {
                Prepared.Remove(kept);
                statements.Clear();
            }
            await kept.DisposeAsync();
        }
    }

    /// <summary>Commands kept per connection by their SQL, so a statement is compiled once; bounded, since some SQL varies with its rows.</summary>
    private sealed class PreparedStatements
    {
        private const int Capacity = 128;
        private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

        public DbCommand For(DbConnection connection, string sql)
        {
            if (_commands.TryGetValue(sql, out var command)) return command;
            if (_commands.Count >= Capacity) Clear();
            command = connection.CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
            return command;
        }

        public void Clear()
        {
            foreach (var command in _commands.Values) command.Dispose();
            _commands.Clear();
        }
    }

    private static readonly ConditionalWeakTable<DbConnection, PreparedStatements> Prepared = new();

    /// <summary>A connection on which <see cref="Execute"/> keeps its commands (and their compiled statements) for reuse.</summary>
    private async Task<DbConnection> OpenPrepared()
    {
        var connection = await Open(CancellationToken.None);
        Prepared.Add(connection, new PreparedStatements());
        return connection;
    }

    /// <summary>Bytes of the SQLite file mapped per connection; the pages are the operating system's, shared by all of them.</summary>
    private const long SqliteMapSize = 256L * 1024 * 1024;

    public async Task<DbConnection> Open(CancellationToken cancellationToken)
    {
        var connection = _factory.CreateConnection() ?? throw new InvalidOperationException($"{Settings.Provider} has no connection factory.");
        connection.ConnectionString = Settings.ConnectionString;
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (connection is SqliteConnection sqlite)
            {
                // Reads map the file instead of copying pages into each pooled connection's own small cache: the follow-up
                // list's index walks then cost memory reads, not system calls.
                // And a lock another connection holds (Orleans' own storage, the checkpoint) is waited for by SQLite in steps
                // of a few milliseconds: Microsoft.Data.Sqlite's own retry sleeps 150 ms a time, and the writer with it. It gives
                // up after the connection's command timeout ("Default Timeout"), as Microsoft.Data.Sqlite would have.
                await using var pragma = connection.CreateCommand();
                pragma.CommandText = $"PRAGMA mmap_size = {SqliteMapSize}; PRAGMA busy_timeout = {sqlite.DefaultTimeout * 1000};";
                await pragma.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        return connection;
    }

    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        Bind(command, parameters);
        return command;
    }

    private static void Bind(DbCommand command, (string Name, object? Value)[] parameters) =>
        Bind(command.Parameters, command.CreateParameter, parameters);

    /// <summary>Adds the parameters to a command's or a batch command's collection (the two share no parameter API).</summary>
    private static void Bind(DbParameterCollection target, Func<DbParameter> create, (string Name, object? Value)[] parameters)
    {
        var sqlite = target is SqliteParameterCollection;
        foreach (var (name, value) in parameters)
        {
            var parameter = create();
            parameter.ParameterName = sqlite ? Marked(name) : name;
            parameter.Value = value ?? DBNull.Value;
            target.Add(parameter);
        }
    }

    /// <summary>
    /// A kept command runs the same SQL from the same call site, so its parameters are the ones of its last run: only
    /// their values change, and no parameter objects are made per write.
    /// </summary>
    private static void Rebind(DbCommand command, (string Name, object? Value)[] parameters)
    {
        var target = command.Parameters;
        if (!SameNames(target, parameters))
        {
            target.Clear();
            Bind(command, parameters);
            return;
        }
        for (var i = 0; i < parameters.Length; i++) target[i].Value = parameters[i].Value ?? DBNull.Value;
    }

    // Kept commands exist only on SQLite's connection, whose parameters Bind named with Marked.
    private static bool SameNames(DbParameterCollection target, (string Name, object? Value)[] parameters)
    {
        if (target.Count != parameters.Length) return false;
        for (var i = 0; i < parameters.Length; i++)
            if (!string.Equals(target[i].ParameterName, Marked(parameters[i].Name), StringComparison.Ordinal)) return false;
        return true;
    }

    private static readonly ConcurrentDictionary<string, string> MarkedNames = new(StringComparer.Ordinal);

    /// <summary>
    /// The name as the SQL spells it (<c>@s</c>). Microsoft.Data.Sqlite binds a bare name by trying each of SQLite's three
    /// prefixes in turn, building and encoding a string for every try, on every statement it runs: a fifth of what the
    /// server allocated under load went there.
    /// </summary>
    private static string Marked(string name) => name.StartsWith('@') ? name : MarkedNames.GetOrAdd(name, static n => "@" + n);

    public static async Task<int> Execute(DbConnection connection, DbTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var (command, owned) = CommandFor(connection, transaction, sql, parameters);
        try
        {
            return await command.ExecuteNonQueryAsync();
        }
        finally
        {
            if (owned) await command.DisposeAsync();
        }
    }

    /// <summary>A query inside a writer's transaction; on SQLite's kept connection its statement is compiled once, like <see cref="Execute"/>'s.</summary>
    public static async Task<T> Query<T>(DbConnection connection, DbTransaction transaction, string sql, (string Name, object? Value)[] parameters,
        Func<DbDataReader, Task<T>> read)
    {
        var (command, owned) = CommandFor(connection, transaction, sql, parameters);
        try
        {
            await using var reader = await command.ExecuteReaderAsync();
            return await read(reader);
        }
        finally
        {
            if (owned) await command.DisposeAsync();
        }
    }

    /// <summary>On SQLite's kept connection its compiled command for <paramref name="sql"/>, with new values; elsewhere a new one the caller disposes.</summary>
    private static (DbCommand Command, bool Owned) CommandFor(DbConnection connection, DbTransaction transaction, string sql, (string Name, object? Value)[] parameters)
    {
        if (!Prepared.TryGetValue(connection, out var statements)) return (Command(connection, transaction, sql, parameters), true);
        var kept = statements.For(connection, sql);
        kept.Transaction = transaction;
        Rebind(kept, parameters);
        return (kept, false);
    }

    /// <summary>
    /// Runs <paramref name="statements"/> in order inside <paramref name="transaction"/>. On PostgreSQL they go as one batch:
    /// one round trip, however many there are; a round trip, not the statement, is what a write costs there under load.
    /// SQLite runs in the process, where a statement costs no round trip.
    /// </summary>
    public static async Task ExecuteAll(DbConnection connection, DbTransaction transaction, IEnumerable<Statement> statements)
    {
        var list = statements as IReadOnlyList<Statement> ?? statements.ToList();
        if (list.Count == 0) return;
        if (list.Count == 1 || !connection.CanCreateBatch)
        {
            foreach (var statement in list) await Execute(connection, transaction, statement.Sql, statement.Parameters);
            return;
        }
        await using var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        foreach (var statement in list)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = statement.Sql;
            Bind(command.Parameters, command.CreateParameter, statement.Parameters);
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// The statements that insert <paramref name="rows"/> into <paramref name="table"/> (its column list, the service id first):
    /// as few as the engines' parameter limits allow; each row holds the values after the service id.
    /// </summary>
    public static IEnumerable<Statement> RowInserts(string table, string onConflict, string serviceId, IEnumerable<object?[]> rows)
    {
        const int MaxParameters = 30_000;
        var sql = new System.Text.StringBuilder();
        var parameters = new List<(string, object?)> { ("s", serviceId) };
        Statement Take()
        {
            var statement = new Statement($"INSERT INTO {table} VALUES {sql} {onConflict}", [.. parameters]);
            sql.Clear();
            parameters.RemoveRange(1, parameters.Count - 1);
            return statement;
        }
        foreach (var row in rows)
        {
            if (parameters.Count + row.Length > MaxParameters) yield return Take();
            sql.Append(parameters.Count == 1 ? "(@s" : ", (@s");
            foreach (var value in row)
            {
                var name = "p" + parameters.Count.ToString(CultureInfo.InvariantCulture);
                sql.Append(", @").Append(name);
                parameters.Add((name, value));
            }
            sql.Append(')');
        }
        if (parameters.Count > 1) yield return Take();
    }

    public static async Task<long> Scalar(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public static bool IsUniqueViolation(Exception e) => e switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 19,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    public static string Iso(DateTimeOffset instant) => instant.ToString("O", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        foreach (var writer in _writers.Distinct())
        {
            writer.Queue.Writer.TryComplete();
            await writer.Loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        await _stopping.CancelAsync();
        if (_checkpoints is not null) await _checkpoints.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _writerThread?.Dispose();
        _checkpointThread?.Dispose();
        _stopping.Dispose();
    }
}

/// <summary>One SQL statement with its parameters, for <see cref="AdoNetDatabase.ExecuteAll"/>.</summary>
public sealed record Statement(string Sql, params (string Name, object? Value)[] Parameters);

/// <summary>When a write commits on SQLite's one writer (<see cref="AdoNetDatabase.Enqueue"/>).</summary>
public enum WriteTiming
{
    /// <summary>
    /// In the next transaction, with every other write queued meanwhile: what an acknowledgement waits for (appends, the
    /// audit row). Under load they share transactions anyway; held back to share one, they only wait when the writer is idle.
    /// </summary>
    Now,

    /// <summary>With others, for up to <see cref="AdoNetDatabase.Gathering"/>: what nothing answers on (the read model, an outbox's position).</summary>
    Gathered,
}

/// <summary>Which writer a write queues for: writes of one lane commit in the order they were queued.</summary>
public enum WriteLane
{
    /// <summary>The meetings' journal: appends and outbox positions. What a command's acknowledgement waits for.</summary>
    Journal,

    /// <summary>Records beside a command: the audit, notifications and their deliveries, evidence, feed keys.</summary>
    Records,

    /// <summary>
    /// What the outboxes write after the reply: the follow-up read model, and the meetings' snapshots (a big meeting's
    /// snapshot is megabytes: on PostgreSQL's journal writer the appends behind it waited for it).
    /// </summary>
    ReadModel,
}
