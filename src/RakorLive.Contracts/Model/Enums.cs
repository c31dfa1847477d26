namespace RakorLive.Model;

public enum MeetingStatus
{
    Scheduled,
    Live,
    Closed,
}

public enum AgendaItemStatus
{
    Pending,
    Active,
    Done,
    Skipped,
}

public enum ActionPointStatus
{
    Open,
    InProgress,
    AwaitingVerification,
    Done,
    Dropped,
}

public enum Role
{
    Admin,
    Secretariat,
    Chair,
    OpdHead,
    Viewer,
}
