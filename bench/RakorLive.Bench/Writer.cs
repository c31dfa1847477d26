using System.Diagnostics;
using RakorLive.Client;
using RakorLive.Commands;

namespace RakorLive.Bench;

/// <summary>
/// One kepala OPD at a tablet: adds action points for its own agency one after another and, every
/// <see cref="BenchOptions.EditEvery"/>-th time, edits one it added before (PATCH with If-Match).
/// </summary>
public sealed class Writer(int index, RakorLiveClient client, string opd, int operations, BenchMeeting meeting)
{
    private const int ErrorsKept = 5;

    // The writer's own action points with the version its last answer gave; nobody else edits them.
    private readonly List<(string Id, int Version)> _own = [];
    private readonly List<double> _addMs = new(operations);
    private readonly List<double> _editMs = new(operations / BenchOptions.EditEvery);
    private readonly List<string> _errors = [];

    /// <summary>Client-side latency of each acknowledged POST (add) and PATCH (edit), retries included.</summary>
    public IReadOnlyList<double> AddMs => _addMs;

    public IReadOnlyList<double> EditMs => _editMs;
    public int Acknowledged => _addMs.Count + _editMs.Count;

    /// <summary>Commands answered only after the client retried (transient failures along the way).</summary>
    public int Retried { get; private set; }

    public int Failed { get; private set; }
    public IReadOnlyList<string> Errors => _errors;

    /// <summary>Runs all operations, or stops before the next one when <paramref name="stop"/> fires.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        for (var operation = 0; operation < operations && !stop.IsCancellationRequested; operation++)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                var edit = BenchOptions.IsEdit(operation) && _own.Count > 0;
                var attempts = edit ? await EditAsync(operation, stop) : await CreateAsync(operation, stop);
                (edit ? _editMs : _addMs).Add(clock.Elapsed.TotalMilliseconds);
                if (attempts > 1) Retried++;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // Cut off by the duration limit: neither acknowledged nor failed.
                return;
            }
            catch (Exception e) when (e is RakorLiveProblemException or HttpRequestException or TimeoutException)
            {
                Failed++;
                if (_errors.Count < ErrorsKept) _errors.Add($"writer {index} ({opd}) operation {operation}: {e.Message}");
            }
        }
    }

    private async Task<int> CreateAsync(int operation, CancellationToken cancellationToken)
    {
        var result = await client.CreateActionPointAsync(meeting.Id, new CreateActionPoint(
            null, meeting.CurrentItemId, opd, [],
            $"{opd}: tindak lanjut nomor {operation + 1} dari sesi {index + 1}",
            "Selesai 100% sesuai rencana kerja", "Warga kabupaten", "Layanan publik lebih cepat", meeting.DueDate), cancellationToken);
        _own.Add((result.Value.Id, result.Value.Version));
        return result.Attempts;
    }

    private async Task<int> EditAsync(int operation, CancellationToken cancellationToken)
    {
        var slot = operation / BenchOptions.EditEvery % _own.Count;
        var (id, version) = _own[slot];
        var result = await client.UpdateActionPointAsync(id, version,
            new UpdateActionPoint(null, null, null, null, null, $"Target direvisi pada operasi {operation + 1}", null, null, null), cancellationToken);
        _own[slot] = (id, result.Value.Version);
        return result.Attempts;
    }
}
