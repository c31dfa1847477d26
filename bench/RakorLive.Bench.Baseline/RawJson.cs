using System.Text.Json;
using System.Text.Json.Serialization;

namespace RakorLive.Bench.Baseline;

/// <summary>
/// An event's data as the writer sent it, kept as UTF-8 JSON and written out verbatim: the baseline should cost
/// what moving the bytes costs, not re-encoding a parsed document for every connection, join and page.
/// </summary>
[JsonConverter(typeof(RawJsonConverter))]
public sealed class RawJson(byte[] utf8)
{
    public byte[] Utf8 => utf8;
}

public sealed class RawJsonConverter : JsonConverter<RawJson>
{
    public override RawJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return new RawJson(JsonSerializer.SerializeToUtf8Bytes(document.RootElement));
    }

    public override void Write(Utf8JsonWriter writer, RawJson value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Utf8, skipInputValidation: true);
}
