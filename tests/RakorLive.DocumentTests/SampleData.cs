using RakorLive.Documents;

namespace RakorLive.DocumentTests;

/// <summary>Realistic rakor of Kabupaten Lebong (WIB) and Kabupaten Gowa (WITA), built fresh for each test.</summary>
internal static class SampleData
{
    public static readonly Agency Pupr = new("PUPR", "Dinas Pekerjaan Umum dan Penataan Ruang");
    public static readonly Agency Dinkes = new("DINKES", "Dinas Kesehatan");
    public static readonly Agency Disdik = new("DISDIK", "Dinas Pendidikan");
    public static readonly Agency Bappeda = new("BAPPEDA", "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah");
    public static readonly Agency Dishub = new("DISHUB", "Dinas Perhubungan");
    public static readonly Agency Dlh = new("DLH", "Dinas Lingkungan Hidup");
    public static readonly Agency Dukcapil = new("DUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil");
    public static readonly Agency Diskominfo = new("DISKOMINFO", "Dinas Komunikasi dan Informatika");
    public static readonly Agency Dinsos = new("DINSOS", "Dinas Sosial");
    public static readonly Agency Bpbd = new("BPBD", "Badan Penanggulangan Bencana Daerah");
    public static readonly Agency Perkim = new("PERKIM", "Dinas Perumahan dan Kawasan Permukiman");
    public static readonly Agency CamatLebongUtara = new("KEC-LU", "Kecamatan Lebong Utara");

    public static readonly DocumentRegion Lebong = new("Kabupaten Lebong", "Tubei");

    /// <summary>Selasa, 1 Desember 2026, 09.00 WIB.</summary>
    public static readonly DateTimeOffset LebongStart = new(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(7));

    private static readonly string[] Villages =
        ["Lebong Tengah", "Lebong Atas", "Lebong Selatan", "Rimbo Pengadang", "Topos", "Bingin Kuning", "Pinang Belapis", "Amen"];

