using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RakorLive.IntegrationTests.Security;

/// <summary>Who sends a fuzzed request: the fixture's users, a join-code tablet, nobody, or a forged token.</summary>
public enum FuzzCaller { Anonymous, Admin, Secretariat, PuprHead, Chair, JoinTablet, Forged }

/// <summary>
/// One generated request, fully decided from the seed before it is sent: replaying the seed sends the same bytes
/// (ids are those of the entities the run made, looked up by name when sent).
/// </summary>
public sealed record FuzzRequest(int Index, string Kind, string Method, string Path, FuzzCaller Caller, byte[]? Body, string? ContentType,
    bool Chunked = false, IReadOnlyList<(string Name, string Value)>? Headers = null, bool MayChange = false, string? Route = null)
{
    public string Describe(IReadOnlyDictionary<string, string> ids)
    {
        var body = Body is null ? "(no body)" : Body.Length > 300
            ? $"{Body.Length} bytes: {Printable(Body[..300])}…"
            : Printable(Body);
        var headers = Headers is { Count: > 0 } h ? " headers: " + string.Join(", ", h.Select(x => $"{x.Name}={(x.Value.Length > 60 ? x.Value[..60] + $"…({x.Value.Length})" : x.Value)}")) : "";
        return $"#{Index} [{Kind}] {Method} {Fuzzer.Resolve(Path, ids)} as {Caller}{(Chunked ? " (chunked)" : "")} {ContentType ?? ""}{headers} {body}";
    }

    private static string Printable(byte[] bytes)
    {
        var text = new UTF8Encoding(false, false).GetString(bytes);
        return new string([.. text.Select(c => char.IsControl(c) ? '·' : c)]);
    }
}

/// <summary>
/// Makes hostile requests for every route the server's own OpenAPI document lists: malformed and random JSON, wrong
/// types, invalid UTF-8, huge numbers, deep nesting, oversized bodies and headers, wrong content types, garbage ids,
/// and HTML and script in every text field. Real ids (in the path as <c>{{name}}</c>) are mixed in so handlers go deep.
/// </summary>
public sealed class Fuzzer(JsonElement openApi, int seed)
{
    /// <summary>Placeholders resolved at send time: the fixture's meetings, items, commitment, outcome, evidence.</summary>
    public static readonly string[] IdNames = ["S", "L", "C", "AP", "LI", "OC", "EV"];

    public static readonly string[] Xss =
    [
        "<img src=x onerror=window.__xss=1>",
        "</script><script>window.__xss=1</script>",
        "\"><svg onload=window.__xss=1>",
        "<a href=\"javascript:window.__xss=1\">klik</a>",
        "javascript:window.__xss=1",
        "'; window.__xss=1; //",
        "<iframe srcdoc=\"<script>parent.__xss=1</script>\">",
        "{{constructor.constructor('window.__xss=1')()}}",
        "=HYPERLINK(\"http://x.invalid\",\"klik\")",
        "+1+1", "-2+3", "@SUM(A1:A2)",
    ];

    private static readonly string[] GarbageSegments =
    [
        "0", "-1", "99999999999999999999999", "%FF%FE", "%00", "%2e%2e", "%2F..%2F..%2Fetc%2Fpasswd", "%3Cscript%3E", "null", "undefined",
        "%E2%80%AE", "%20", "rapat-%C3%BC", "%C0%80", "%ED%A0%80", "NaN", "true", "[]", "%7B%7D", "a'%20OR%20'1'='1", new string('x', 300),
        "0f8fad5b-d9cb-469f-a165-70867728950e", "00000000-0000-0000-0000-000000000000", "PUPR", "..", "~", "*",
    ];

