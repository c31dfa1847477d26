namespace RakorLive.Documents;

/// <summary>The Indonesian words the documents print (the same labels as the product's vocabulary).</summary>
public static class DocumentLabels
{
    public const string Overdue = "Terlambat";

    public const string OtherCommitments = "Lain-lain";

    public static string Status(CommitmentStatus status) => status switch
    {
        CommitmentStatus.Open => "Belum ditindaklanjuti",
        CommitmentStatus.InProgress => "Dalam proses",
        CommitmentStatus.AwaitingVerification => "Menunggu verifikasi",
        CommitmentStatus.Done => "Selesai",
        CommitmentStatus.Dropped => "Tidak dapat ditindaklanjuti",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>"Dalam proses (Terlambat)" when the caller says the item is overdue; finished items are never late.</summary>
    public static string Status(CommitmentStatus status, bool isOverdue) =>
        isOverdue && status is not (CommitmentStatus.Done or CommitmentStatus.Dropped)
            ? $"{Status(status)} ({Overdue})"
            : Status(status);

    public static string Outcome(OutcomeKind kind) => kind switch
    {
        OutcomeKind.Note => "Catatan",
        OutcomeKind.Decision => "Keputusan",
        OutcomeKind.Directive => "Arahan pimpinan",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string Agenda(AgendaStatus status) => status switch
    {
        AgendaStatus.Pending => "Menunggu",
        AgendaStatus.Active => "Sedang dibahas",
        AgendaStatus.Done => "Selesai",
        AgendaStatus.Skipped => "Dilewati",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static string Notulen(NotulenStatus status) => status switch
    {
        NotulenStatus.Draft => "Draf",
        NotulenStatus.Submitted => "Diajukan, menunggu persetujuan",
        NotulenStatus.Approved => "Disetujui",
        NotulenStatus.Superseded => "Digantikan oleh versi yang lebih baru",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The columns of the matriks tindak lanjut, in order (the product's public contract).</summary>
    public static IReadOnlyList<string> MatrixColumns { get; } =
    [
        "No",
        "Agenda / Permasalahan",
        "Rencana Tindak Lanjut",
        "Target",
        "Sasaran",
        "Manfaat",
        "OPD Penanggung Jawab",
        "OPD Pendukung",
        "Batas Waktu",
        "Status",
        "Progres",
        "Keterangan",
    ];

    public static IReadOnlyList<string> AttendanceColumns { get; } = ["No", "OPD", "Nama", "Jabatan", "Waktu hadir"];
}
