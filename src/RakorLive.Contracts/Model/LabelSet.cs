namespace RakorLive.Model;

/// <summary>The words of one language for statuses, roles and terms (<c>GET /api/vocabulary?lang=</c>).</summary>
public sealed record LabelSet(
    string Language,
    IReadOnlyDictionary<string, string> MeetingStatus,
    IReadOnlyDictionary<string, string> AgendaItemStatus,
    IReadOnlyDictionary<string, string> ActionPointStatus,
    IReadOnlyDictionary<string, string> Roles,
    IReadOnlyDictionary<string, string> Terms);
