using RakorLive.Model;
using RakorLive.Server.Auth;

namespace RakorLive.Server.Api;

public static class HttpCaller
{
    public static Caller Caller(this HttpContext http) => TokenService.ToCaller(http.User);
}
