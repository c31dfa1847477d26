namespace RakorLive.Server.Hosting;

/// <summary>The web clients' pages: built by clients/web into wwwroot, served under their public routes.</summary>
public static class WebPages
{
    public static void MapWebPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/meetings/{id}/screen", (IWebHostEnvironment env) => Page(env, "screen.html")).ExcludeFromDescription();
        app.MapGet("/meetings/{id}/tablet", (IWebHostEnvironment env) => Page(env, "tablet.html")).ExcludeFromDescription();
        app.MapGet("/meetings/{id}/desk", (IWebHostEnvironment env) => Page(env, "desk.html")).ExcludeFromDescription();
        app.MapGet("/follow-ups", (IWebHostEnvironment env) => Page(env, "follow-ups.html")).ExcludeFromDescription();
    }

    private static IResult Page(IWebHostEnvironment env, string file)
    {
        var info = env.WebRootFileProvider.GetFileInfo(file);
        return info.Exists
            ? Results.File(info.CreateReadStream(), "text/html; charset=utf-8")
            : Results.Problem(statusCode: 404, title: "Halaman belum dibangun",
                detail: "The web clients are not built: run 'npm ci && npm run build' in clients/web (the README's run command does it).");
    }
}
