namespace RakorLive.Model;

/// <summary>Who is asking: passed to grains so the permission rules run where the state is.</summary>
/// <param name="MeetingScope">Set for join-code tokens, which may only touch that one meeting.</param>
[GenerateSerializer, Immutable, Alias("RakorLive.Caller")]
public sealed record Caller(
    [property: Id(0)] string Subject,
    [property: Id(1)] Role Role,
    [property: Id(2)] string? Opd,
    [property: Id(3)] string DisplayName,
    [property: Id(4)] string? MeetingScope = null)
{
    public static Caller System { get; } = new("system", Role.Admin, null, "Sistem");
}
