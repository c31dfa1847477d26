using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using RakorLive.IntegrationTests.Infrastructure;

namespace RakorLive.Bench.Systems;

/// <summary>
/// RakorLive's follow-up routes as the people use them: the secretariat prepares and runs meetings and verifies, each
/// agency's kepala OPD reports progress on its own commitments. Every command carries a commandId and is retried with
/// the same one when it fails (as a tablet on weak wifi does), so a retry never doubles anything.
/// </summary>
public sealed class FollowUpApi
{
    private const int Attempts = 3;

    private readonly RakorLiveSystem _system;
    private readonly Dictionary<string, string> _headTokens;
    private int _acknowledged;
    private int _failed;
    private int _retried;
    private readonly ConcurrentQueue<string> _errors = new();

    private FollowUpApi(RakorLiveSystem system, IReadOnlyList<string> agencies, Dictionary<string, string> headTokens, string? note)
    {
        _system = system;
        Agencies = agencies;
        _headTokens = headTokens;
        Note = note;
    }

    /// <summary>The agencies commitments are made for: those with a kepala OPD account the bench can sign in as.</summary>
    public IReadOnlyList<string> Agencies { get; }

    /// <summary>Why fewer agencies than the directory holds are used, if so.</summary>
    public string? Note { get; }

    public string Secretariat => _system.Token(DemoAccounts.Secretariat);
    public Uri Node => _system.Nodes[0];
    public HttpClient Client => _system.Client;

    public Task<int> MeetingTotalAsync(string meetingId, CancellationToken cancellationToken) => _system.FollowUpTotalAsync(meetingId, cancellationToken);
    public int Acknowledged => Volatile.Read(ref _acknowledged);
    public int Failed => Volatile.Read(ref _failed);
    public int Retried => Volatile.Read(ref _retried);
    public IReadOnlyList<string> Errors => [.. _errors.Take(5)];

    /// <summary>
    /// Reads the directory and gives every agency a kepala OPD account (POST /api/users as Admin, idempotent by its
    /// commandId). On a running server whose admin password is not the bench's, the demo's four kepala OPD accounts serve.
    /// </summary>
    public static async Task<FollowUpApi> ConnectAsync(RakorLiveSystem system, CancellationToken cancellationToken)
    {
        var secretariat = system.Token(DemoAccounts.Secretariat);
        using var listed = await Http.SendAsync(system.Client, Http.Request(HttpMethod.Get, system.Nodes[0], "api/opds", secretariat), cancellationToken);
        var codes = (await Http.ReadAsync<List<OpdOnly>>(listed, cancellationToken)).Select(o => o.Code).ToList();
        string admin;
        try
        {
            admin = await system.SignInAsync("admin", cancellationToken, ServerProcess.AdminPassword);
        }
        catch (CommandFailedException e)
        {
            var demo = DemoAccounts.OpdHeads.ToDictionary(h => h.Opd, h => system.Token(h.Username), StringComparer.Ordinal);
            return new FollowUpApi(system, [.. demo.Keys], demo,
                $"the admin account did not sign in ({e.Message}): commitments go to the demo's {demo.Count} agencies with a kepala OPD account only");
        }
        var tokens = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(codes, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (code, ct) =>
        {
            var username = "bench." + code.ToLowerInvariant();
            using (await Http.SendAsync(system.Client, Http.Request(HttpMethod.Post, system.Nodes[0], "api/users", admin, new
            {
                commandId = "bench-opd-head-" + code,
                username,
                password = DemoAccounts.Password,
                displayName = $"Kepala {code} (bench)",
                role = "OpdHead",
                opd = code,
            }), ct))
            {
            }
            tokens[code] = await system.SignInAsync(username, ct);
        });
        return new FollowUpApi(system, codes, new Dictionary<string, string>(tokens, StringComparer.Ordinal), null);
    }

    public async Task<(string Id, int Carried)> CreateMeetingAsync(string title, DateTimeOffset start, string? carryOverFrom, CancellationToken cancellationToken)
    {
        using var body = await CommandAsync(HttpMethod.Post, "api/meetings", Secretariat, new
        {
            commandId = NewId(),
            title,
            scheduledStart = start,
            location = "Ruang Rapat Bupati",
            chair = "Bupati Sukamaju",
            timeZone = "Asia/Jakarta",
            carryOverFrom,
        }, null, cancellationToken);
        var root = body.RootElement;
        var carried = root.TryGetProperty("carriedActionPoints", out var list) && list.ValueKind == JsonValueKind.Array ? list.GetArrayLength() : 0;
        return (root.GetProperty("id").GetString()!, carried);
    }

