using RakorLive.Client;
using RakorLive.IntegrationTests.Infrastructure;

namespace RakorLive.IntegrationTests.Live;

/// <summary>One person at the meeting: a signed-in REST client and a live hub feed on the same token.</summary>
public sealed class Participant : IAsyncDisposable
{
    private Participant(string username, RakorLiveClient client, MeetingFeed feed)
    {
        Username = username;
        Client = client;
        Feed = feed;
    }

    public string Username { get; }
    public RakorLiveClient Client { get; }
    public MeetingFeed Feed { get; }

    public static async Task<Participant> SignInAsync(ServerProcess server, string username)
    {
        var client = new RakorLiveClient(server.BaseAddress);
        await client.SignInAsync(username, username == "admin" ? ServerProcess.AdminPassword : ServerProcess.DemoPassword);
        return new Participant(username, client, client.CreateMeetingFeed());
    }

    public async ValueTask DisposeAsync()
    {
        await Feed.DisposeAsync();
        Client.Dispose();
    }
}
