using System.Reflection;
using System.Text.Json;
using RakorLive.Events;
using RakorLive.Wire;

namespace RakorLive.ClientTests;

/// <summary>The web client reads the wire names from clients/web/src/wire.json; the contract's constants must say the same.</summary>
public sealed class WireNamesTests
{
    private static readonly JsonElement Wire = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "clients", "web", "src", "wire.json"))).RootElement;

    [Fact]
    public void The_hub_names_are_the_contracts()
    {
        var hub = Wire.GetProperty("hub");
        Assert.Equal(HubNames.MeetingHubPath, hub.GetProperty("path").GetString());
        Assert.Equal(HubNames.AccessTokenParameter, hub.GetProperty("accessTokenParameter").GetString());
        Assert.Equal(
            Constants(typeof(HubNames)).Where(c => c.Key is not (nameof(HubNames.MeetingHubPath) or nameof(HubNames.AccessTokenParameter))).OrderBy(c => c.Value),
            hub.EnumerateObject().Where(p => p.Name is not ("path" or "accessTokenParameter")).Select(p => KeyValuePair.Create(Pascal(p.Name), p.Value.GetString()!)).OrderBy(c => c.Value));
    }

    [Fact]
    public void The_header_names_are_the_contracts() =>
        Assert.Equal(
            Constants(typeof(Headers)).OrderBy(c => c.Key),
            Wire.GetProperty("headers").EnumerateObject().Select(p => KeyValuePair.Create(Pascal(p.Name), p.Value.GetString()!)).OrderBy(c => c.Key));

    [Fact]
    public void The_event_types_are_the_contracts() =>
        Assert.Equal(
            Constants(typeof(MeetingEventTypes)).Select(c => c.Value).Order(),
            Wire.GetProperty("eventTypes").EnumerateArray().Select(e => e.GetString()!).Order());

    [Fact]
    public void The_notification_names_are_the_contracts() =>
        Assert.Equal(
            NotificationNames.All,
            Wire.GetProperty("notifications").EnumerateArray().Select(e => e.GetString()!));

    private static IEnumerable<KeyValuePair<string, string>> Constants(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => KeyValuePair.Create(f.Name, (string)f.GetRawConstantValue()!));

    private static string Pascal(string camel) => char.ToUpperInvariant(camel[0]) + camel[1..];

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "RakorLive.sln"))) return dir.FullName;
        throw new InvalidOperationException("RakorLive.sln not found above " + AppContext.BaseDirectory);
    }
}
