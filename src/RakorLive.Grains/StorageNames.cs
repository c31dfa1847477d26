namespace RakorLive.Grains;

public static class StorageNames
{
    /// <summary>The grain storage every RakorLive grain persists to (ADO.NET: SQLite or PostgreSQL).</summary>
    public const string Default = "rakor";
}
