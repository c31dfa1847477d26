using RakorLive.IntegrationTests.Infrastructure;

namespace RakorLive.IntegrationTests.Live;

/// <summary>One server shared by the tests of a class; each test creates its own meeting on it.</summary>
public abstract class LiveServerFixture(Engine engine) : IAsyncLifetime
{
    private ServerProcess? _server;

    public ServerProcess Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public Engine Engine => engine;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync(engine);

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
