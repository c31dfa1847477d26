using System.Text.Json;
using RakorLive.Events;

namespace RakorLive.Events;

/// <summary>The payload of an event type this client does not know yet, kept as raw JSON.</summary>
public sealed record UnknownEventData(JsonElement Raw) : MeetingEventData;
