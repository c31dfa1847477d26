using System.IO.Compression;
using System.Text;

namespace RakorLive.Server.Api;

/// <summary>
/// What an evidence file is, decided from its bytes (magic numbers), never from its name or the client's content type:
/// PDF, PNG, JPEG, WebP, DOCX and XLSX (a zip with [Content_Types].xml), and plain UTF-8 text. Anything else is refused.
/// </summary>
public static class EvidenceTypes
{
    public const string Pdf = "application/pdf";
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string WebP = "image/webp";
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Text = "text/plain; charset=utf-8";

    private static ReadOnlySpan<byte> PngMagic => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static ReadOnlySpan<byte> JpegMagic => [0xFF, 0xD8, 0xFF];
    private static ReadOnlySpan<byte> ZipMagic => [0x50, 0x4B, 0x03, 0x04];

    public static string? Sniff(byte[] bytes)
    {
        if (bytes.StartsWith("%PDF-"u8)) return Pdf;
        if (bytes.StartsWith(PngMagic)) return Png;
        if (bytes.StartsWith(JpegMagic)) return Jpeg;
        if (bytes.Length >= 12 && bytes.StartsWith("RIFF"u8) && bytes.AsSpan(8, 4).SequenceEqual("WEBP"u8)) return WebP;
        if (bytes.StartsWith(ZipMagic)) return OfficeType(bytes);
        return IsText(bytes) ? Text : null;
    }

    private static string? OfficeType(byte[] bytes)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            if (zip.GetEntry("[Content_Types].xml") is null) return null;
            if (zip.Entries.Any(e => e.FullName.StartsWith("word/", StringComparison.Ordinal))) return Docx;
            if (zip.Entries.Any(e => e.FullName.StartsWith("xl/", StringComparison.Ordinal))) return Xlsx;
            return null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Valid UTF-8 without NUL or other control characters than tab and line breaks.</summary>
    private static bool IsText(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return false;
        string text;
        try { text = StrictUtf8.GetString(bytes); }
        catch (DecoderFallbackException) { return false; }
        return !text.Any(c => char.IsControl(c) && c is not '\t' and not '\n' and not '\r' and not '\f');
    }

    public static string Extension(string contentType) => contentType switch
    {
        Pdf => ".pdf",
        Png => ".png",
        Jpeg => ".jpg",
        WebP => ".webp",
        Docx => ".docx",
        Xlsx => ".xlsx",
        _ => ".txt",
    };
}
