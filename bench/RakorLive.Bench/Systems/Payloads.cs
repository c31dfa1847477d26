using System.Globalization;
using System.Text.Json.Nodes;
using RakorLive.Events;

namespace RakorLive.Bench.Systems;

/// <summary>
/// What ties an event to the command that caused it: the command's number in the phase's
/// <see cref="Live.CommandLog"/>, carried at the end of the action point's description as "[b:N]".
/// Both systems carry the same text, so the watchers find it the same way.
/// </summary>
public static class Marker
{
    private const string Open = "[b:";

    public static string Description(string opd, BenchMeeting meeting, int command, bool edit) => edit
        ? $"{opd}: tindak lanjut rapat {meeting.Index + 1} direvisi {Open}{command}]"
        : $"{opd}: tindak lanjut rapat {meeting.Index + 1}, percepatan layanan publik {Open}{command}]";

    /// <summary>The command number in <paramref name="description"/>, or -1 when it carries none.</summary>
    public static int Parse(string? description)
    {
        if (description is null) return -1;
        var open = description.LastIndexOf(Open, StringComparison.Ordinal);
        if (open < 0) return -1;
        var start = open + Open.Length;
        var close = description.IndexOf(']', start);
        return close > start && int.TryParse(description.AsSpan(start, close - start), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
    }
}

/// <summary>
/// The data of a real RakorLive ActionPointAdded and ActionPointUpdated event, taken from the server under
/// test before the load: the baseline broadcasts exactly these, with the description (marker) and id replaced.
/// </summary>
public sealed class PayloadTemplates(JsonObject addData, JsonObject updateData, int addEventBytes, int updateEventBytes)
{
    /// <summary>Size of the whole event (envelope and data) as RakorLive serves it, for the report.</summary>
    public int AddEventBytes => addEventBytes;

    public int UpdateEventBytes => updateEventBytes;

    public JsonObject Data(bool edit, string id, int version, string description)
    {
        var data = (JsonObject)(edit ? updateData : addData).DeepClone();
        if (data["actionPoint"] is JsonObject actionPoint)
        {
            actionPoint["id"] = id;
            actionPoint["version"] = version;
            actionPoint["description"] = description;
        }
        return data;
    }

    public static string Type(bool edit) => edit ? MeetingEventTypes.ActionPointUpdated : MeetingEventTypes.ActionPointAdded;
}
