using System.Security.Cryptography;
using System.Text;

namespace RakorLive.Model;

/// <summary>
/// Ids derived from the client's commandId, so a retried command lands on the same grain
/// and cannot create a second meeting, agenda item or action point.
/// </summary>
public static class Ids
{
    /// <summary>An id computable by whoever knows the commandId: for the demo seed and tests only (see the keyed overload).</summary>
    public static string Meeting(string commandId) => Derive("meeting", commandId);

    /// <summary>
    /// A new meeting's id, keyed by the deployment's secret: a retried commandId still lands on the same meeting, but nobody
    /// without the key can compute a meeting's id, however guessable the client's commandId ("rakor-1", "rakor-2" ...).
    /// Every other id derives from its meeting's (or commitment's) id, so it is as unguessable as that.
    /// </summary>
    public static string Meeting(string commandId, byte[] key)
    {
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("meeting\n" + commandId), hash);
        return new Guid(hash[..16]).ToString("D");
    }

    public static string AgendaItem(string meetingId, string commandId) => Derive("agenda:" + meetingId, commandId);

    public static string ActionPoint(string meetingId, string commandId) => Derive("action:" + meetingId, commandId);

    public static string Outcome(string meetingId, string commandId) => Derive("outcome:" + meetingId, commandId);

    public static string SpeakerRequest(string meetingId, string commandId) => Derive("speaker:" + meetingId, commandId);

    /// <summary>An uploaded file, by its commitment and content hash: the same file twice is one piece of evidence.</summary>
    public static string Evidence(string actionPointId, string sha256) => Derive("evidence:" + actionPointId, sha256);

    private static string Derive(string scope, string commandId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(scope + "\n" + commandId), hash);
        return new Guid(hash[..16]).ToString("D");
    }
}
