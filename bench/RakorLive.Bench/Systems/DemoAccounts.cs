using RakorLive.IntegrationTests.Infrastructure;

namespace RakorLive.Bench.Systems;

/// <summary>The demo seed's accounts (deploy/seed/kabupaten-demo.json; every one has the demo password).</summary>
public static class DemoAccounts
{
    public const string Password = ServerProcess.DemoPassword;
    public const string Secretariat = "sekretariat";
    public const string Viewer = "layar";

    /// <summary>Kepala OPD accounts, each allowed to add action points owned by its own agency only.</summary>
    public static IReadOnlyList<(string Username, string Opd)> OpdHeads { get; } =
    [
        ("kadis.pupr", "PUPR"),
        ("kadis.dinkes", "DINKES"),
        ("kadis.disdik", "DISDIK"),
        ("kepala.bappeda", "BAPPEDA"),
    ];

    /// <summary>Writer <paramref name="writer"/>'s account: the kepala OPD accounts in turn.</summary>
    public static (string Username, string Opd) OpdHeadFor(int writer) => OpdHeads[writer % OpdHeads.Count];
}
