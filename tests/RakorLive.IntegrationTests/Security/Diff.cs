namespace RakorLive.IntegrationTests.Security;

public static class Diff
{
    /// <summary>Where two JSON texts first differ, with a little context, so a failure names the change instead of dumping both.</summary>
    public static string FirstDifference(string before, string after)
    {
        var at = 0;
        while (at < before.Length && at < after.Length && before[at] == after[at]) at++;
        var from = Math.Max(0, at - 80);
        return $"first difference at character {at}:\n    before …{Slice(before, from)}…\n    after  …{Slice(after, from)}…";
    }

    private static string Slice(string text, int from) => from >= text.Length ? "" : text.Substring(from, Math.Min(240, text.Length - from));
}
