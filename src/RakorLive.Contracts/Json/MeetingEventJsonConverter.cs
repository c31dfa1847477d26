using System.Text.Json;
using System.Text.Json.Serialization;
using RakorLive.Events;

namespace RakorLive.Json;

/// <summary>
/// Reads the wire event <c>{meetingId, seq, epoch, type, occurredAt, data}</c> into a <see cref="MeetingEvent"/>
/// whose <see cref="MeetingEvent.Data"/> is the subtype named by <c>type</c>; writes it back in the same shape.
/// </summary>
public sealed class MeetingEventJsonConverter : JsonConverter<MeetingEvent>
{
    public override MeetingEvent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new JsonException("A meeting event is a JSON object.");
        string? meetingId = null, type = null;
        long seq = 0, epoch = 0;
        DateTimeOffset occurredAt = default;
        JsonElement data = default;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name.ToLowerInvariant())
            {
                case "meetingid": meetingId = property.Value.GetString(); break;
                case "seq": seq = property.Value.GetInt64(); break;
                case "epoch": epoch = property.Value.GetInt64(); break;
                case "type": type = property.Value.GetString(); break;
                case "occurredat": occurredAt = property.Value.GetDateTimeOffset(); break;
                case "data": data = property.Value; break;
            }
        }
        if (meetingId is null || type is null) throw new JsonException("A meeting event needs meetingId and type.");
        return new MeetingEvent(meetingId, seq, epoch, type, occurredAt, ReadData(type, data, options));
    }

    public override void Write(Utf8JsonWriter writer, MeetingEvent value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString(Name(options, "meetingId"), value.MeetingId);
        writer.WriteNumber(Name(options, "seq"), value.Seq);
        writer.WriteNumber(Name(options, "epoch"), value.Epoch);
        writer.WriteString(Name(options, "type"), value.Type);
        writer.WriteString(Name(options, "occurredAt"), value.OccurredAt);
        writer.WritePropertyName(Name(options, "data"));
        if (value.Data is UnknownEventData unknown) unknown.Raw.WriteTo(writer);
        else JsonSerializer.Serialize(writer, value.Data, value.Data.GetType(), options);
        writer.WriteEndObject();
    }

    /// <summary>The payload type that belongs to an event type; progress and verification carry the whole action point too.</summary>
    public static MeetingEventData ReadData(string type, JsonElement data, JsonSerializerOptions options)
    {
        MeetingEventData? parsed = type switch
        {
            MeetingEventTypes.MeetingStarted => data.Deserialize<MeetingStartedData>(options),
            MeetingEventTypes.AgendaItemAdded => data.Deserialize<AgendaItemData>(options),
            MeetingEventTypes.AgendaItemActivated => data.Deserialize<AgendaItemActivatedData>(options),
            MeetingEventTypes.AgendaItemCompleted => data.Deserialize<AgendaItemCompletedData>(options),
            MeetingEventTypes.AttendeeCheckedIn => data.Deserialize<AttendeeData>(options),
            MeetingEventTypes.ActionPointAdded or MeetingEventTypes.ActionPointUpdated
                or MeetingEventTypes.ProgressReported or MeetingEventTypes.ActionPointVerified => data.Deserialize<ActionPointData>(options),
            MeetingEventTypes.MeetingClosed => data.Deserialize<MeetingClosedData>(options),
            MeetingEventTypes.AgendaReordered => data.Deserialize<AgendaReorderedData>(options),
            MeetingEventTypes.OutcomeRecorded or MeetingEventTypes.OutcomeUpdated => data.Deserialize<OutcomeData>(options),
            MeetingEventTypes.SpeakerRequested or MeetingEventTypes.SpeakerWithdrawn or MeetingEventTypes.SpeakerCalled => data.Deserialize<SpeakerData>(options),
            MeetingEventTypes.NotulenSubmitted or MeetingEventTypes.NotulenApproved or MeetingEventTypes.NotulenReturned
                or MeetingEventTypes.NotulenCorrectionOpened => data.Deserialize<NotulenData>(options),
            // A newer server may know more event types; keep the payload rather than fail the whole feed.
            _ => new UnknownEventData(data.ValueKind == JsonValueKind.Undefined ? default : data.Clone()),
        };
        return parsed ?? throw new JsonException($"Event {type} has no data.");
    }

    private static string Name(JsonSerializerOptions options, string camelCase) =>
        options.PropertyNamingPolicy?.ConvertName(char.ToUpperInvariant(camelCase[0]) + camelCase[1..]) ?? camelCase;
}
