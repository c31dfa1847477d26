using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using RakorLive.Wire;

namespace RakorLive.Bench.Live;

/// <summary>
/// The hub's JSON protocol as a watcher speaks it, with one shortcut: a MeetingEvent push is read in a single pass
/// for the four values a watcher keeps (seq, epoch, type, the description's marker) instead of being bound to an
/// object by the serializer, which cost a quarter of the bench's CPU with 5,000 watchers. Everything else (the
/// handshake, JoinMeeting's answer, pings, close) goes to SignalR's own JsonHubProtocol, as does any push this
/// reader does not recognise, so the wire is the standard one.
/// </summary>
public sealed class WatcherProtocol : IHubProtocol
{
    private const byte RecordSeparator = 0x1e;
    // Stateless, so one serves every watcher's connection.
    private static readonly JsonHubProtocol Json = new();
    private static long _shortcuts;
    private static long _full;

    /// <summary>Messages read so far by the shortcut, and by SignalR's own protocol (all watchers of the process).</summary>
    public static (long Shortcut, long Full) Counts => (Interlocked.Read(ref _shortcuts), Interlocked.Read(ref _full));

    public string Name => Json.Name;
    public int Version => Json.Version;
    public TransferFormat TransferFormat => Json.TransferFormat;

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        if (input.PositionOf(RecordSeparator) is { } end && TryReadMeetingEvent(input.Slice(0, end)) is { } evt)
        {
            message = new InvocationMessage(HubNames.MeetingEvent, [evt]);
            input = input.Slice(input.GetPosition(1, end));
            Interlocked.Increment(ref _shortcuts);
            return true;
        }
        if (!Json.TryParseMessage(ref input, binder, out message)) return false;
        Interlocked.Increment(ref _full);
        return true;
    }

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => Json.WriteMessage(message, output);
    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => Json.GetMessageBytes(message);
    public bool IsVersionSupported(int version) => Json.IsVersionSupported(version);

    /// <summary>{"type":1,"target":"MeetingEvent","arguments":[{seq, epoch, type, data:{actionPoint:{description}}}]}, or null.</summary>
    public static WireEvent? TryReadMeetingEvent(ReadOnlySequence<byte> payload)
    {
        var reader = new Utf8JsonReader(payload, isFinalBlock: true, state: default);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            var invocation = false;
            var target = false;
            WireEvent? evt = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    invocation = reader.TokenType == JsonTokenType.Number && reader.GetInt32() == HubProtocolConstants.InvocationMessageType;
                }
                else if (reader.ValueTextEquals("target"u8))
                {
                    reader.Read();
                    target = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(HubNames.MeetingEvent);
                }
                else if (reader.ValueTextEquals("arguments"u8))
                {
                    // The server writes the target first; arguments met before it are left to the full protocol.
                    if (!target) return null;
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartArray || !reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
                    evt = ReadEvent(ref reader);
                    if (evt is null) return null;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) reader.Skip();
                }
                else
                {
                    // invocationId, headers, streamIds: a push carries none that a watcher needs.
                    reader.Read();
                    reader.Skip();
                }
            }
            return invocation && target ? evt : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static WireEvent? ReadEvent(ref Utf8JsonReader reader)
    {
        var evt = new WireEvent();
        var seq = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("seq"u8))
            {
                reader.Read();
                evt.Seq = reader.GetInt64();
                seq = true;
            }
            else if (reader.ValueTextEquals("epoch"u8))
            {
                reader.Read();
                evt.Epoch = reader.GetInt64();
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                evt.Type = reader.GetString();
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                evt.Data = ReadData(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return seq ? evt : null;
    }

    private static WireData? ReadData(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }
        var data = new WireData();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var actionPoint = reader.ValueTextEquals("actionPoint"u8);
            reader.Read();
            if (actionPoint && reader.TokenType == JsonTokenType.StartObject)
            {
                data.ActionPoint = new WireActionPoint();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var description = reader.ValueTextEquals("description"u8);
                    reader.Read();
                    if (description && reader.TokenType == JsonTokenType.String) data.ActionPoint.Description = reader.GetString();
                    else reader.Skip();
                }
            }
            else reader.Skip();
        }
        return data;
    }
}
