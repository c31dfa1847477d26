using System.Data.Common;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace RakorLive.Storage;

/// <summary>
/// RakorLive's own tables on the configured engine, and the one writer that every write to them goes through. The writer
/// takes whatever has queued up while the previous transaction ran (appends of all meetings, snapshots, outbox
/// positions, read-model rows) and commits it as one transaction: on SQLite, which has one writer and an fsync per
/// commit, that keeps many busy meetings bounded by the disk rather than by one round trip per command. A transaction
/// that fails is retried write by write, so one write's conflict does not refuse its neighbours'.
/// </summary>
public sealed class AdoNetDatabase : IAsyncDisposable
{
    private const int MaxWritesPerTransaction = 512;

    private readonly DbProviderFactory _factory;
    private readonly Channel<Write> _queue = Channel.CreateUnbounded<Write>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public AdoNetDatabase(StorageSettings settings)
    {
        Settings = settings;
        _factory = settings.Provider == StorageProvider.PostgreSQL ? NpgsqlFactory.Instance : SqliteFactory.Instance;
        _writer = Task.Run(WriteLoop);
    }

    public StorageSettings Settings { get; }

    /// <summary>One write: statements run inside the shared transaction; <paramref name="Translate"/> turns a failure into what the caller should see.</summary>
    private sealed record Write(Func<DbConnection, DbTransaction, Task> Run, Func<Exception, Exception> Translate)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Queues <paramref name="run"/> for the next transaction; completes once that transaction has committed.</summary>
    public Task Enqueue(Func<DbConnection, DbTransaction, Task> run, Func<Exception, Exception>? translate = null)
    {
        var write = new Write(run, translate ?? (e => e));
        if (!_queue.Writer.TryWrite(write)) throw new ObjectDisposedException(nameof(AdoNetDatabase));
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
    }

    private async Task Commit(IReadOnlyList<Write> writes)
    {
        await using var connection = await Open(CancellationToken.None);
        // SQLite: take the write lock up front; a deferred transaction that read first could not upgrade once another
        // connection (Orleans' own storage) has written meanwhile.
        await using var transaction = connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: false)
            : await connection.BeginTransactionAsync();
        foreach (var write in writes) await write.Run(connection, transaction);
        await transaction.CommitAsync();
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
            if (connection is SqliteConnection)
            {
                // Reads map the file instead of copying pages into each pooled connection's own small cache: the follow-up
                // list's index walks then cost memory reads, not system calls.
                await using var pragma = connection.CreateCommand();
                pragma.CommandText = $"PRAGMA mmap_size = {SqliteMapSize}";
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
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    public static async Task<int> Execute(DbConnection connection, DbTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync();
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
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
