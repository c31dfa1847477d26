namespace RakorLive.Documents;

/// <summary>One row of the matriks tindak lanjut: one commitment and where it came from.</summary>
public sealed record FollowUpRow
{
    /// <summary>Agenda / Permasalahan: the agenda item the commitment was made on.</summary>
    public required string Agenda { get; init; }

    /// <summary>The rakor it came from, for a matrix across meetings ("Rakor November 2026"); null within one meeting.</summary>
    public string? Meeting { get; init; }

    public required string Description { get; init; }

    public required string Target { get; init; }

    public required string Beneficiaries { get; init; }

    public required string Benefit { get; init; }

    public required Agency Owner { get; init; }

    public IReadOnlyList<Agency> Supporting { get; init; } = [];

    public required DateOnly DueDate { get; init; }

    public CommitmentStatus Status { get; init; } = CommitmentStatus.Open;

    public int ProgressPercent { get; init; }

    public string? StatusReason { get; init; }

    /// <summary>Taken from the caller: documents never read the clock.</summary>
    public bool IsOverdue { get; init; }

    public int? DaysOverdue { get; init; }

    public static FollowUpRow From(Commitment commitment, string agenda, string? meeting = null) => new()
    {
        Agenda = agenda,
        Meeting = meeting,
        Description = commitment.Description,
        Target = commitment.Target,
        Beneficiaries = commitment.Beneficiaries,
        Benefit = commitment.Benefit,
        Owner = commitment.Owner,
        Supporting = commitment.Supporting,
        DueDate = commitment.DueDate,
        Status = commitment.Status,
        ProgressPercent = commitment.ProgressPercent,
        StatusReason = commitment.StatusReason,
        IsOverdue = commitment.IsOverdue,
        DaysOverdue = commitment.DaysOverdue,
    };
}

/// <summary>The follow-up matrix of one meeting or of a filtered list across meetings.</summary>
public sealed record FollowUpMatrix
{
    public required DocumentRegion Region { get; init; }

    /// <summary>The meeting's title, or what the list is ("Tindak lanjut rakor Oktober–Desember 2026").</summary>
    public required string Title { get; init; }

    /// <summary>The meeting's date and place, or the filter in words ("OPD: Dinas PUPR; status: Terlambat").</summary>
    public string? Subtitle { get; init; }

    /// <summary>The day the statuses are as of ("Posisi per 10 Desember 2026").</summary>
    public DateOnly? AsOf { get; init; }

    public IReadOnlyList<FollowUpRow> Rows { get; init; } = [];

    /// <summary>The matrix of one meeting, in the notulen's order: agenda items in turn, then "Lain-lain".</summary>
    public static FollowUpMatrix ForMeeting(NotulenDocument notulen, DateOnly? asOf = null) => new()
    {
        Region = notulen.Region,
        Title = notulen.MeetingTitle,
        Subtitle = NotulenText.WhenAndWhere(notulen),
        AsOf = asOf,
        Rows = NotulenSections.Of(notulen)
            .SelectMany(section => section.Commitments.Select(c => FollowUpRow.From(c, section.Title)))
            .ToList(),
    };
}
