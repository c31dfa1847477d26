using PdfSharp.Fonts;

namespace RakorLive.Documents;

/// <summary>
/// The typeface of the PDFs. PDFsharp 6 finds no system fonts on Linux and needs a font resolver,
/// which it accepts once per process: <see cref="EnsureInstalled"/> sets ours once, under a lock.
/// Liberation Sans (metric twin of Arial, the typeface of Indonesian official letters) is taken
/// when present, else DejaVu Sans.
/// </summary>
public static class DocumentFonts
{
    /// <summary>Set this environment variable to a folder holding the .ttf files to look there first.</summary>
    public const string DirectoryVariable = "RAKORLIVE_FONTS_DIR";

    private static readonly Lock Gate = new();
    private static FontFamilyFiles? installed;

    /// <summary>The family the renderers ask PDFsharp for (any family name resolves to it).</summary>
    public static string Family => EnsureInstalled().Family;

    internal static FontFamilyFiles EnsureInstalled()
    {
        lock (Gate)
        {
            if (installed is not null) return installed;
            var roots = SearchRoots().ToList();
            var family = Locate(roots) ?? throw new InvalidOperationException(MissingFontMessage(roots));
            // Another component of the process may have set its resolver first; PDFsharp then keeps
            // that one, and it must answer for our family name.
            GlobalFontSettings.FontResolver ??= new Resolver(family);
            installed = family;
            return family;
        }
    }

    private static readonly FontFamilyFiles[] Candidates =
    [
        new("Liberation Sans", "LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf", "LiberationSans-Italic.ttf", "LiberationSans-BoldItalic.ttf"),
        new("DejaVu Sans", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf"),
    ];

    private static IEnumerable<string> SearchRoots()
    {
        if (Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } configured) yield return configured;
        yield return "/usr/share/fonts";
        yield return "/usr/local/share/fonts";
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (home.Length > 0)
        {
            yield return Path.Combine(home, ".local", "share", "fonts");
            yield return Path.Combine(home, ".fonts");
        }
    }

    internal static string MissingFontMessage(IEnumerable<string> roots) =>
        "No usable font for the PDF documents: neither Liberation Sans nor DejaVu Sans was found under " +
        string.Join(", ", roots) + ". Install the Debian package fonts-dejavu-core " +
        $"(apt-get install fonts-dejavu-core), or point {DirectoryVariable} to a folder holding DejaVuSans.ttf and DejaVuSans-Bold.ttf.";

    internal static FontFamilyFiles? Locate(IEnumerable<string> searchRoots)
    {
        var roots = searchRoots.Where(Directory.Exists).ToList();
        foreach (var candidate in Candidates)
        {
            // Distributions file the same fonts under different folders (truetype/dejavu, TTF, dejavu): search each root through.
            var regular = Find(roots, candidate.Regular);
            var bold = Find(roots, candidate.Bold);
            if (regular is null || bold is null) continue;
            return candidate with
            {
                Regular = regular,
                Bold = bold,
                Italic = Find(roots, candidate.Italic) ?? regular,
                BoldItalic = Find(roots, candidate.BoldItalic) ?? bold,
            };
        }
        return null;
    }

    private static string? Find(IEnumerable<string> roots, string fileName)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, MatchCasing = MatchCasing.CaseInsensitive };
        foreach (var root in roots)
        {
            var hit = Directory.EnumerateFiles(root, fileName, options).FirstOrDefault();
            if (hit is not null) return hit;
        }
        return null;
    }

    internal sealed record FontFamilyFiles(string Family, string Regular, string Bold, string Italic, string BoldItalic);

    private sealed class Resolver(FontFamilyFiles family) : IFontResolver
    {
        private readonly Dictionary<string, byte[]> loaded = new(StringComparer.Ordinal);

        public FontResolverInfo ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
            new((isBold, isItalic) switch
            {
                (true, true) => family.BoldItalic,
                (true, false) => family.Bold,
                (false, true) => family.Italic,
                _ => family.Regular,
            });

        public byte[] GetFont(string faceName)
        {
            lock (loaded)
            {
                if (!loaded.TryGetValue(faceName, out var bytes)) loaded[faceName] = bytes = File.ReadAllBytes(faceName);
                return bytes;
            }
        }
    }
}
