using System.Security.Cryptography;
using System.Text;

namespace RakorLive.Model;

/// <summary>
/// Ids derived from the client's commandId, so a retried command lands on the same grain
/// and cannot create a second meeting, agenda item or action point.
/// </summary>
public static class Ids
{
    public static string Meeting(string commandId) => Derive("meeting", commandId);

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
