using RakorLive.Documents;

namespace RakorLive.DocumentTests;

public class IndonesianFormatTests
{
    [Fact]
    public void Dates_use_Indonesian_day_and_month_names()
    {
        Assert.Equal("Selasa, 1 Desember 2026", IndonesianFormat.DayAndDate(new DateOnly(2026, 12, 1)));
        Assert.Equal("15 Desember 2026", IndonesianFormat.Date(new DateOnly(2026, 12, 15)));
        Assert.Equal("Jumat, 1 Januari 2027", IndonesianFormat.DayAndDate(new DateOnly(2027, 1, 1)));
        Assert.Equal("17 Agustus 2026", IndonesianFormat.Date(new DateOnly(2026, 8, 17)));
    }

    [Theory]
    [InlineData("Asia/Jakarta", "pukul 09.05 WIB")]
    [InlineData("Asia/Makassar", "pukul 10.05 WITA")]
    [InlineData("Asia/Jayapura", "pukul 11.05 WIT")]
    public void Clock_writes_a_dot_and_the_zone(string zone, string expected) =>
        Assert.Equal(expected, IndonesianFormat.Clock(new DateTimeOffset(2026, 12, 1, 2, 5, 0, TimeSpan.Zero), zone));

    [Fact]
    public void Local_date_follows_the_meeting_zone()
    {
        var lateEvening = new DateTimeOffset(2026, 12, 1, 15, 30, 0, TimeSpan.Zero); // 22.30 WIB, 00.30 WIT the next day
        Assert.Equal(new DateOnly(2026, 12, 1), IndonesianFormat.LocalDate(lateEvening, "Asia/Jakarta"));
        Assert.Equal(new DateOnly(2026, 12, 2), IndonesianFormat.LocalDate(lateEvening, "Asia/Jayapura"));
    }

    [Fact]
    public void A_zone_outside_the_list_is_named_by_its_offset()
    {
        Assert.Equal("WIB", IndonesianFormat.ZoneAbbreviation("Asia/Bangkok"));
        Assert.Equal("WITA", IndonesianFormat.ZoneAbbreviation("Asia/Singapore"));
        Assert.Equal("UTC+0", IndonesianFormat.ZoneAbbreviation("Etc/UTC"));
    }

    [Fact]
    public void Letterhead_is_upper_case_and_says_Pemerintah_once()
    {
        Assert.Equal("PEMERINTAH KABUPATEN LEBONG", NotulenText.Letterhead(new DocumentRegion("Kabupaten Lebong", "Tubei")));
        Assert.Equal("PEMERINTAH KOTA BENGKULU", NotulenText.Letterhead(new DocumentRegion("Pemerintah Kota Bengkulu", "Bengkulu")));
    }
}