    private static readonly string[] ExportFiles = ["matrix.xlsx", "matrix.csv", "notulen.html", "notulen.pdf", "attendance.xlsx", "notulen.exe", "matrix.xlsx.html", "NOTULEN.PDF", ""];
    private static readonly string[] OpdCodes = ["PUPR", "DINKES", "DISHUB", "BAPPEDA", "DINAS-FIKTIF", "pupr", "PU PR"];
    private static readonly string[] WrongTypes =
    [
        "0", "-1", "1.5", "1e309", "-1e309", "99999999999999999999999999999", "-9223372036854775809", "18446744073709551616", "true", "false", "null",
        "[]", "{}", "[[[[]]]]", "{\"a\":{\"b\":[1,2,{}]}}", "\"teks\"", "\"\"", "\"2026-13-40\"", "\"NaN\"", "\"1e309\"", "[\"PUPR\",7,null]", "0.0000000000000000000001",
        "1E+2147483648", "-0",
    ];
    private static readonly string[] Malformed =
    [
        "{", "}", "{\"a\":", "{\"a\":1,}", "{'title':'x'}", "{title:\"x\"}", "[", "\"", "{\"a\":1}{\"b\":2}", "{\"a\":NaN}", "{\"a\":Infinity}",
        "{\"a\":1 /* komentar */}", "{\"a\":\"\\x41\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\\ud800\"}", "\uFEFF{}", "{\"a\":01}", "{\"a\":.5}", "{\"a\":+1}",
        "{\"\":\"\"}", "{\"a\":\"b\" \"c\":1}", "nul", "tru", "{\"a\":[1,2,]}", "\u0000", "{\"a\":\"\u0001\"}", "<xml/>", "title=x&y=z",
    ];
    private static readonly string[] OddStrings =
    [
        "", " ", "\t\n", "\u0000", "\u0007", "\u202Etxt.exe", "\u200B", "😀😀😀", "مسجد 会议", "\uFFFF", "../../etc/passwd", "%00", "' OR '1'='1",
        "null", "NaN", "-1", "${jndi:ldap://x.invalid/a}", "\r\nX-Injected: 1", "C:\\Windows\\System32", "ǅ̀̀̀̀̀̀̀̀̀̀̀̀̀̀", "A\u0300\u0301\u0302\u0303",
    ];
    private static readonly string[] ContentTypes =
    [
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=latin1",
        "application/json; charset=utf-16", "application/*", "*/*", "application/merge-patch+json", "application/jsonx", ";;;", "application/json; boundary",
    ];

    private readonly Random _random = new(seed);
    private int _visited;
    private readonly IReadOnlyList<Operation> _operations = Operations(openApi);
    private readonly JsonElement _schemas = openApi.TryGetProperty("components", out var c) && c.TryGetProperty("schemas", out var s) ? s : default;

    public IReadOnlyList<Operation> Routes => _operations;

    public sealed record Operation(string Method, string Template, IReadOnlyList<(string Name, string In, JsonElement Schema)> Parameters,
        string? BodyType, JsonElement BodySchema);

    public static IReadOnlyList<Operation> Operations(JsonElement openApi)
    {
        var list = new List<Operation>();
        foreach (var path in openApi.GetProperty("paths").EnumerateObject())
        foreach (var op in path.Value.EnumerateObject())
        {
            if (op.Name is not ("get" or "post" or "put" or "patch" or "delete")) continue;
            var parameters = new List<(string, string, JsonElement)>();
            if (op.Value.TryGetProperty("parameters", out var ps))
                foreach (var p in ps.EnumerateArray())
                    parameters.Add((p.GetProperty("name").GetString()!, p.GetProperty("in").GetString()!, p.TryGetProperty("schema", out var sc) ? sc : default));
            string? bodyType = null;
            JsonElement bodySchema = default;
            if (op.Value.TryGetProperty("requestBody", out var rb) && rb.TryGetProperty("content", out var content))
                foreach (var ct in content.EnumerateObject())
                {
                    bodyType = ct.Name;
                    bodySchema = ct.Value.TryGetProperty("schema", out var bs) ? bs : default;
                    if (ct.Name == "application/json") break;
                }
            list.Add(new Operation(op.Name.ToUpperInvariant(), path.Name, parameters, bodyType, bodySchema));
        }
        return list;
    }

    /// <summary>Replaces the {{name}} placeholders with the run's ids.</summary>
    public static string Resolve(string text, IReadOnlyDictionary<string, string> ids)
    {
        foreach (var (name, value) in ids) text = text.Replace("{{" + name + "}}", value, StringComparison.Ordinal);
        return text;
    }

