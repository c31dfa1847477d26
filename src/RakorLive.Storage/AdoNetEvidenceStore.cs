using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using RakorLive.Grains.FollowUps;

namespace RakorLive.Storage;

/// <summary>Evidence files in rakor_evidence (deploy/sql/*/050): the bytes in the database, written through the shared writer.</summary>
public sealed class AdoNetEvidenceStore(AdoNetDatabase database, IOptions<ClusterOptions> cluster) : IEvidenceStore
{
    private readonly string _serviceId = cluster.Value.ServiceId;
    private const string Columns = "evidence_id, action_point_id, meeting_id, file_name, content_type, size, sha256, uploaded_at, uploaded_by";

    public async Task<EvidenceInfo> Save(EvidenceInfo info, byte[] content, CancellationToken cancellationToken = default)
    {
        // Same bytes on the same commitment are the same evidence: the id derives from both, and a repeat inserts nothing.
        await database.Enqueue(WriteLane.Records, (connection, transaction) => AdoNetDatabase.Execute(connection, transaction, """
            INSERT INTO rakor_evidence (service_id, evidence_id, action_point_id, meeting_id, sha256, file_name, content_type, size,
                uploaded_at, uploaded_by, content)
            VALUES (@s, @id, @ap, @m, @h, @name, @type, @size, @at, @by, @content)
            ON CONFLICT DO NOTHING
            """, ("s", _serviceId), ("id", info.EvidenceId), ("ap", info.ActionPointId), ("m", info.MeetingId), ("h", info.Sha256),
            ("name", info.FileName), ("type", info.ContentType), ("size", info.Size), ("at", AdoNetDatabase.Iso(info.UploadedAt)),
            ("by", info.UploadedBy), ("content", content)));
        return await Find(info.EvidenceId, cancellationToken) ?? info;
    }

    public async Task<EvidenceInfo?> Find(string evidenceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.Open(cancellationToken);
        await using var command = AdoNetDatabase.Command(connection, null,
            $"SELECT {Columns} FROM rakor_evidence WHERE service_id = @s AND evidence_id = @id", ("s", _serviceId), ("id", evidenceId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<byte[]?> Content(string evidenceId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.Open(cancellationToken);
        await using var command = AdoNetDatabase.Command(connection, null,
            "SELECT content FROM rakor_evidence WHERE service_id = @s AND evidence_id = @id", ("s", _serviceId), ("id", evidenceId));
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    public async Task<IReadOnlyList<string>> Missing(string actionPointId, IReadOnlyList<string> evidenceIds, CancellationToken cancellationToken = default)
    {
        if (evidenceIds.Count == 0) return [];
        await using var connection = await database.Open(cancellationToken);
        var names = evidenceIds.Select((_, i) => "@e" + i).ToList();
        var parameters = evidenceIds.Select((id, i) => ("e" + i, (object?)id)).Prepend(("ap", actionPointId)).Prepend(("s", _serviceId)).ToArray();
        await using var command = AdoNetDatabase.Command(connection, null,
            $"SELECT evidence_id FROM rakor_evidence WHERE service_id = @s AND action_point_id = @ap AND evidence_id IN ({string.Join(", ", names)})",
            parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken)) found.Add(reader.GetString(0));
        return [.. evidenceIds.Where(id => !found.Contains(id))];
    }

    private static EvidenceInfo Read(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
        Convert.ToInt64(r.GetValue(5), CultureInfo.InvariantCulture), r.GetString(6),
        DateTimeOffset.Parse(r.GetString(7), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind), r.GetString(8));
}
