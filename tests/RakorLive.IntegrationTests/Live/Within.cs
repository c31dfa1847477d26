namespace RakorLive.IntegrationTests.Live;

/// <summary>Upper bounds for awaited conditions: a test that would hang fails with a timeout instead.</summary>
public static class Within
{
    public static CancellationToken Seconds(int seconds) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;
}
