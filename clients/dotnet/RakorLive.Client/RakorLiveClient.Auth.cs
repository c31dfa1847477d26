using RakorLive.Wire;

namespace RakorLive.Client;

public sealed partial class RakorLiveClient
{
    /// <summary>POST /api/auth/token; the token is kept and sent with every later call.</summary>
    public async Task<SignInResult> SignInAsync(string username, string password, CancellationToken cancellationToken = default)
    {
        var reply = await SendAsync(HttpMethod.Post, Rel(Routes.Token), new { username, password }, null, authenticated: false, cancellationToken);
        return Remember(reply.Read<SignInResult>());
    }

    /// <summary>POST /api/auth/join: a tablet's sign-in with a meeting join code; the token is limited to that meeting.</summary>
    public async Task<SignInResult> JoinWithCodeAsync(string code, CancellationToken cancellationToken = default)
    {
        var reply = await SendAsync(HttpMethod.Post, Rel(Routes.Join), new { code }, null, authenticated: false, cancellationToken);
        return Remember(reply.Read<SignInResult>());
    }

    private SignInResult Remember(SignInResult session)
    {
        _accessToken = session.AccessToken;
        _session = session;
        return session;
    }
}
