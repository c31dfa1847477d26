namespace RakorLive.Documents;

// The inputs of the renderers: plain records that the server fills from a meeting's snapshot
// (or from the follow-up list). They mirror the server's model without referencing it, so this
// library stays free of Orleans and of the server.

/// <summary>The pemda the documents belong to: "Kabupaten Lebong", signed in "Tubei".</summary>
public sealed record DocumentRegion(string Name, string City);

/// <summary>An agency (OPD). Codes differ by region, so both come from data.</summary>
public sealed record Agency(string Code, string Name);

public enum AgendaStatus
{
    Pending,
    Active,
    Done,
    Skipped,
}

public enum OutcomeKind
{
    /// <summary>Catatan.</summary>
    Note,

    /// <summary>Keputusan.</summary>
    Decision,

    /// <summary>Arahan pimpinan.</summary>
    Directive,
}

public enum CommitmentStatus
{
    Open,
    InProgress,
    AwaitingVerification,
    Done,
    Dropped,
}

public enum NotulenStatus
{
    Draft,
    Submitted,
    Approved,
    Superseded,
}

/// <summary>One line of the daftar hadir.</summary>
public sealed record Attendee(Agency Opd, string Name, string Position, DateTimeOffset CheckedInAt);

/// <summary>A note, decision or directive recorded on an agenda item.</summary>
public sealed record Outcome(OutcomeKind Kind, string Text);

public sealed record AgendaItem
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    /// <summary>The agency that presents the item; null for items the chair leads (opening, closing).</summary>
    public Agency? Presenter { get; init; }

    public AgendaStatus Status { get; init; } = AgendaStatus.Done;

    public IReadOnlyList<Outcome> Outcomes { get; init; } = [];
}

/// <summary>An action point: who does what, for whom, with which benefit, by when.</summary>
public sealed record Commitment
{
    public required string Id { get; init; }

    /// <summary>The agenda item it was made on; null (or an unknown id) puts it under "Lain-lain".</summary>
    public string? AgendaItemId { get; init; }

    public required Agency Owner { get; init; }

    public IReadOnlyList<Agency> Supporting { get; init; } = [];

    public required string Description { get; init; }

    public required string Target { get; init; }

    /// <summary>Sasaran.</summary>
    public required string Beneficiaries { get; init; }

    /// <summary>Manfaat.</summary>
    public required string Benefit { get; init; }

    /// <summary>A local date in the meeting's time zone.</summary>
    public required DateOnly DueDate { get; init; }

    public CommitmentStatus Status { get; init; } = CommitmentStatus.Open;

    public int ProgressPercent { get; init; }

    /// <summary>Why it was dropped, the verifier's note, or any other keterangan.</summary>
    public string? StatusReason { get; init; }

    /// <summary>Computed by the caller (due date passed in the meeting's zone, not Done or Dropped): documents never read the clock.</summary>
    public bool IsOverdue { get; init; }

    public int? DaysOverdue { get; init; }
}

/// <summary>One version of the minutes of a rakor, with everything the notulen prints.</summary>
public sealed record NotulenDocument
{
    public required DocumentRegion Region { get; init; }

    public required string MeetingTitle { get; init; }

    public required DateTimeOffset ScheduledStart { get; init; }

    /// <summary>Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT).</summary>
    public required string TimeZoneId { get; init; }

    public required string Location { get; init; }

    /// <summary>Pimpinan rapat.</summary>
    public required string Chair { get; init; }

    public required string Notulis { get; init; }

    public IReadOnlyList<Attendee> Attendees { get; init; } = [];

    /// <summary>In meeting order.</summary>
    public IReadOnlyList<AgendaItem> Agenda { get; init; } = [];

    public IReadOnlyList<Commitment> Commitments { get; init; } = [];

    public int Version { get; init; } = 1;

    public NotulenStatus Status { get; init; } = NotulenStatus.Draft;

    public DateTimeOffset? ApprovedAt { get; init; }

    public string? ApprovedBy { get; init; }

    /// <summary>The locked hash of an approved version; null means "compute it from the content" (<see cref="NotulenCanonical.Sha256"/>).</summary>
    public string? Sha256 { get; init; }

    /// <summary>Where the printed QR code points, e.g. https://host/api/notulen/verify/{sha256}; null prints no QR code.</summary>
    public string? VerifyUrl { get; init; }
}
