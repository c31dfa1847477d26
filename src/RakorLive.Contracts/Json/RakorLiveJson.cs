using System.Text.Json;
using System.Text.Json.Serialization;

namespace RakorLive.Json;

/// <summary>The wire format of RakorLive: web defaults (camelCase), enums as strings, events mapped by their <c>type</c>.</summary>
public static class RakorLiveJson
{
    /// <summary>Shared, read-only options for REST bodies and results.</summary>
    public static JsonSerializerOptions Options { get; } = CreateReadOnly();

    /// <summary>A fresh, mutable copy (SignalR's protocol options take ownership of the instance they get).</summary>
    public static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        Configure(options);
        return options;
    }

    /// <summary>Adds the contract's converters to options someone else created (ASP.NET Core's, SignalR's).</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter());
        options.Converters.Add(new MeetingEventJsonConverter());
    }

    private static JsonSerializerOptions CreateReadOnly()
    {
        var options = Create();
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
