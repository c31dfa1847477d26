using RakorLive.Model;
using RakorLive.Vocabulary;

namespace RakorLive.UnitTests.Vocabulary;

public sealed class KosakataTests
{
    // 02.00 UTC is nine o'clock in the morning in Jakarta (UTC+7).
    private static readonly DateTimeOffset JakartaNineAm = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("Asia/Jakarta", 2, "pukul 09.00 WIB")]
    [InlineData("Asia/Makassar", 1, "pukul 09.00 WITA")]
    [InlineData("Asia/Jayapura", 0, "pukul 09.00 WIT")]
    [InlineData("Asia/Pontianak", 2, "pukul 09.00 WIB")]
    public void Clock_writes_the_local_time_with_a_dot_and_the_zone_abbreviation(string zone, int utcHour, string expected) =>
        Assert.Equal(expected, Kosakata.Clock(new DateTimeOffset(2026, 3, 2, utcHour, 0, 0, TimeSpan.Zero), zone));

    [Fact]
    public void Clock_converts_from_any_offset_and_pads_minutes() =>
        Assert.Equal("pukul 14.05 WITA", Kosakata.Clock(new DateTimeOffset(2026, 3, 2, 13, 5, 0, TimeSpan.FromHours(7)), "Asia/Makassar"));

    [Theory]
    [InlineData(14, "14 hari dari sekarang")]
    [InlineData(2, "2 hari dari sekarang")]
    [InlineData(1, "besok")]
    [InlineData(0, "hari ini")]
    [InlineData(-1, "kemarin")]
    [InlineData(-10, "10 hari yang lalu")]
    [InlineData(60, "2 bulan dari sekarang")]
    [InlineData(-400, "setahun yang lalu")]
    public void DueHumanized_speaks_Indonesian_relative_to_today_in_the_zone(int days, string expected) =>
        Assert.Equal(expected, Kosakata.DueHumanized(new DateOnly(2026, 3, 2).AddDays(days), JakartaNineAm, "Asia/Jakarta"));

    [Theory]
    [InlineData(14, "14 days from now")]
    [InlineData(0, "today")]
    [InlineData(-10, "10 days ago")]
    public void DueHumanized_speaks_English_when_asked(int days, string expected) =>
        Assert.Equal(expected, Kosakata.DueHumanized(new DateOnly(2026, 3, 2).AddDays(days), JakartaNineAm, "Asia/Jakarta", Kosakata.English));

    [Fact]
    public void DueHumanized_counts_from_the_local_date_not_the_utc_date()
    {
        // 16.00 UTC on 1 March is already 2 March in Jayapura (UTC+9), but still 1 March (23.00) in Jakarta.
        var evening = new DateTimeOffset(2026, 3, 1, 16, 0, 0, TimeSpan.Zero);
        Assert.Equal("hari ini", Kosakata.DueHumanized(new DateOnly(2026, 3, 2), evening, "Asia/Jayapura"));
        Assert.Equal("besok", Kosakata.DueHumanized(new DateOnly(2026, 3, 2), evening, "Asia/Jakarta"));
    }

    [Theory]
    // Jakarta (UTC+7): 2 March ends at 17.00 UTC.
    [InlineData("Asia/Jakarta", "2026-03-02T16:59:59Z", false)]
    [InlineData("Asia/Jakarta", "2026-03-02T17:00:00Z", true)]
    // Makassar (UTC+8): 2 March ends at 16.00 UTC.
    [InlineData("Asia/Makassar", "2026-03-02T15:59:59Z", false)]
    [InlineData("Asia/Makassar", "2026-03-02T16:00:00Z", true)]
    // Jayapura (UTC+9): 2 March ends at 15.00 UTC; Jakarta is still on 2 March then.
    [InlineData("Asia/Jayapura", "2026-03-02T14:59:59Z", false)]
    [InlineData("Asia/Jayapura", "2026-03-02T15:00:00Z", true)]
    [InlineData("Asia/Jakarta", "2026-03-02T15:00:00Z", false)]
    public void IsOverdue_turns_at_midnight_in_the_meetings_zone(string zone, string now, bool overdue) =>
        Assert.Equal(overdue, Kosakata.IsOverdue(new DateOnly(2026, 3, 2), ActionPointStatus.Open, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), zone));

    [Theory]
    [InlineData(ActionPointStatus.Open, true)]
    [InlineData(ActionPointStatus.InProgress, true)]
    [InlineData(ActionPointStatus.AwaitingVerification, true)]
    [InlineData(ActionPointStatus.Done, false)]
    [InlineData(ActionPointStatus.Dropped, false)]
    public void Finished_commitments_are_never_overdue(ActionPointStatus status, bool overdue) =>
        Assert.Equal(overdue, Kosakata.IsOverdue(new DateOnly(2026, 2, 1), status, JakartaNineAm, "Asia/Jakarta"));

    [Fact]
    public void Duration_and_long_date_use_Indonesian_words()
    {
        Assert.Equal("1 jam, 35 menit", Kosakata.Duration(TimeSpan.FromMinutes(95)));
        Assert.Equal("Senin, 2 Maret 2026", Kosakata.LongDate(new DateOnly(2026, 3, 2)));
    }

    [Fact]
    public void Labels_follow_the_product_vocabulary()
    {
        Assert.Equal("Berlangsung", Kosakata.Label(MeetingStatus.Live));
        Assert.Equal("Dilewati", Kosakata.Label(AgendaItemStatus.Skipped));
        Assert.Equal("Tidak dapat ditindaklanjuti", Kosakata.Label(ActionPointStatus.Dropped));
        Assert.Equal("In progress", Kosakata.Label(ActionPointStatus.InProgress, "en"));
        Assert.Equal("Terlambat", Kosakata.Labels("id").ActionPointStatus["Overdue"]);
        // Every enum value has a label in both languages, so no screen shows a raw id.
        foreach (var lang in new[] { "id", "en" })
        {
            Assert.All(Enum.GetValues<MeetingStatus>(), s => Assert.False(string.IsNullOrEmpty(Kosakata.Label(s, lang))));
            Assert.All(Enum.GetValues<AgendaItemStatus>(), s => Assert.False(string.IsNullOrEmpty(Kosakata.Label(s, lang))));
            Assert.All(Enum.GetValues<ActionPointStatus>(), s => Assert.False(string.IsNullOrEmpty(Kosakata.Label(s, lang))));
            Assert.All(Enum.GetValues<Role>(), r => Assert.True(Kosakata.Labels(lang).Roles.ContainsKey(r.ToString())));
        }
    }

    [Theory]
    [InlineData("Asia/Jakarta", true)]
    [InlineData("Asia/Makassar", true)]
    [InlineData("Asia/Jayapura", true)]
    [InlineData("Europe/Amsterdam", false)]
    [InlineData("WIB", false)]
    public void Only_Indonesian_zones_are_supported(string zone, bool supported) =>
        Assert.Equal(supported, Kosakata.IsSupportedTimeZone(zone));
}