    /// <summary>A rakor with 8 agenda items, 12 attendees and <paramref name="commitments"/> commitments (64 by default: several pages).</summary>
    public static NotulenDocument LebongRakor(int commitments = 64)
    {
        AgendaItem[] agenda =
        [
            Item("a1", "Pembukaan dan arahan Bupati", null,
                new Outcome(OutcomeKind.Directive, "Seluruh OPD agar melaporkan progres tindak lanjut secara berkala setiap dua pekan melalui RakorLive."),
                new Outcome(OutcomeKind.Note, "Rakor dibuka pukul 09.05 WIB dan dihadiri seluruh kepala OPD undangan.")),
            Item("a2", "Percepatan perbaikan jalan kabupaten", Pupr,
                new Outcome(OutcomeKind.Note, "Ruas Tubei - Muara Aman sepanjang 12 km rusak berat akibat longsor dan banjir bulan November."),
                new Outcome(OutcomeKind.Note, "Anggaran pemeliharaan rutin tersisa Rp 2,4 miliar."),
                new Outcome(OutcomeKind.Decision, "Perbaikan ruas Tubei - Muara Aman menjadi prioritas pertama tahun anggaran 2027."),
                new Outcome(OutcomeKind.Directive, "Dinas PUPR menyusun peta jalan perbaikan dalam waktu dua pekan, didukung Dishub, DLH, camat dan lurah.")),
            Item("a3", "Penurunan angka stunting", Dinkes,
                new Outcome(OutcomeKind.Note, "Prevalensi stunting 2026 tercatat 18,7%, turun dari 21,3% pada 2025."),
                new Outcome(OutcomeKind.Decision, "Target prevalensi stunting 2027 ditetapkan 14%."),
                new Outcome(OutcomeKind.Directive, "Camat dan lurah mengawal pendataan balita di setiap posyandu.")),
            Item("a4", "Rehabilitasi ruang kelas sekolah dasar", Disdik,
                new Outcome(OutcomeKind.Note, "Sebanyak 37 ruang kelas SD dalam kondisi rusak sedang dan rusak berat."),
                new Outcome(OutcomeKind.Decision, "Rehabilitasi dilakukan bertahap mulai dari sekolah dengan kerusakan terberat.")),
            Item("a5", "Sinkronisasi RKPD 2027", Bappeda,
                new Outcome(OutcomeKind.Decision, "Usulan program OPD yang tidak selaras dengan prioritas RPJMD dikembalikan untuk diperbaiki.")),
            Item("a6", "Pengelolaan sampah dan banjir", Dlh,
                new Outcome(OutcomeKind.Note, "TPA Air Kopras mendekati kapasitas penuh."),
                new Outcome(OutcomeKind.Directive, "DLH dan BPBD menyiapkan rencana kontinjensi banjir sebelum puncak musim hujan.")),
            Item("a7", "Layanan adminduk keliling", Dukcapil,
                new Outcome(OutcomeKind.Note, "Masih terdapat 2.140 warga wajib KTP-el yang belum merekam data.")),
            Item("a8", "Penutup", null,
                new Outcome(OutcomeKind.Note, "Rakor berikutnya dijadwalkan pada awal Februari 2027.")),
        ];

        Attendee[] attendees =
        [
            Attend(Bappeda, "Dr. Hendra Saputra, S.T., M.T.", "Kepala Bappeda", 2),
            Attend(Pupr, "Ir. Bambang Sutrisno, M.T.", "Kepala Dinas PUPR", 4),
            Attend(Dinkes, "dr. Sri Wahyuni, M.Kes.", "Kepala Dinas Kesehatan", 5),
            Attend(Disdik, "Drs. Yusuf Effendi, M.Pd.", "Kepala Dinas Pendidikan", 7),
            Attend(Dishub, "Agus Salim, S.Sos.", "Kepala Dinas Perhubungan", 8),
            Attend(Dlh, "Nurhayati, S.Hut., M.Si.", "Kepala Dinas Lingkungan Hidup", 9),
            Attend(Dukcapil, "Rahmat Hidayat, S.Kom.", "Kepala Dinas Dukcapil", 11),
            Attend(Diskominfo, "Fitri Handayani, S.Kom., M.T.I.", "Sekretaris Dinas Kominfo", 12),
            Attend(Dinsos, "Suryadi, S.Sos.", "Kepala Dinas Sosial", 15),
            Attend(Bpbd, "Joko Prasetyo, S.E.", "Kepala Pelaksana BPBD", 16),
            Attend(Perkim, "Ir. Dewi Kartika", "Kepala Dinas Perkim", 18),
            Attend(CamatLebongUtara, "Zulkifli, S.STP.", "Camat Lebong Utara", 20),
        ];

        var list = new List<Commitment>();
        for (var i = 0; i < commitments; i++) list.Add(Commitment(i));

        return new NotulenDocument
        {
            Region = Lebong,
            MeetingTitle = "Rapat Koordinasi Percepatan Pembangunan Infrastruktur dan Pelayanan Dasar Bulan Desember 2026",
            ScheduledStart = LebongStart,
            TimeZoneId = "Asia/Jakarta",
            Location = "Ruang Rapat Bupati, Kantor Bupati Lebong",
            Chair = "H. Ahmad Fauzan, S.E., M.M.",
            Notulis = "Rina Marlina, S.Sos.",
            Attendees = attendees,
            Agenda = agenda,
            Commitments = list,
            Version = 1,
            Status = NotulenStatus.Approved,
            ApprovedAt = new DateTimeOffset(2026, 12, 2, 10, 30, 0, TimeSpan.FromHours(7)),
            ApprovedBy = "H. Ahmad Fauzan, S.E., M.M.",
        };
    }

