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
