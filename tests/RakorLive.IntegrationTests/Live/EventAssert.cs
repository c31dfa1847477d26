using RakorLive.Json;
using System.Text.Json;
using RakorLive.Client;
using RakorLive.Events;

namespace RakorLive.IntegrationTests.Live;

/// <summary>Assertions on event sequences and on snapshots, compared by their wire JSON (records with lists do not compare by value).</summary>
public static class EventAssert
{
    public static string Json(object? value) => JsonSerializer.Serialize(value, RakorLiveJson.Options);

    /// <summary>Exactly the seqs from..to, each once, in order.</summary>
    public static void Contiguous(IReadOnlyList<MeetingEvent> events, long from, long to, string who)
    {
        var seqs = events.Select(e => e.Seq).ToList();
        var expected = LongRange(from, to);
        if (!seqs.SequenceEqual(expected))
        {
            var missing = expected.Except(seqs).Take(10);
            var duplicated = seqs.GroupBy(s => s).Where(g => g.Count() > 1).Select(g => g.Key).Take(10);
            Assert.Fail($"{who}: expected seqs {from}..{to} ({expected.Count}), got {seqs.Count}; missing [{string.Join(",", missing)}], " +
                $"duplicated [{string.Join(",", duplicated)}], first out of order at index {FirstMismatch(seqs, expected)}.");
        }
    }

    public static void SameJson(object? expected, object? actual, string what)
    {
        var (left, right) = (Json(expected), Json(actual));
        if (left == right) return;
        var at = 0;
        while (at < Math.Min(left.Length, right.Length) && left[at] == right[at]) at++;
        var from = Math.Max(0, at - 300);
        Assert.Fail($"{what} differs at character {at} of {left.Length}/{right.Length}:\nexpected …{Excerpt(left, from, at)}\nactual   …{Excerpt(right, from, at)}");
    }

    private static string Excerpt(string json, int from, int at) => json[from..Math.Min(json.Length, at + 120)];

    public static List<long> LongRange(long from, long to) =>
        from > to ? [] : Enumerable.Range(0, (int)(to - from + 1)).Select(i => from + i).ToList();

    private static int FirstMismatch(List<long> actual, List<long> expected)
    {
        for (var i = 0; i < Math.Min(actual.Count, expected.Count); i++)
            if (actual[i] != expected[i]) return i;
        return Math.Min(actual.Count, expected.Count);
    }
}
