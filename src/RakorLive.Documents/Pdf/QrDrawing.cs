using PdfSharp.Drawing;
using QRCoder;

namespace RakorLive.Documents;

/// <summary>A QR code drawn as vector squares: sharp at any print size and nothing to decode as an image.</summary>
internal static class QrDrawing
{
    public static void Draw(XGraphics gfx, string text, double x, double y, double size)
    {
        using var code = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var matrix = code.ModuleMatrix; // includes the quiet zone around the code
        var modules = matrix.Count;
        var module = size / modules;
        gfx.DrawRectangle(XBrushes.White, x, y, size, size);
        for (var row = 0; row < modules; row++)
        {
            var bits = matrix[row];
            var column = 0;
            while (column < modules)
            {
                if (!bits[column])
                {
                    column++;
                    continue;
                }
                var start = column;
                while (column < modules && bits[column]) column++;
                // One rectangle per dark run, a hair taller than a module so that viewers draw no seams between rows.
                gfx.DrawRectangle(XBrushes.Black, x + start * module, y + row * module, (column - start) * module, module + 0.05);
            }
        }
    }
}
