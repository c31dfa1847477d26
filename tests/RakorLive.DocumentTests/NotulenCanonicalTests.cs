using System.Text;
using System.Text.Json;
using RakorLive.Documents;

namespace RakorLive.DocumentTests;

public class NotulenCanonicalTests
{
    [Fact]
    public void Hash_is_stable_lowercase_hex()
    {
        var first = NotulenCanonical.Sha256(SampleData.LebongRakor());
        var second = NotulenCanonical.Sha256(SampleData.LebongRakor());
        Assert.Equal(first, second);
        Assert.Matches("^[0-9a-f]{64}$", first);
        Assert.Equal(NotulenCanonical.Json(SampleData.LebongRakor()), NotulenCanonical.Json(SampleData.LebongRakor()));
    }

    [Fact]
    public void Hash_changes_when_an_outcome_text_changes()
    {
        var notulen = SampleData.LebongRakor();
        var item = notulen.Agenda[1];
        var changedItem = item with { Outcomes = [.. item.Outcomes.Take(1), item.Outcomes[1] with { Text = item.Outcomes[1].Text + "." }, .. item.Outcomes.Skip(2)] };
        var changed = notulen with { Agenda = [.. notulen.Agenda.Select(a => a.Id == item.Id ? changedItem : a)] };
        Assert.NotEqual(NotulenCanonical.Sha256(notulen), NotulenCanonical.Sha256(changed));
    }

    [Fact]
    public void Hash_changes_with_the_version_and_a_commitment()
    {
        var notulen = SampleData.LebongRakor(commitments: 3);
        var hash = NotulenCanonical.Sha256(notulen);
        Assert.NotEqual(hash, NotulenCanonical.Sha256(notulen with { Version = 2 }));
        var moved = notulen.Commitments[0] with { DueDate = notulen.Commitments[0].DueDate.AddDays(1) };
        Assert.NotEqual(hash, NotulenCanonical.Sha256(notulen with { Commitments = [moved, .. notulen.Commitments.Skip(1)] }));
    }

    [Fact]
    public void Hash_ignores_approval_verify_url_and_later_progress()
    {
        var notulen = SampleData.LebongRakor(commitments: 5);
        var hash = NotulenCanonical.Sha256(notulen);
        var progressed = notulen.Commitments.Select(c => c with { Status = CommitmentStatus.Done, ProgressPercent = 100, IsOverdue = false, StatusReason = "Diverifikasi" }).ToList();
        var other = notulen with
        {
            Status = NotulenStatus.Superseded,
            ApprovedAt = null,
            ApprovedBy = "someone else",
            VerifyUrl = "https://elsewhere.example/verify/x",
            Sha256 = new string('a', 64),
            Commitments = progressed,
        };
        Assert.Equal(hash, NotulenCanonical.Sha256(other));
    }

    [Fact]
    public void One_instant_has_one_hash_whatever_its_offset()
    {
        var notulen = SampleData.LebongRakor(commitments: 2);
        var utc = notulen with { ScheduledStart = notulen.ScheduledStart.ToUniversalTime() };
        Assert.Equal(NotulenCanonical.Sha256(notulen), NotulenCanonical.Sha256(utc));
    }

    [Fact]
    public void Json_has_a_fixed_shape_without_white_space()
    {
        var json = NotulenCanonical.Json(SampleData.LebongRakor(commitments: 9));
        var text = Encoding.UTF8.GetString(json);
        Assert.StartsWith("{\"format\":\"rakorlive.notulen/1\",\"version\":1,\"region\":{\"name\":\"Kabupaten Lebong\",\"city\":\"Tubei\"},\"meeting\":{\"title\":", text);
        Assert.DoesNotContain("\n", text);
        Assert.Contains("\"scheduledStart\":\"2026-12-01T02:00:00.0000000Z\"", text);
        Assert.Contains("\"dueDate\":\"2026-12-15\"", text);
        using var parsed = JsonDocument.Parse(json);
        var names = parsed.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(["format", "version", "region", "meeting", "attendees", "sections"], names);
        var sections = parsed.RootElement.GetProperty("sections");
        Assert.Equal(8, sections.GetArrayLength());
        Assert.Equal(9, sections.EnumerateArray().Sum(s => s.GetProperty("commitments").GetArrayLength()));
    }

    [Fact]
    public void Seal_fills_the_hash_and_the_verify_url()
    {
        var sealedNotulen = NotulenCanonical.Seal(SampleData.LebongRakor(commitments: 1), "https://rakor.lebongkab.go.id/api/notulen/verify/");
        Assert.Equal(NotulenCanonical.Sha256(sealedNotulen), sealedNotulen.Sha256);
        Assert.Equal("https://rakor.lebongkab.go.id/api/notulen/verify/" + sealedNotulen.Sha256, sealedNotulen.VerifyUrl);
    }
}
