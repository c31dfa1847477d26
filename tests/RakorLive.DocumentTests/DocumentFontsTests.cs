using RakorLive.Documents;

namespace RakorLive.DocumentTests;

public sealed class DocumentFontsTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("rakorlive-fonts-").FullName;

    [Fact]
    public void Finds_no_font_in_an_empty_folder_and_names_the_package()
    {
        Assert.Null(DocumentFonts.Locate([folder, Path.Combine(folder, "absent")]));
        var message = DocumentFonts.MissingFontMessage([folder]);
        Assert.Contains("fonts-dejavu-core", message);
        Assert.Contains(folder, message);
    }

    [Fact]
    public void Finds_DejaVu_Sans_in_a_nested_folder()
    {
        var nested = Directory.CreateDirectory(Path.Combine(folder, "truetype", "dejavu")).FullName;
        File.WriteAllBytes(Path.Combine(nested, "DejaVuSans.ttf"), [0]);
        File.WriteAllBytes(Path.Combine(nested, "DejaVuSans-Bold.ttf"), [0]);
        var found = DocumentFonts.Locate([folder]);
        Assert.NotNull(found);
        Assert.Equal("DejaVu Sans", found.Family);
        Assert.Equal(Path.Combine(nested, "DejaVuSans-Bold.ttf"), found.Bold);
        Assert.Equal(found.Regular, found.Italic); // no oblique face: the upright one stands in
    }

    [Fact]
    public void This_machine_has_a_font_for_the_PDFs() =>
        Assert.Contains(DocumentFonts.Family, new[] { "Liberation Sans", "DejaVu Sans" });

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