    public async Task<string> AddAgendaItemAsync(string meetingId, string title, string presenterOpd, CancellationToken cancellationToken)
    {
        using var body = await CommandAsync(HttpMethod.Post, $"api/meetings/{meetingId}/agenda-items", Secretariat,
            new { commandId = NewId(), title, presenterOpd, timeboxMinutes = 60 }, null, cancellationToken);
        return body.RootElement.GetProperty("id").GetString()!;
    }

    public async Task MoveAsync(string meetingId, string action, CancellationToken cancellationToken)
    {
        using var _ = await CommandAsync(HttpMethod.Post, $"api/meetings/{meetingId}/{action}", Secretariat, new { commandId = NewId() }, null, cancellationToken);
    }

    /// <summary>Captured by the secretariat's desk for the owner agency (as the notulis does during the rakor).</summary>
    public async Task<(string Id, int Version)> AddCommitmentAsync(string meetingId, string agendaItemId, string owner, IReadOnlyList<string> supporting,
        string description, DateOnly due, CancellationToken cancellationToken)
    {
        using var body = await CommandAsync(HttpMethod.Post, $"api/meetings/{meetingId}/action-points", Secretariat, new
        {
            commandId = NewId(),
            agendaItemId,
            ownerOpd = owner,
            supportingOpds = supporting,
            description,
            target = "Selesai 100% sesuai rencana kerja",
            beneficiaries = "Warga kabupaten",
            benefit = "Layanan publik lebih cepat",
            dueDate = due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }, null, cancellationToken);
        return Versioned(body);
    }

    /// <summary>The owner agency's kepala OPD reports progress; at 100 the commitment awaits verification.</summary>
    public async Task<int> ReportProgressAsync(string actionPointId, string owner, int percent, CancellationToken cancellationToken)
    {
        using var body = await CommandAsync(HttpMethod.Post, $"api/action-points/{actionPointId}/progress", _headTokens[owner], new
        {
            commandId = NewId(),
            percent,
            note = percent == 100 ? "Pekerjaan selesai, dokumentasi terlampir" : $"Progres {percent}%: pelaksanaan sesuai jadwal",
            evidenceUrl = percent == 100 ? $"https://dokumen.sukamaju.go.id/bukti/{actionPointId}" : null,
        }, null, cancellationToken);
        return Versioned(body).Version;
    }

    public async Task VerifyAsync(string actionPointId, bool accepted, CancellationToken cancellationToken)
    {
        using var _ = await CommandAsync(HttpMethod.Post, $"api/action-points/{actionPointId}/verify", Secretariat, new
        {
            commandId = NewId(),
            accepted,
            note = accepted ? "Bukti lengkap, diterima" : "Bukti belum lengkap: lampirkan foto lokasi",
        }, null, cancellationToken);
    }

    public async Task DropAsync(string actionPointId, int version, CancellationToken cancellationToken)
    {
        using var _ = await CommandAsync(HttpMethod.Patch, $"api/action-points/{actionPointId}", Secretariat, new
        {
            commandId = NewId(),
            status = "Dropped",
            statusReason = "Anggaran tidak tersedia pada tahun berjalan",
        }, version, cancellationToken);
    }

    private async Task<JsonDocument> CommandAsync(HttpMethod method, string path, string token, object body, int? ifMatch, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            // The same body, so the same commandId, on every attempt: the server answers a replay with the first result.
            var request = Http.Request(method, Node, path, token, body);
            if (ifMatch is { } version) request.Headers.TryAddWithoutValidation("If-Match", $"\"{version.ToString(CultureInfo.InvariantCulture)}\"");
            try
            {
                using var response = await Http.SendAsync(Client, request, cancellationToken);
                var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
                Interlocked.Increment(ref _acknowledged);
                return document;
            }
            catch (CommandFailedException e) when (attempt < Attempts)
            {
                Interlocked.Increment(ref _retried);
                if (_errors.Count < 20) _errors.Enqueue($"retried: {e.Message}");
                await Task.Delay(200 * attempt, cancellationToken);
            }
            catch (CommandFailedException e)
            {
                Interlocked.Increment(ref _failed);
                if (_errors.Count < 20) _errors.Enqueue(e.Message);
                throw;
            }
        }
    }

    private static (string Id, int Version) Versioned(JsonDocument body) =>
        (body.RootElement.GetProperty("id").GetString()!, body.RootElement.GetProperty("version").GetInt32());

    private static string NewId() => Guid.NewGuid().ToString("N");

    private sealed record OpdOnly(string Code);
}
