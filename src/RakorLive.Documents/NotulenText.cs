namespace RakorLive.Documents;

/// <summary>The sentences the HTML and the PDF notulen share, so both print the same words.</summary>
internal static class NotulenText
{
    public const string Title = "NOTULEN RAPAT";

    /// <summary>"PEMERINTAH KABUPATEN LEBONG", unless the region's name already says "Pemerintah".</summary>
    public static string Letterhead(DocumentRegion region)
    {
        var name = region.Name.Trim();
        return IndonesianFormat.Upper(name.StartsWith("Pemerintah ", StringComparison.OrdinalIgnoreCase) ? name : "Pemerintah " + name);
    }

    public static DateOnly MeetingDate(NotulenDocument notulen) => IndonesianFormat.LocalDate(notulen.ScheduledStart, notulen.TimeZoneId);

    /// <summary>"Selasa, 1 Desember 2026".</summary>
    public static string DayAndDate(NotulenDocument notulen) => IndonesianFormat.DayAndDate(MeetingDate(notulen));

    /// <summary>"Pukul 09.00 WIB s.d. selesai".</summary>
    public static string Hours(NotulenDocument notulen) => "Pukul " + IndonesianFormat.Time(notulen.ScheduledStart, notulen.TimeZoneId) + " s.d. selesai";

    public static string WhenAndWhere(NotulenDocument notulen) =>
        $"{DayAndDate(notulen)}, {IndonesianFormat.Clock(notulen.ScheduledStart, notulen.TimeZoneId)}, {notulen.Location}";

    /// <summary>The label/value lines under the title, in order.</summary>
    public static IReadOnlyList<(string Label, string Value)> Particulars(NotulenDocument notulen) =>
    [
        ("Hari/tanggal", DayAndDate(notulen)),
        ("Waktu", Hours(notulen)),
        ("Tempat", notulen.Location),
        ("Pimpinan rapat", notulen.Chair),
        ("Notulis", notulen.Notulis),
    ];

    /// <summary>"Tubei, 1 Desember 2026": the city and the meeting's date above the chair's signature.</summary>
    public static string PlaceAndDate(NotulenDocument notulen) => $"{notulen.Region.City}, {IndonesianFormat.Date(MeetingDate(notulen))}";

    public static string Presenter(Agency agency) => $"{agency.Name} ({agency.Code})";

    /// <summary>
    /// The commitment tables of the notulen name agencies by their code ("PUPR", "DISHUB"): eight
    /// columns share an A4 width, and the full names are in the daftar hadir and the presenter lines.
    /// </summary>
    public static string Supporting(IReadOnlyList<Agency> agencies) =>
        agencies.Count == 0 ? "-" : string.Join(", ", agencies.Select(a => a.Code));

    /// <summary>"Notulen versi 2 · Disetujui oleh … pada 2 Desember 2026 pukul 10.30 WIB", or "Notulen versi 1 · Draf".</summary>
    public static string VersionLine(NotulenDocument notulen)
    {
        var line = $"Notulen versi {notulen.Version.ToString(IndonesianFormat.Culture)} · ";
        if (notulen.Status is not (NotulenStatus.Approved or NotulenStatus.Superseded) || notulen.ApprovedAt is not { } at)
            return line + DocumentLabels.Notulen(notulen.Status);
        line += notulen.Status == NotulenStatus.Superseded ? DocumentLabels.Notulen(notulen.Status) + " · disetujui" : "Disetujui";
        if (notulen.ApprovedBy is { Length: > 0 } by) line += " oleh " + by;
        return line + $" pada {IndonesianFormat.Date(IndonesianFormat.LocalDate(at, notulen.TimeZoneId))} {IndonesianFormat.Clock(at, notulen.TimeZoneId)}";
    }

    /// <summary>The closing sentence of Indonesian minutes, just above the signatures.</summary>
    public const string Closing = "Demikian notulen rapat ini dibuat untuk dipergunakan sebagaimana mestinya.";

    /// <summary>The hash the document prints: the locked one if given (checked to be a SHA-256 hex), else computed from the content.</summary>
    public static string Hash(NotulenDocument notulen)
    {
        if (notulen.Sha256 is null) return NotulenCanonical.Sha256(notulen);
        if (notulen.Sha256.Length != 64 || !notulen.Sha256.All(Uri.IsHexDigit))
            throw new ArgumentException("Sha256 must be 64 hexadecimal characters.", nameof(notulen));
        return notulen.Sha256.ToLowerInvariant();
    }

    /// <summary>Only an absolute http(s) address becomes a link or a QR code; anything else is printed as text.</summary>
    public static bool IsWebAddress(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
