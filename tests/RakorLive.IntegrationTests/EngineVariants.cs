using RakorLive.IntegrationTests.Infrastructure;

namespace RakorLive.IntegrationTests;

// The live-core integration suites, once per storage engine: the same tests against the embedded
// SQLite default and against PostgreSQL (the production and cluster engine).

public sealed class AuthorizationTestsOnSqlite(AuthorizationTestsOnSqlite.Server f)
    : AuthorizationTests(f), IClassFixture<AuthorizationTestsOnSqlite.Server>
{
    public sealed class Server() : Fixture(Engine.Sqlite);
}

public sealed class AuthorizationTestsOnPostgreSql(AuthorizationTestsOnPostgreSql.Server f)
    : AuthorizationTests(f), IClassFixture<AuthorizationTestsOnPostgreSql.Server>
{
    public sealed class Server() : Fixture(Engine.PostgreSQL);
}

public sealed class BadInputTestsOnSqlite(BadInputTestsOnSqlite.Server f)
    : BadInputTests(f), IClassFixture<BadInputTestsOnSqlite.Server>
{
    public sealed class Server() : Fixture(Engine.Sqlite);
}

public sealed class BadInputTestsOnPostgreSql(BadInputTestsOnPostgreSql.Server f)
    : BadInputTests(f), IClassFixture<BadInputTestsOnPostgreSql.Server>
{
    public sealed class Server() : Fixture(Engine.PostgreSQL);
}

public sealed class LiveMeetingTestsOnSqlite : LiveMeetingTests
{
    protected override Engine Engine => Engine.Sqlite;
}

public sealed class LiveMeetingTestsOnPostgreSql : LiveMeetingTests
{
    protected override Engine Engine => Engine.PostgreSQL;
}

public sealed class RestartTestsOnSqlite(Xunit.Abstractions.ITestOutputHelper output) : RestartTests(output)
{
    protected override Engine Engine => Engine.Sqlite;
}

public sealed class RestartTestsOnPostgreSql(Xunit.Abstractions.ITestOutputHelper output) : RestartTests(output)
{
    protected override Engine Engine => Engine.PostgreSQL;
}

public sealed class CatchUpTestsOnSqlite(CatchUpTestsOnSqlite.Server f)
    : CatchUpTests(f), IClassFixture<CatchUpTestsOnSqlite.Server>
{
    public sealed class Server() : Live.LiveServerFixture(Engine.Sqlite);
}

public sealed class CatchUpTestsOnPostgreSql(CatchUpTestsOnPostgreSql.Server f)
    : CatchUpTests(f), IClassFixture<CatchUpTestsOnPostgreSql.Server>
{
    public sealed class Server() : Live.LiveServerFixture(Engine.PostgreSQL);
}

public sealed class RecordTestsOnSqlite(RecordTestsOnSqlite.Server f)
    : RecordTests(f), IClassFixture<RecordTestsOnSqlite.Server>
{
    public sealed class Server() : Fixture(Engine.Sqlite);
}

public sealed class RecordTestsOnPostgreSql(RecordTestsOnPostgreSql.Server f)
    : RecordTests(f), IClassFixture<RecordTestsOnPostgreSql.Server>
{
    public sealed class Server() : Fixture(Engine.PostgreSQL);
}

public sealed class AuditTestsOnSqlite(AuditTestsOnSqlite.Server f)
    : AuditTests(f), IClassFixture<AuditTestsOnSqlite.Server>
{
    public sealed class Server() : Fixture(Engine.Sqlite);
}

public sealed class AuditTestsOnPostgreSql(AuditTestsOnPostgreSql.Server f)
    : AuditTests(f), IClassFixture<AuditTestsOnPostgreSql.Server>
{
    public sealed class Server() : Fixture(Engine.PostgreSQL);
}

public sealed class BackupRestoreTestsOnSqlite(Xunit.Abstractions.ITestOutputHelper output) : Operations.BackupRestoreTests(output)
{
    protected override Engine Engine => Engine.Sqlite;
}

public sealed class BackupRestoreTestsOnPostgreSql(Xunit.Abstractions.ITestOutputHelper output) : Operations.BackupRestoreTests(output)
{
    protected override Engine Engine => Engine.PostgreSQL;
}

// The fuzz: the parsing path (Kestrel, model binding, System.Text.Json, SignalR, validation) is the same on both
// engines, so PostgreSQL runs a shorter one that still reaches every route and its storage.
public sealed class FuzzTestsOnSqlite(FuzzTestsOnSqlite.Server f, Xunit.Abstractions.ITestOutputHelper output)
    : FuzzTests(f, output), IClassFixture<FuzzTestsOnSqlite.Server>
{
    protected override int SuiteRequests => 2000;
    protected override string EngineName => "Sqlite";

    public sealed class Server() : BadInputTests.Fixture(Engine.Sqlite);
}

public sealed class FuzzTestsOnPostgreSql(FuzzTestsOnPostgreSql.Server f, Xunit.Abstractions.ITestOutputHelper output)
    : FuzzTests(f, output), IClassFixture<FuzzTestsOnPostgreSql.Server>
{
    protected override int SuiteRequests => 600;
    protected override string EngineName => "PostgreSQL";

    public sealed class Server() : BadInputTests.Fixture(Engine.PostgreSQL);
}

public sealed class ScopeTestsOnSqlite(ScopeTestsOnSqlite.World w, Xunit.Abstractions.ITestOutputHelper output)
    : Security.ScopeTests(w, output), IClassFixture<ScopeTestsOnSqlite.World>
{
    public sealed class World() : Security.ScopeWorld(Engine.Sqlite);
}

public sealed class ScopeTestsOnPostgreSql(ScopeTestsOnPostgreSql.World w, Xunit.Abstractions.ITestOutputHelper output)
    : Security.ScopeTests(w, output), IClassFixture<ScopeTestsOnPostgreSql.World>
{
    public sealed class World() : Security.ScopeWorld(Engine.PostgreSQL);
}
