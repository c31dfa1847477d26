using System.Text.Json;
using RakorLive.Json;

namespace RakorLive.Grains.Meetings;

/// <summary>A meeting's model as its snapshot row holds it: the wire JSON of the meeting plus its receipts and join codes.</summary>
public static class MeetingSnapshots
{
    public static string Write(MeetingModel model) => JsonSerializer.Serialize(model, RakorLiveJson.Options);

    public static MeetingModel Read(string json) =>
        JsonSerializer.Deserialize<MeetingModel>(json, RakorLiveJson.Options) ?? throw new JsonException("Empty meeting snapshot.");
}