    /// <summary>A short rakor of Kabupaten Gowa in Asia/Makassar (WITA).</summary>
    public static NotulenDocument GowaRakor() => new()
    {
        Region = new DocumentRegion("Kabupaten Gowa", "Sungguminasa"),
        MeetingTitle = "Rapat Koordinasi Penanganan Banjir dan Longsor",
        ScheduledStart = new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.FromHours(8)),
        TimeZoneId = "Asia/Makassar",
        Location = "Baruga Tinggimae, Kantor Bupati Gowa",
        Chair = "Dr. Andi Rahman, M.Si.",
        Notulis = "Sitti Aminah, S.E.",
        Attendees = [new Attendee(Bpbd, "Muhammad Ilham, S.T.", "Kepala Pelaksana BPBD", new DateTimeOffset(2026, 12, 1, 9, 25, 0, TimeSpan.FromHours(8)))],
        Agenda = [Item("g1", "Kesiapsiagaan bencana musim hujan", Bpbd, new Outcome(OutcomeKind.Decision, "Posko siaga bencana dibuka di 18 kecamatan."))],
        Commitments =
        [
            new Commitment
            {
                Id = "g-c1",
                AgendaItemId = "g1",
                Owner = Bpbd,
                Supporting = [Dinsos, Pupr],
                Description = "Membuka posko siaga bencana di seluruh kecamatan rawan banjir",
                Target = "18 posko aktif 24 jam",
                Beneficiaries = "Warga di bantaran Sungai Jeneberang",
                Benefit = "Evakuasi lebih cepat saat banjir",
                DueDate = new DateOnly(2026, 12, 10),
            },
        ],
        Status = NotulenStatus.Draft,
    };

    public static NotulenDocument Sealed(NotulenDocument notulen) => NotulenCanonical.Seal(notulen, "https://rakor.lebongkab.go.id/api/notulen/verify");

    private static AgendaItem Item(string id, string title, Agency? presenter, params Outcome[] outcomes) =>
        new() { Id = id, Title = title, Presenter = presenter, Status = AgendaStatus.Done, Outcomes = outcomes };

    private static Attendee Attend(Agency opd, string name, string position, int minutesAfterStart) =>
        new(opd, name, position, LebongStart.AddMinutes(minutesAfterStart - 10));

    private static readonly (string AgendaId, Agency Owner, Agency[] Supporting, string Action, string Target, string Sasaran, string Manfaat)[] Templates =
    [
        ("a2", Pupr, [Dishub, Dlh, CamatLebongUtara], "Menyusun peta jalan perbaikan ruas jalan kabupaten di Kecamatan {0}", "Dokumen peta jalan ditetapkan", "Pengguna jalan di Kecamatan {0}", "Waktu tempuh ke pusat kabupaten berkurang"),
        ("a2", Pupr, [Bappeda], "Menghitung kebutuhan anggaran rekonstruksi jembatan gantung di {0}", "Rencana anggaran biaya selesai", "Warga desa terisolasi di {0}", "Akses anak sekolah dan hasil kebun terbuka"),
        ("a3", Dinkes, [CamatLebongUtara, Dinsos], "Melakukan pendataan ulang balita berisiko stunting di posyandu Kecamatan {0}", "100% balita terdata", "Balita dan ibu hamil di {0}", "Intervensi gizi tepat sasaran"),
        ("a3", Dinkes, [Perkim], "Membangun jamban sehat bagi keluarga berisiko stunting di {0}", "40 unit jamban sehat", "Keluarga berisiko stunting di {0}", "Sanitasi layak dan penurunan diare"),
        ("a4", Disdik, [Pupr], "Melakukan verifikasi teknis ruang kelas rusak berat di SD Kecamatan {0}", "Berita acara verifikasi", "Siswa SD di {0}", "Belajar di ruang kelas yang aman"),
        ("a5", Bappeda, [], "Menyelaraskan usulan program OPD dari Kecamatan {0} dengan prioritas RPJMD", "Usulan selaras 100%", "Perangkat daerah pengusul dari {0}", "Anggaran terarah pada prioritas daerah"),
        ("a6", Dlh, [Bpbd, Pupr], "Membersihkan saluran drainase utama di {0} sebelum puncak musim hujan", "Drainase 5 km bersih", "Warga kawasan rawan banjir di {0}", "Genangan dan banjir berkurang"),
        ("a7", Dukcapil, [Diskominfo, CamatLebongUtara], "Menggelar layanan perekaman KTP-el keliling di Kecamatan {0}", "300 perekaman baru", "Warga wajib KTP-el di {0}", "Warga dapat mengakses layanan bansos dan kesehatan"),
    ];

    private static Commitment Commitment(int i)
    {
        var template = Templates[i % Templates.Length];
        var village = Villages[i / Templates.Length % Villages.Length];
        var round = i / (Templates.Length * Villages.Length);
        var description = string.Format(System.Globalization.CultureInfo.InvariantCulture, template.Action, village) + (round > 0 ? $" (tahap {round + 1})" : "");
        var status = (CommitmentStatus)(i % 5);
        var overdue = i % 7 == 3 && status is not (CommitmentStatus.Done or CommitmentStatus.Dropped);
        return new Commitment
        {
            Id = $"c{i + 1:D3}",
            AgendaItemId = template.AgendaId,
            Owner = template.Owner,
            Supporting = template.Supporting,
            Description = description,
            Target = template.Target,
            Beneficiaries = string.Format(System.Globalization.CultureInfo.InvariantCulture, template.Sasaran, village),
            Benefit = template.Manfaat,
            DueDate = new DateOnly(2026, 12, 15).AddDays(i % 5 * 7),
            Status = status,
            ProgressPercent = status switch
            {
                CommitmentStatus.Done => 100,
                CommitmentStatus.AwaitingVerification => 100,
                CommitmentStatus.InProgress => 40,
                _ => 0,
            },
            StatusReason = status == CommitmentStatus.Dropped ? "Lokasi masuk kawasan hutan lindung; dialihkan ke tahun anggaran 2027" : null,
            IsOverdue = overdue,
            DaysOverdue = overdue ? 5 : null,
        };
    }
}
