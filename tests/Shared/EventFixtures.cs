using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using RakorLive.Events;
using RakorLive.Json;
using RakorLive.Model;

namespace RakorLive.TestFixtures;

// Compiled into the unit tests and the client tests alike (linked, not copied), so both read the recorded streams
// in tests/fixtures/events the same way and report a disagreement the same way.

/// <summary>A checkpoint of a stream: the server's snapshot once the events up to <see cref="Seq"/> were applied.</summary>
/// <param name="Note">Set where the snapshot is not a grain's answer but its fold inside one command, and why.</param>
public sealed record EventFixtureCheckpoint(long Seq, MeetingSnapshot Snapshot, string? Note = null);

/// <summary>One file of tests/fixtures/events as the recorder writes it.</summary>
public sealed record EventFixtureFile(
    string Name,
    string Description,
    MeetingSnapshot Initial,
    IReadOnlyList<MeetingEvent> Events,
    IReadOnlyList<EventFixtureCheckpoint> Checkpoints,
    MeetingSnapshot Expected);

/// <summary>
/// A recorded stream as the checks read it. The snapshots to compare with stay raw JSON: comparing with what the file
/// says, not with what deserialising it yields, keeps a field the contract types dropped from passing unnoticed.
/// </summary>
public sealed record EventFixture(
    string File,
    string Name,
    string Description,
    MeetingSnapshot Initial,
    IReadOnlyList<MeetingEvent> Events,
    IReadOnlyList<(long Seq, JsonNode Snapshot)> Checkpoints,
    JsonNode Expected)
{
    /// <summary>Every snapshot the stream states, in seq order, the final one last.</summary>
    public IEnumerable<(long Seq, JsonNode Snapshot, string Label)> Snapshots() =>
        Checkpoints.Select(c => (c.Seq, c.Snapshot, $"checkpoint at seq {c.Seq}"))
            .Append((Events.Count == 0 ? Initial.Seq : Events[^1].Seq, Expected, "expected"))
            .OrderBy(s => s.Item1);
}

public static class EventFixtures
{
    /// <summary>Where the files land next to the test assembly (the test projects copy them there).</summary>
    public static string OutputDirectory => Path.Combine(AppContext.BaseDirectory, "fixtures", "events");

    /// <summary>The committed folder in the repository, found by walking up to RakorLive.sln (the recorder writes here).</summary>
    public static string SourceDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "RakorLive.sln")))
                return Path.Combine(dir.FullName, "tests", "fixtures", "events");
        throw new DirectoryNotFoundException($"No RakorLive.sln above {AppContext.BaseDirectory}.");
    }

    public static IReadOnlyList<string> FileNames() =>
        [.. Directory.GetFiles(OutputDirectory, "*.json").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    /// <summary>The file names, for theories (one test case per stream).</summary>
    public static TheoryData<string> Files() => [.. FileNames()];

    public static EventFixture Load(string file)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(OutputDirectory, file)))?.AsObject()
            ?? throw new JsonException($"{file} is empty.");
        JsonNode Required(JsonObject node, string name) => node[name] ?? throw new JsonException($"{file} has no '{name}'.");
        T Read<T>(JsonNode node) => node.Deserialize<T>(RakorLiveJson.Options) ?? throw new JsonException($"{file}: empty {typeof(T).Name}.");
        var checkpoints = (root["checkpoints"]?.AsArray() ?? [])
            .Select(c => c!.AsObject())
            .Select(c => (Required(c, "seq").GetValue<long>(), Required(c, "snapshot")))
            .ToList();
        return new EventFixture(
            file,
            Required(root, "name").GetValue<string>(),
            Required(root, "description").GetValue<string>(),
            Read<MeetingSnapshot>(Required(root, "initial")),
            [.. Required(root, "events").AsArray().Select(e => Read<MeetingEvent>(e!))],
            checkpoints,
            Required(root, "expected"));
    }

    /// <summary>How the recorder writes a file: the wire format, indented, with '+' and non-ASCII letters left readable.</summary>
    public static JsonSerializerOptions WriteOptions { get; } = new(RakorLiveJson.Options)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Write(EventFixtureFile fixture) => JsonSerializer.Serialize(fixture, WriteOptions) + "\n";

    /// <summary>Fails with every differing path when <paramref name="actual"/>, in the wire format, is not <paramref name="expected"/>.</summary>
    public static void AssertSameJson(JsonNode expected, MeetingSnapshot actual, string what)
    {
        var actualJson = JsonSerializer.SerializeToNode(actual, RakorLiveJson.Options);
        if (JsonNode.DeepEquals(expected, actualJson)) return;
        var differences = JsonDiff.Differences(expected, actualJson).ToList();
        Assert.Fail($"{what}: the fold differs from the recorded snapshot in {differences.Count} place(s):\n  "
            + string.Join("\n  ", differences.Take(40)));
    }
}

/// <summary>The paths where two JSON values differ, e.g. <c>$.attendance[0].name: expected "A", got "a"</c>.</summary>
public static class JsonDiff
{
    public static IEnumerable<string> Differences(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        switch (expected, actual)
        {
            case (JsonObject e, JsonObject a):
                foreach (var name in e.Select(p => p.Key).Union(a.Select(p => p.Key)))
                {
                    var child = $"{path}.{name}";
                    if (!a.ContainsKey(name)) yield return $"{child}: expected {Show(e[name])}, missing";
                    else if (!e.ContainsKey(name)) yield return $"{child}: not expected, got {Show(a[name])}";
                    else foreach (var d in Differences(e[name], a[name], child)) yield return d;
                }
                break;
            case (JsonArray e, JsonArray a):
                for (var i = 0; i < Math.Max(e.Count, a.Count); i++)
                {
                    var child = $"{path}[{i}]";
                    if (i >= a.Count) yield return $"{child}: expected {Show(e[i])}, missing";
                    else if (i >= e.Count) yield return $"{child}: not expected, got {Show(a[i])}";
                    else foreach (var d in Differences(e[i], a[i], child)) yield return d;
                }
                break;
            default:
                if (!JsonNode.DeepEquals(expected, actual)) yield return $"{path}: expected {Show(expected)}, got {Show(actual)}";
                break;
        }
    }

    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Show(JsonNode? node)
    {
        var text = node?.ToJsonString(Readable) ?? "null";
        return text.Length <= 120 ? text : text[..117] + "...";
    }
}
