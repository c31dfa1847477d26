using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using RakorLive.Wire;

namespace RakorLive.IntegrationTests.Security;

/// <summary>
/// Talks to the hub over a raw WebSocket, below the SignalR client, so it can send what no client would: unknown
/// methods, wrong argument counts and types, huge numbers, deep nesting, unknown message types, garbage and binary
/// frames, invalid UTF-8, messages over the receive limit, broken handshakes.
/// </summary>
public sealed class HubFuzzer(Fuzzer fuzzer, Uri baseAddress)
{
    private const char Separator = '\u001e';
    private static readonly string[] Targets =
    [
        HubNames.JoinMeeting, HubNames.JoinMeetingAt, HubNames.LeaveMeeting, HubNames.WatchFollowUps,
        "joinmeeting", "OnConnectedAsync", "OnDisconnectedAsync", "Dispose", "Foo", "", new string('M', 500), "Join Meeting", "<script>",
    ];

    /// <summary>What one message got: "ok", "error" (a hub error the caller can read), "closed" (the server closed the socket).</summary>
    public sealed record Outcome(string Result, string Sent, string? Answer);

    /// <summary>One connection's messages, drawn from the seed.</summary>
    public sealed record Session(IReadOnlyList<Message> Messages, string? BadHandshake);

    public Session Plan(IReadOnlyDictionary<string, string> ids, int messages)
    {
        var random = fuzzer.Random;
        var plan = Enumerable.Range(0, messages).Select(_ => NextMessage(random, ids)).ToList();
        var badHandshake = random.Next(12) == 0 ? Pick(random, ["{\"protocol\":\"xml\",\"version\":1}\u001e", "{\"protocol\":\"json\",\"version\":99}\u001e", "{\"protocol\":\"json\"", "garbage\u001e", "{}\u001e", "{\"protocol\":\"messagepack\",\"version\":1}\u001e"]) : null;
        return new Session(plan, badHandshake);
    }

    /// <summary>One connection with a handful of messages; returns what each message got ("timeout" when the server did not answer in time).</summary>
    public async Task<IReadOnlyList<Outcome>> SessionAsync(Session session, string? token, CancellationToken cancel)
    {
        try
        {
            return await RunAsync(session, token, cancel);
        }
        catch (OperationCanceledException)
        {
            return [new Outcome("timeout", string.Join(" | ", session.Messages.Select(m => m.Describe)), null)];
        }
    }

