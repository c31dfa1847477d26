namespace RakorLive.Grains.FollowUps;

/// <summary>An evidence file as listed and served: its bytes live in the database (rakor_evidence), so every node serves it.</summary>
public sealed record EvidenceInfo(
    string EvidenceId,
    string ActionPointId,
    string MeetingId,
    string FileName,
    string ContentType,
    long Size,
    string Sha256,
    DateTimeOffset UploadedAt,
    string UploadedBy);

/// <summary>Evidence files of commitments, stored durably in the deployment's database.</summary>
public interface IEvidenceStore
{
    /// <summary>Stores the file unless the same bytes were already uploaded to this commitment; answers the stored one either way.</summary>
    Task<EvidenceInfo> Save(EvidenceInfo info, byte[] content, CancellationToken cancellationToken = default);

    Task<EvidenceInfo?> Find(string evidenceId, CancellationToken cancellationToken = default);

    Task<byte[]?> Content(string evidenceId, CancellationToken cancellationToken = default);

    /// <summary>Which of <paramref name="evidenceIds"/> were not uploaded to <paramref name="actionPointId"/>.</summary>
    Task<IReadOnlyList<string>> Missing(string actionPointId, IReadOnlyList<string> evidenceIds, CancellationToken cancellationToken = default);
}
