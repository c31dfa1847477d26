namespace RakorLive.Rules;

/// <summary>Size bounds of every text a person types: long enough for real minutes, short enough for a projector.</summary>
public static class Limits
{
    public const int CommandId = 100;
    public const int Title = 200;
    public const int Location = 200;
    public const int PersonName = 120;
    public const int Position = 120;
    public const int Description = 2000;
    public const int Target = 1000;
    public const int Beneficiaries = 1000;
    public const int Benefit = 1000;
    public const int Reason = 1000;
    public const int SupportingOpds = 30;
    public const int MaxTimeboxMinutes = 240;
    public const int OpdCode = 20;
    public const int OpdName = 200;
    public const int Username = 64;
    public const int MinPassword = 8;
    public const int MaxPassword = 200;
    public const int AgendaItems = 100;
    public const int ActionPointsPerMeeting = 2000;
    public const int AttendeesPerMeeting = 1000;
    public const int OutcomeText = 4000;
    public const int OutcomesPerMeeting = 2000;
    public const int SpeakerRequestsPerMeeting = 2000;
    public const int NotulenNote = 2000;
    public const int NotulenVersions = 50;
    public const int ProgressNote = 2000;
    public const int VerificationNote = 1000;
    public const int EvidenceUrl = 2000;
    public const int EvidencePerReport = 10;
    public const int FileName = 200;
    /// <summary>Default size limit of one evidence file (RakorLive:Evidence:MaxBytes).</summary>
    public const long DefaultEvidenceMaxBytes = 10 * 1024 * 1024;
    public const int MaxPageSize = 200;
    public const int DefaultPageSize = 50;
    public const int SearchText = 200;
    /// <summary>Request bodies above this are refused with 413 before any parsing.</summary>
    public const long MaxRequestBodyBytes = 64 * 1024;
    /// <summary>All request headers together (names and values); above it 431. Kestrel's own hard limit is twice this.</summary>
    public const int MaxRequestHeaderBytes = 16 * 1024;
    /// <summary>Request headers per request; above it 431. Kestrel's own hard limit is twice this.</summary>
    public const int MaxRequestHeaders = 64;
    /// <summary>Path and query of a request; above it 414. Kestrel's own hard limit (the request line) is twice this.</summary>
    public const int MaxUrlLength = 4096;
    /// <summary>JSON nesting depth of request bodies and hub messages (the deepest body the API takes is 3 levels).</summary>
    public const int MaxJsonDepth = 32;
    /// <summary>One SignalR message a client sends (SignalR's MaximumReceiveMessageSize); a larger one closes the connection.</summary>
    public const int HubMessageBytes = 32 * 1024;
    /// <summary>Hub calls of one connection that run at once (SignalR's MaximumParallelInvocationsPerClient); more wait their turn.</summary>
    public const int HubParallelInvocations = 1;
}