    public FuzzRequest Next(int index, bool html)
    {
        // A few requests go to routes no document lists (unknown paths, wrong methods, the hub's HTTP side, the pages).
        if (!html && _random.NextDouble() < 0.06) return OffTheMap(index);
        // Every route once first (so even a short run covers them all), then at random.
        var op = _visited < _operations.Count ? _operations[_visited++] : Pick(_operations);
        var caller = PickCaller();
        var path = BuildPath(op, html);
        var headers = new List<(string, string)>();
        if (op.Method == "PATCH")
            headers.Add(("If-Match", html ? "\"1\"" : Pick(["\"1\"", "\"999999\"", "\"-1\"", "W/\"1\"", "*", "teks", "\"99999999999999999999\"", "\"1.5\"", "", "\"1\", \"2\""])));
        if (!html) AddOddHeaders(headers);

        byte[]? body = null;
        string? contentType = null;
        var chunked = false;
        var kind = html ? "html" : "params";
        if (op.BodyType is "application/json")
        {
            if (html)
            {
                body = Utf8(Render(Plausible(op.BodySchema, xss: true)));
                contentType = "application/json";
            }
            else
            {
                (kind, body, contentType, chunked) = HostileJson(op.BodySchema);
            }
        }
        else if (op.BodyType is { } multipart && multipart.StartsWith("multipart/", StringComparison.Ordinal))
        {
            (kind, body, contentType) = HostileMultipart(html);
        }
        else if (!html && _random.NextDouble() < 0.15)
        {
            // A body where none is expected.
            kind = "unexpected-body";
            body = Utf8(Pick(Malformed));
            contentType = "application/json";
        }
        return new FuzzRequest(index, kind, op.Method, path, caller, body, contentType, chunked, headers, MayChange: html, Route: $"{op.Method} {op.Template}");
    }

    private FuzzRequest OffTheMap(int index)
    {
        var op = Pick(_operations);
        return _random.Next(6) switch
        {
            0 => new FuzzRequest(index, "unknown-route", Pick(["GET", "POST", "PATCH", "DELETE"]), "/api/" + Pick(GarbageSegments) + "/" + Pick(GarbageSegments), PickCaller(), null, null),
            1 => new FuzzRequest(index, "wrong-method", Pick(["PUT", "OPTIONS", "DELETE", "PATCH", "POST"]), BuildPath(op, false), PickCaller(),
                Utf8("{}"), "application/json"),
            2 => new FuzzRequest(index, "hub-http", Pick(["POST", "GET"]), "/hubs/meeting/negotiate?negotiateVersion=" + Pick(["1", "x", "-1", "99999999999"]),
                PickCaller(), Utf8(Pick(Malformed)), "text/plain"),
            3 => new FuzzRequest(index, "hub-http", "GET", "/hubs/meeting?id=" + Pick(GarbageSegments), PickCaller(), null, null),
            4 => new FuzzRequest(index, "page", "GET", $"/meetings/{PathId()}/{Pick(["screen", "tablet", "desk", "xyz"])}", PickCaller(), null, null),
            _ => new FuzzRequest(index, "oversized-header", "GET", BuildPath(op, false), PickCaller(), null, null,
                Headers: [("X-Rakor-Padding", new string('h', _random.Next(17_000, 28_000)))]),
        };
    }

    private void AddOddHeaders(List<(string, string)> headers)
    {
        var roll = _random.NextDouble();
        if (roll < 0.04) headers.Add(("Accept-Language", Pick(["xx;q=abc", "en;q=2", new string('e', 2000), "*", "id-ID,en;q=0.5", "id-ID;q=0.9,*;q=0.1"])));
        else if (roll < 0.06) headers.Add(("Accept", Pick(["application/xml", "text/html", "*/*;q=-1", "image/png"])));
        else if (roll < 0.08) headers.Add(("X-Forwarded-For", Pick(["1.2.3.4, <script>", "::::", new string('9', 500)])));
        // Header values are ASCII without line breaks: HttpClient refuses to send anything else.
        else if (roll < 0.10) headers.Add(("Idempotency-Key", Pick(OddStrings.Where(t => t.All(c => c is >= ' ' and <= '~')).ToList())));
    }