    private async Task<IReadOnlyList<Outcome>> RunAsync(Session session, string? token, CancellationToken cancel)
    {
        var (plan, badHandshake) = (session.Messages, session.BadHandshake);
        var outcomes = new List<Outcome>();

        using var socket = new ClientWebSocket();
        var uri = new UriBuilder(baseAddress) { Scheme = "ws", Path = HubNames.MeetingHubPath, Query = token is null ? "" : $"{HubNames.AccessTokenParameter}={Uri.EscapeDataString(token)}" }.Uri;
        var reader = new FrameReader(socket);
        string? handshake;
        using (var opening = CancellationTokenSource.CreateLinkedTokenSource(cancel))
        {
            opening.CancelAfter(TimeSpan.FromSeconds(20));
            try
            {
                await socket.ConnectAsync(uri, opening.Token);
                await SendText(socket, badHandshake ?? "{\"protocol\":\"json\",\"version\":1}\u001e", opening.Token);
                handshake = await reader.NextAsync(opening.Token);
            }
            catch (WebSocketException e) when (socket.State is WebSocketState.None or WebSocketState.Connecting or WebSocketState.Closed)
            {
                // Refused at the upgrade (no or a forged token: 401): every planned message is refused with it.
                return [.. plan.Select(p => new Outcome("refused", p.Describe, e.Message))];
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                return [new Outcome("timeout", $"upgrade and handshake {(badHandshake is null ? "(valid)" : badHandshake)}", $"state {socket.State}: no handshake answer within 20 s")];
            }
        }
        if (handshake is null || badHandshake is not null || handshake.Contains("\"error\"", StringComparison.Ordinal))
            return [.. plan.Select(p => new Outcome("closed", (badHandshake ?? "") + p.Describe, handshake))];

        var id = 0;
        foreach (var message in plan)
        {
            // Each message gets 10 s: one the server never answers is named, not the whole session.
            using var step = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            step.CancelAfter(TimeSpan.FromSeconds(10));
            try
            {
                if (!await StepAsync(socket, reader, message, () => (++id).ToString(System.Globalization.CultureInfo.InvariantCulture), outcomes, step.Token)) break;
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                outcomes.Add(new Outcome("timeout", message.Describe, $"no answer within 10 s; earlier in the session: {string.Join(" | ", outcomes.Select(o => o.Result + " " + o.Sent))}"));
                break;
            }
        }
        // Says goodbye without waiting for the server's close frame (events it pushes meanwhile are not read).
        if (socket.State == WebSocketState.Open)
        {
            using var closing = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try { await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", closing.Token); }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException) { }
        }
        return outcomes;
    }

    /// <summary>Sends one message and, for an invocation, waits for its completion; false once the socket is gone.</summary>
    private static async Task<bool> StepAsync(ClientWebSocket socket, FrameReader reader, Message message, Func<string> nextId, List<Outcome> outcomes, CancellationToken cancel)
    {
        {
            if (socket.State != WebSocketState.Open) { outcomes.Add(new Outcome("closed", message.Describe, "socket closed")); return true; }
            var invocationId = message.ExpectsCompletion ? nextId() : null;
            try
            {
                await socket.SendAsync(message.Bytes(invocationId), message.Binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text, true, cancel);
            }
            catch (WebSocketException e) { outcomes.Add(new Outcome("closed", message.Describe, e.Message)); return false; }
            catch (IOException e) { outcomes.Add(new Outcome("closed", message.Describe, e.Message)); return false; }
            if (invocationId is null)
            {
                // No answer expected: a message that breaks the protocol closes the connection, which the next step sees.
                outcomes.Add(new Outcome(message.ClosesConnection ? "closed" : "sent", message.Describe, null));
                return true;
            }
            var outcome = await AwaitCompletion(reader, invocationId, message.Describe, cancel);
            outcomes.Add(outcome);
            return outcome.Result != "closed";
        }
    }

    /// <summary>
    /// A hub error that is the server's fault: the hub filter turns every failure into "HubException: &lt;status&gt; …", so a
    /// 5xx status there, or an exception that reached SignalR without passing the filter (no status), is one.
    /// SignalR's own refusals of malformed calls ("Failed to invoke …", unknown methods) are the caller's fault.
    /// </summary>
    public static bool IsServerError(string error)
    {
        const string marker = "HubException: ";
        var at = error.IndexOf(marker, StringComparison.Ordinal);
        if (at >= 0) return error.Length > at + marker.Length && error[at + marker.Length] == '5';
        return error.Contains("unexpected error", StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<Outcome> AwaitCompletion(FrameReader reader, string invocationId, string sent, CancellationToken cancel)
    {
        while (true)
        {
            var message = await reader.NextAsync(cancel);
            if (message is null) return new Outcome("closed", sent, "socket closed");
            JsonElement json;
            try { json = JsonDocument.Parse(message).RootElement; }
            catch (JsonException) { return new Outcome("unreadable", sent, message); }
            var type = json.TryGetProperty("type", out var t) ? t.GetInt32() : 0;
            if (type == 7) return new Outcome("closed", sent, message);
            if (type != 3 || json.GetProperty("invocationId").GetString() != invocationId) continue; // pings, pushed events
            return json.TryGetProperty("error", out var error) ? new Outcome("error", sent, error.GetString()) : new Outcome("ok", sent, message.Length > 200 ? message[..200] : message);
        }
    }

    public sealed record Message(string Describe, Func<string?, ArraySegment<byte>> Bytes, bool ExpectsCompletion, bool Binary = false, bool ClosesConnection = false);

    private static Message NextMessage(Random random, IReadOnlyDictionary<string, string> ids)
    {
        string Arg() => RandomArgument(random, ids);
        switch (random.Next(10))
        {
            case < 5: // an invocation: a known or unknown method, any number of arguments of any type
            {
                var target = Pick(random, Targets);
                var args = string.Join(",", Enumerable.Range(0, random.Next(0, 5)).Select(_ => Arg()));
                var text = $"{{\"type\":1,\"invocationId\":\"{{ID}}\",\"target\":{JsonSerializer.Serialize(target)},\"arguments\":[{args}]}}";
                return Text($"invoke {Short(text)}", text, true);
            }
            case 5: // a well-formed call with the right arity and real ids
            {
                var target = Pick(random, [HubNames.JoinMeeting, HubNames.JoinMeetingAt, HubNames.LeaveMeeting, HubNames.WatchFollowUps]);
                var meeting = JsonSerializer.Serialize(Pick(random, ids.Values.ToList()));
                var args = target switch
                {
                    HubNames.JoinMeeting => $"{meeting},{Pick(random, ["0", "-1", "9223372036854775807", "3"])}",
                    HubNames.JoinMeetingAt => $"{meeting},0,{Pick(random, ["0", "1", "-5", "9223372036854775807"])}",
                    HubNames.LeaveMeeting => meeting,
                    _ => Pick(random, ["null", "\"PUPR\"", "\"DINKES\"", "\"DINAS-FIKTIF\"", "\"<b>x</b>\""]),
                };
                var text = $"{{\"type\":1,\"invocationId\":\"{{ID}}\",\"target\":\"{target}\",\"arguments\":[{args}]}}";
                return Text($"invoke {Short(text)}", text, true);
            }
            case 6: // message types no method expects: stream invocation, cancel, unknown, missing fields
            {
                var text = Pick(random,
                [
                    "{\"type\":4,\"invocationId\":\"{ID}\",\"target\":\"JoinMeeting\",\"arguments\":[\"x\",0]}",
                    "{\"type\":5,\"invocationId\":\"nope\"}", "{\"type\":99}", "{\"type\":1}", "{\"type\":1,\"target\":\"JoinMeeting\"}",
                    "{\"type\":\"1\",\"invocationId\":\"{ID}\",\"target\":\"JoinMeeting\",\"arguments\":[]}", "{\"type\":1,\"invocationId\":\"{ID}\",\"target\":7,\"arguments\":[]}",
                    "{\"type\":1,\"invocationId\":\"{ID}\",\"target\":\"JoinMeeting\",\"arguments\":{}}", "{\"type\":6}",
                    "{\"type\":1,\"invocationId\":\"{ID}\",\"target\":\"JoinMeeting\",\"arguments\":[\"x\",0],\"streamIds\":[\"s1\"]}",
                    "{\"type\":2,\"invocationId\":\"x\",\"item\":1}", "{\"type\":3,\"invocationId\":\"x\",\"result\":1}",
                ]);
                // Unknown shapes may close the connection; nothing to wait for unless it carries an invocation id we can match.
                return Text($"message {Short(text)}", text, false, closes: !text.Contains("\"type\":6", StringComparison.Ordinal));
            }
            case 7: // garbage: random bytes, invalid UTF-8, no separator, binary frames
            {
                var bytes = new byte[random.Next(1, 600)];
                random.NextBytes(bytes);
                var kind = random.Next(4);
                byte[] payload = kind switch
                {
                    0 => [.. bytes, 0x1e],
                    1 => [.. "{\"type\":1,\"target\":\""u8, 0xFF, 0xFE, 0xC0, 0x80, .. "\",\"arguments\":[]}"u8, 0x1e],
                    2 => Encoding.UTF8.GetBytes("{\"type\":1,\"invocationId\":\"x\",\"target\":\"JoinMeeting\""), // no separator, never finished
                    _ => bytes,
                };
                return new Message($"garbage({kind}) {payload.Length} bytes", _ => payload, false, Binary: kind == 3, ClosesConnection: true);
            }
            case 8: // over MaximumReceiveMessageSize, or deeply nested
            {
                if (random.Next(2) == 0)
                {
                    var text = "{\"type\":1,\"invocationId\":\"{ID}\",\"target\":\"JoinMeeting\",\"arguments\":[\"" + new string('x', Rules.Limits.HubMessageBytes + random.Next(1, 100_000)) + "\",0]}";
                    return Text($"oversized {text.Length} chars", text, false, closes: true);
                }
                var depth = Pick(random, [65, 500, 5000]);
                var nested = string.Concat(Enumerable.Repeat("[", depth)) + string.Concat(Enumerable.Repeat("]", depth));
                var deep = $"{{\"type\":1,\"invocationId\":\"{{ID}}\",\"target\":\"JoinMeeting\",\"arguments\":[{nested},0]}}";
                return Text($"nested {depth}", deep, false, closes: true);
            }
            default: // several invocations in one frame
            {
                var one = $"{{\"type\":1,\"target\":\"LeaveMeeting\",\"arguments\":[{Arg()}]}}";
                var text = string.Join(Separator, Enumerable.Repeat(one, random.Next(2, 20)));
                return Text($"batch {Short(one)}", text, false);
            }
        }
    }

    private static Message Text(string describe, string text, bool expectsCompletion, bool closes = false) =>
        new(describe, id => Encoding.UTF8.GetBytes(text.Replace("{ID}", id ?? "0", StringComparison.Ordinal) + Separator), expectsCompletion, ClosesConnection: closes);

    private static string RandomArgument(Random random, IReadOnlyDictionary<string, string> ids) => random.Next(8) switch
    {
        0 or 1 => JsonSerializer.Serialize(Pick(random, ids.Values.ToList())),
        2 => Pick(random, ["0", "-1", "1e309", "99999999999999999999999999", "1.5", "true", "null", "[]", "{}", "{\"a\":[1]}", "\"\"", "-9223372036854775809"]),
        3 => JsonSerializer.Serialize(Pick(random, Fuzzer.Xss)),
        4 => JsonSerializer.Serialize(new string('z', random.Next(65, 5000))),
        5 => "\"\\ud800\"",
        6 => JsonSerializer.Serialize(Pick(random, ["PUPR", "DINAS-FIKTIF", "..", "%00", "0f8fad5b-d9cb-469f-a165-70867728950e", "\u0000"])),
        _ => random.Next(-5, 1000).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string Short(string text) => text.Length > 160 ? text[..160] + "…" : text;

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static Task SendText(ClientWebSocket socket, string text, CancellationToken cancel) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cancel);

    /// <summary>Splits the server's frames into SignalR messages (separated by 0x1E); null once the socket closed.</summary>
    private sealed class FrameReader(ClientWebSocket socket)
    {
        private readonly Queue<string> _pending = new();
        private readonly StringBuilder _partial = new();

        public async Task<string?> NextAsync(CancellationToken cancel)
        {
            var buffer = new byte[16 * 1024];
            while (_pending.Count == 0)
            {
                if (socket.State is not (WebSocketState.Open or WebSocketState.CloseSent)) return null;
                WebSocketReceiveResult result;
                try { result = await socket.ReceiveAsync(buffer, cancel); }
                catch (WebSocketException) { return null; }
                catch (IOException) { return null; }
                if (result.MessageType == WebSocketMessageType.Close) return null;
                _partial.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
                var text = _partial.ToString();
                var last = text.LastIndexOf(Separator);
                if (last < 0) continue;
                foreach (var part in text[..last].Split(Separator)) _pending.Enqueue(part);
                _partial.Clear().Append(text[(last + 1)..]);
            }
            return _pending.Dequeue();
        }
    }
}
