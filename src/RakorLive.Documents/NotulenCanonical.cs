using System.Globalization;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace RakorLive.Documents;

/// <summary>
/// The canonical content of one notulen version: a deterministic UTF-8 JSON and its SHA-256.
/// The server locks an approved version with this hash and the printed copy carries it, so the
/// JSON holds only what the minutes say (region, meeting particulars, attendance, agenda with
/// outcomes and commitments, version number). It leaves out everything that changes without the
/// minutes changing: the render time, the verify URL, the approval status and who approved
/// (the server's record of the version says that), and the commitments' later progress.
/// </summary>
public static class NotulenCanonical
{
    /// <summary>Written into the JSON so that a future change of the layout is a new format, never a silent new hash.</summary>
    public const string Format = "rakorlive.notulen/1";

    // Written by hand, property by property: the order is part of the format and must not follow
    // reflection or a serializer's defaults. The default encoder escapes everything outside ASCII,
    // so the bytes do not depend on how a text's non-ASCII characters would otherwise be written.
    private static readonly JsonWriterOptions Options = new() { Indented = false, Encoder = JavaScriptEncoder.Default };

    public static byte[] Json(NotulenDocument notulen)
    {
        ArgumentNullException.ThrowIfNull(notulen);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteNumber("version", notulen.Version);
            json.WriteStartObject("region");
            json.WriteString("name", notulen.Region.Name);
            json.WriteString("city", notulen.Region.City);
            json.WriteEndObject();
            json.WriteStartObject("meeting");
            json.WriteString("title", notulen.MeetingTitle);
            json.WriteString("scheduledStart", Instant(notulen.ScheduledStart));
            json.WriteString("timeZone", notulen.TimeZoneId);
            json.WriteString("location", notulen.Location);
            json.WriteString("chair", notulen.Chair);
            json.WriteString("notulis", notulen.Notulis);
            json.WriteEndObject();

            json.WriteStartArray("attendees");
            foreach (var attendee in notulen.Attendees)
            {
                json.WriteStartObject();
                WriteAgency(json, "opd", attendee.Opd);
                json.WriteString("name", attendee.Name);
                json.WriteString("position", attendee.Position);
                json.WriteString("checkedInAt", Instant(attendee.CheckedInAt));
                json.WriteEndObject();
            }
            json.WriteEndArray();

            json.WriteStartArray("sections");
            foreach (var section in NotulenSections.Of(notulen))
            {
                json.WriteStartObject();
                if (section.Item is { } item)
                {
                    json.WriteString("agendaItemId", item.Id);
                    json.WriteString("title", item.Title);
                    if (item.Presenter is { } presenter) WriteAgency(json, "presenter", presenter);
                    else json.WriteNull("presenter");
                    json.WriteString("status", item.Status.ToString());
                    json.WriteStartArray("outcomes");
                    foreach (var outcome in item.Outcomes)
                    {
                        json.WriteStartObject();
                        json.WriteString("kind", outcome.Kind.ToString());
                        json.WriteString("text", outcome.Text);
                        json.WriteEndObject();
                    }
                    json.WriteEndArray();
                }
                else
                {
                    json.WriteNull("agendaItemId");
                    json.WriteString("title", section.Title);
                }
                json.WriteStartArray("commitments");
                foreach (var commitment in section.Commitments) WriteCommitment(json, commitment);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>Lowercase hex SHA-256 of <see cref="Json"/>.</summary>
    public static string Sha256(NotulenDocument notulen) => Convert.ToHexStringLower(SHA256.HashData(Json(notulen)));

    /// <summary>
    /// The document with its hash and verify URL filled in: <paramref name="verifyUrlPrefix"/> is the
    /// address of the verify route without the hash, e.g. "https://rakor.lebongkab.go.id/api/notulen/verify".
    /// </summary>
    public static NotulenDocument Seal(NotulenDocument notulen, string verifyUrlPrefix)
    {
        var hash = Sha256(notulen);
        return notulen with { Sha256 = hash, VerifyUrl = verifyUrlPrefix.TrimEnd('/') + "/" + hash };
    }

    private static void WriteCommitment(Utf8JsonWriter json, Commitment commitment)
    {
        json.WriteStartObject();
        json.WriteString("id", commitment.Id);
        WriteAgency(json, "owner", commitment.Owner);
        json.WriteStartArray("supporting");
        foreach (var agency in commitment.Supporting)
        {
            json.WriteStartObject();
            json.WriteString("code", agency.Code);
            json.WriteString("name", agency.Name);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteString("description", commitment.Description);
        json.WriteString("target", commitment.Target);
        json.WriteString("beneficiaries", commitment.Beneficiaries);
        json.WriteString("benefit", commitment.Benefit);
        json.WriteString("dueDate", commitment.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        json.WriteEndObject();
    }

    private static void WriteAgency(Utf8JsonWriter json, string name, Agency agency)
    {
        json.WriteStartObject(name);
        json.WriteString("code", agency.Code);
        json.WriteString("name", agency.Name);
        json.WriteEndObject();
    }

    // One instant has one spelling: UTC, ISO 8601, to the tick, whatever offset it arrived with.
    private static string Instant(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