    private (string Kind, byte[] Body, string ContentType, bool Chunked) HostileJson(JsonElement schema)
    {
        var plausible = Plausible(schema, xss: false);
        switch (_random.Next(13))
        {
            case 0: // a few fields of the wrong type
            {
                var o = AsObject(plausible);
                foreach (var key in Some(o.Keys)) o[key] = new Raw(Pick(WrongTypes));
                return ("wrong-type", Utf8(Render(o)), "application/json", false);
            }
            case 1: // malformed JSON: a known bad text, or a valid body cut or corrupted at a random place
            {
                var text = Render(plausible);
                var bad = _random.Next(3) switch
                {
                    0 => Pick(Malformed),
                    1 => text[.._random.Next(Math.Max(1, text.Length))],
                    _ => text.Insert(_random.Next(text.Length), Pick(["\"", ",", "}", "]", ":", "\\", "{", "\u0000"])),
                };
                return ("malformed", Utf8(bad), "application/json", false);
            }
            case 2: // invalid UTF-8 in a string or between tokens
            {
                var text = Render(plausible);
                var at = _random.Next(text.Length);
                byte[][] invalid = [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82], [0x80, 0x80, 0x80]];
                return ("invalid-utf8", [.. Utf8(text[..at]), .. Pick(invalid), .. Utf8(text[at..])], "application/json", false);
            }
            case 3: // huge and odd numbers
            {
                var o = AsObject(plausible);
                foreach (var key in o.Keys.ToList()) if (_random.Next(2) == 0) o[key] = new Raw(Pick(["1e309", "-1e309", "99999999999999999999999999999999", "1E+2147483648", "-9223372036854775809", "4.9e-325", new string('9', 5000)]));
                return ("huge-number", Utf8(Render(o)), "application/json", false);
            }
            case 4: // deep nesting, inside a field or as the whole body
            {
                var depth = Pick([33, 65, 200, 1000, 10_000]);
                var (open, close) = _random.Next(2) == 0 ? ("[", "]") : ("{\"a\":", "}");
                var nested = string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));
                var o = AsObject(plausible);
                if (o.Count > 0 && _random.Next(2) == 0) o[Pick(o.Keys.ToList())] = new Raw(nested);
                return ("deep-nesting", Utf8(o.Count > 0 && _random.Next(2) == 0 ? Render(o) : nested), "application/json", false);
            }
            case 5: // oversized: above the 64 KB limit, with and without a Content-Length
            {
                var o = AsObject(plausible);
                o[o.Count > 0 ? Pick(o.Keys.ToList()) : "padding"] = new string('x', (int)Rules.Limits.MaxRequestBodyBytes + _random.Next(1, 200_000));
                return ("oversized-body", Utf8(Render(o)), "application/json", _random.Next(2) == 0);
            }
            case 6: // wrong content type
                return ("content-type", Utf8(Render(plausible)), Pick(ContentTypes), false);
            case 7: // not an object, or an empty one, or fields missing
            {
                if (_random.Next(2) == 0) return ("not-object", Utf8(Pick(["null", "[]", "\"teks\"", "42", "true", "[{}]", "{}", " "])), "application/json", false);
                var o = AsObject(plausible);
                foreach (var key in Some(o.Keys)) o.Remove(key);
                return ("missing-fields", Utf8(Render(o)), "application/json", false);
            }
            case 8: // strings over their limits
            {
                var o = AsObject(plausible);
                foreach (var key in Some(o.Keys)) o[key] = new string(Pick(['a', 'é', '会']), Pick([101, 121, 201, 1001, 2001, 4001, 12_000]));
                return ("overlong", Utf8(Render(o)), "application/json", false);
            }
            case 9: // control characters, lone surrogates, odd Unicode
            {
                var o = AsObject(plausible);
                foreach (var key in Some(o.Keys)) o[key] = _random.Next(3) == 0 ? new Raw("\"\\ud800x\\udfff\"") : Pick(OddStrings);
                return ("odd-text", Utf8(Render(o)), "application/json", false);
            }
            case 10: // random bytes
            {
                var bytes = new byte[_random.Next(1, 2000)];
                _random.NextBytes(bytes);
                return ("random-bytes", bytes, "application/json", false);
            }
            case 11: // duplicate keys, case games, unknown properties, null for everything
            {
                var text = Render(plausible);
                var variant = _random.Next(3) switch
                {
                    0 => text.TrimEnd('}') + (text.Length > 2 ? "," : "") + "\"commandId\":null,\"commandId\":7}",
                    1 => "{" + string.Join(",", AsObject(plausible).Keys.Select(k => $"\"{k.ToUpperInvariant()}\":null")) + "}",
                    _ => "{" + string.Join(",", AsObject(plausible).Keys.Select(k => $"\"{k}\":null")) + ",\"__proto__\":{\"admin\":true}}",
                };
                return ("keys", Utf8(variant), "application/json", false);
            }
            default: // random JSON of random shape
                return ("random-json", Utf8(RandomJson(0)), "application/json", false);
        }
    }

    private (string Kind, byte[] Body, string ContentType) HostileMultipart(bool html)
    {
        var boundary = "----rakor" + _random.Next();
        string Part(string name, string fileName, string type, string content) =>
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{fileName}\"\r\nContent-Type: {type}\r\n\r\n{content}\r\n";
        if (html)
            return ("html", Utf8(Part("file", Pick(Xss) + ".txt", "text/plain", "Laporan " + Pick(Xss)) + $"--{boundary}--\r\n"), $"multipart/form-data; boundary={boundary}");
        return _random.Next(5) switch
        {
            0 => ("multipart", Utf8(Part("file", "a.pdf", "application/pdf", "bukan pdf")), $"multipart/form-data; boundary={boundary}"), // no closing boundary
            1 => ("multipart", Utf8($"--{boundary}\r\nContent-Disposition: form-data\r\n\r\nx\r\n--{boundary}--\r\n"), $"multipart/form-data; boundary={boundary}"),
            2 => ("multipart", Utf8(Part("file", "a.txt", "text/plain", "x")), "multipart/form-data"), // no boundary parameter
            3 => ("multipart", Utf8(Part("file", "\u0000../../x", "text/plain", new string('x', 100)) + $"--{boundary}--\r\n"), $"multipart/form-data; boundary={new string('b', 200)}"),
            _ => ("multipart", Utf8(Pick(Malformed)), "application/json"),
        };
    }

    private string BuildPath(Operation op, bool html)
    {
        var path = op.Template;
        foreach (var (name, where, _) in op.Parameters.Where(p => p.In == "path"))
            path = path.Replace("{" + name + "}", html ? PlausiblePathValue(name) : PathValue(name), StringComparison.Ordinal);
        var query = new List<string>();
        foreach (var (name, where, schema) in op.Parameters.Where(p => p.In == "query"))
        {
            if (_random.Next(3) == 0) continue;
            query.Add($"{name}={(html ? Uri.EscapeDataString(Pick(Xss)) : QueryValue(name, schema))}");
            if (!html && _random.Next(10) == 0) query.Add($"{name}={QueryValue(name, schema)}"); // repeated
        }
        if (!html && _random.Next(8) == 0) query.Add($"{Pick(["x", "__proto__", "$filter", "page[]", "%FF"])}={Pick(GarbageSegments)}");
        return query.Count == 0 ? path : path + "?" + string.Join("&", query);
    }

    private string PlausiblePathValue(string name) => name switch
    {
        "code" => "PUPR",
        "file" => Pick(ExportFiles[..5]),
        "evidenceId" => "{{EV}}",
        _ => "{{" + Pick(IdNames) + "}}",
    };

    private string PathValue(string name)
    {
        // Mostly real ids of any kind (a commitment's id where a meeting's is expected goes deep too), else garbage.
        if (_random.NextDouble() < 0.65)
        {
            return name switch
            {
                "code" => Pick(OpdCodes),
                "file" => Pick(ExportFiles),
                _ => PathId(),
            };
        }
        return Pick(GarbageSegments);
    }

    private string PathId() => "{{" + Pick(IdNames) + "}}";

    private string QueryValue(string name, JsonElement schema)
    {
        if (_random.NextDouble() < 0.4)
        {
            var plausible = name switch
            {
                "status" => Pick(["Open", "InProgress", "AwaitingVerification", "Done", "Dropped"]),
                "opd" => Pick(OpdCodes),
                "meetingId" => PathId(),
                "overdue" => Pick(["true", "false"]),
                "dueBefore" or "from" or "to" => "2026-12-15",
                "page" => "1",
                "pageSize" => "20",
                "lang" => Pick(["id", "en"]),
                "afterSeq" or "epoch" or "limit" => Pick(["0", "1", "5"]),
                "key" => "kunci",
                _ => "x",
            };
            return Uri.EscapeDataString(plausible).Replace("%7B", "{", StringComparison.Ordinal).Replace("%7D", "}", StringComparison.Ordinal);
        }
        return _random.Next(3) == 0 ? Uri.EscapeDataString(Pick(Xss)) : Pick(GarbageSegments);
    }

    private FuzzCaller PickCaller()
    {
        var roll = _random.NextDouble();
        return roll switch
        {
            < 0.30 => FuzzCaller.Secretariat,
            < 0.45 => FuzzCaller.Chair,
            < 0.60 => FuzzCaller.PuprHead,
            < 0.72 => FuzzCaller.Admin,
            < 0.82 => FuzzCaller.Anonymous,
            < 0.88 => FuzzCaller.JoinTablet,
            _ => FuzzCaller.Forged,
        };
    }

    // ---------- plausible bodies from the schema ----------

    /// <summary>A raw JSON fragment (numbers and structures no JsonNode can hold).</summary>
    private sealed record Raw(string Json);

    private Dictionary<string, object?> AsObject(object? value) => value as Dictionary<string, object?> ?? [];

    /// <summary>A body the route would accept, built from its schema; with <paramref name="xss"/> every free text holds a script payload.</summary>
    private object? Plausible(JsonElement schema, bool xss, string? name = null, int depth = 0)
    {
        schema = Deref(schema);
        if (schema.ValueKind != JsonValueKind.Object || depth > 4) return null;
        if (schema.TryGetProperty("enum", out var values) && values.GetArrayLength() > 0)
            return values[_random.Next(values.GetArrayLength())].ToString();
        var type = TypeOf(schema);
        switch (type)
        {
            case "object":
                var o = new Dictionary<string, object?>();
                if (schema.TryGetProperty("properties", out var props))
                    foreach (var p in props.EnumerateObject()) o[p.Name] = Plausible(p.Value, xss, p.Name, depth + 1);
                return o;
            case "array":
                if (name is "supportingOpds") return new List<object?> { "DISHUB" };
                if (name is "evidenceIds") return new List<object?> { "{{EV}}" };
                if (name is "itemIds" or "agendaItemIds") return new List<object?> { "{{LI}}" };
                return schema.TryGetProperty("items", out var items) ? new List<object?> { Plausible(items, xss, null, depth + 1) } : new List<object?>();
            case "integer" or "number":
                return name switch
                {
                    "percent" => 50,
                    "timeboxMinutes" => 10,
                    _ => 1,
                };
            case "boolean":
                return name is "accepted" && _random.Next(2) == 0;
            default:
                return PlausibleString(name, schema, xss);
        }
    }

    private string PlausibleString(string? name, JsonElement schema, bool xss) => name switch
    {
        "commandId" => "fuzz-" + _random.Next().ToString("x", CultureInfo.InvariantCulture) + _random.Next().ToString("x", CultureInfo.InvariantCulture),
        "scheduledStart" => Api.MeetingStart,
        "dueDate" => Api.ValidDueDate,
        "ownerOpd" or "presenterOpd" or "opd" => "PUPR",
        "kind" => Pick(["Note", "Decision", "Directive"]),
        "role" => Pick(["Viewer", "OpdHead", "Chair"]),
        "timeZone" => "Asia/Jakarta",
        "agendaItemId" => "{{LI}}",
        "carryOverFrom" => "{{C}}",
        "status" => Pick(["InProgress", "Dropped", "Open"]),
        "evidenceUrl" => xss ? "https://bukti.example/" + Uri.EscapeDataString(Pick(Xss)) : "https://bukti.example/laporan",
        "password" => "rahasia-fuzz-2026",
        "username" => "fuzz" + _random.Next(1_000_000).ToString(CultureInfo.InvariantCulture),
        "code" => xss ? "FZ" + _random.Next(100_000).ToString(CultureInfo.InvariantCulture) : "PUPR",
        _ when schema.TryGetProperty("format", out var f) && f.GetString() is "date-time" => Api.MeetingStart,
        _ when schema.TryGetProperty("format", out var f) && f.GetString() is "date" => Api.ValidDueDate,
        _ => xss ? Pick(Xss) + " " + (name ?? "teks") : "Teks uji " + (name ?? ""),
    };

    private JsonElement Deref(JsonElement schema)
    {
        for (var i = 0; i < 5 && schema.ValueKind == JsonValueKind.Object; i++)
        {
            if (schema.TryGetProperty("$ref", out var r) && r.GetString() is { } reference && reference.StartsWith("#/components/schemas/", StringComparison.Ordinal)
                && _schemas.ValueKind == JsonValueKind.Object && _schemas.TryGetProperty(reference["#/components/schemas/".Length..], out var target))
                schema = target;
            else if ((schema.TryGetProperty("oneOf", out var one) || schema.TryGetProperty("anyOf", out one)) && one.GetArrayLength() > 0)
                schema = one.EnumerateArray().FirstOrDefault(x => TypeOf(Deref(x)) != "null");
            else break;
        }
        return schema;
    }

    private static string TypeOf(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("type", out var t)) return schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out _) ? "object" : "string";
        if (t.ValueKind == JsonValueKind.String) return t.GetString()!;
        if (t.ValueKind == JsonValueKind.Array)
            return t.EnumerateArray().Select(x => x.GetString()!).FirstOrDefault(x => x != "null") ?? "null";
        return "string";
    }

    private static string Render(object? value) => value switch
    {
        null => "null",
        Raw raw => raw.Json,
        string s => JsonSerializer.Serialize(s, RelaxedJson),
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        Dictionary<string, object?> o => "{" + string.Join(",", o.Select(kv => JsonSerializer.Serialize(kv.Key) + ":" + Render(kv.Value))) + "}",
        List<object?> a => "[" + string.Join(",", a.Select(Render)) + "]",
        _ => JsonSerializer.Serialize(value),
    };

    /// <summary>Sends &lt; &gt; &amp; ' as they are, not as \u escapes: the server must cope with the raw characters.</summary>
    private static readonly JsonSerializerOptions RelaxedJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private string RandomJson(int depth) => (_random.Next(depth > 3 ? 4 : 7)) switch
    {
        0 => Pick(WrongTypes),
        1 => JsonSerializer.Serialize(Pick(OddStrings)),
        2 => JsonSerializer.Serialize(Pick(Xss), RelaxedJson),
        3 => _random.Next(-1000, 1000).ToString(CultureInfo.InvariantCulture),
        4 => "[" + string.Join(",", Enumerable.Range(0, _random.Next(4)).Select(_ => RandomJson(depth + 1))) + "]",
        _ => "{" + string.Join(",", Enumerable.Range(0, _random.Next(5)).Select(_ =>
            JsonSerializer.Serialize(Pick(["commandId", "title", "text", "percent", "opd", "kind", "id", "x", ""])) + ":" + RandomJson(depth + 1))) + "}",
    };

    private IEnumerable<string> Some(IEnumerable<string> keys)
    {
        var list = keys.ToList();
        if (list.Count == 0) return [];
        return list.OrderBy(_ => _random.Next()).Take(_random.Next(1, Math.Min(3, list.Count) + 1)).ToList();
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    public Random Random => _random;

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
