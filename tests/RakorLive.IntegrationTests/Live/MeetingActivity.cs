using RakorLive.Client;
using RakorLive.Events;

namespace RakorLive.IntegrationTests.Live;

/// <summary>Writes that each emit exactly one event, so a test knows the seq and type of every event it caused.</summary>
public static class MeetingActivity
{
    private static readonly string[] Opds = ["PUPR", "DINKES", "DISDIK", "BAPPEDA", "DISHUB", "DLH", "DUKCAPIL", "DISKOMINFO"];

    /// <summary>
    /// <paramref name="count"/> events by the secretariat, in turn an agenda item, two check-ins and two
    /// commitments; returns (seq, type) of each, as the server acknowledged them.
    /// </summary>
    public static async Task<List<(long Seq, string Type)>> WriteAsync(RakorLiveClient secretariat, string meetingId, int count, string tag)
    {
        var written = new List<(long Seq, string Type)>();
        for (var i = 0; i < count; i++)
        {
            var opd = Opds[i % Opds.Length];
            switch (i % 5)
            {
                case 0:
                    var item = await secretariat.AddAgendaItemAsync(meetingId, Rakor.AgendaItem($"Agenda {tag} {i}", opd));
                    written.Add((item.Seq!.Value, MeetingEventTypes.AgendaItemAdded));
                    break;
                case 1 or 2:
                    var attendee = await secretariat.CheckInAsync(meetingId, Rakor.CheckIn(opd, $"Peserta {tag} {i}"));
                    written.Add((attendee.Seq!.Value, MeetingEventTypes.AttendeeCheckedIn));
                    break;
                default:
                    var actionPoint = await secretariat.CreateActionPointAsync(meetingId, Rakor.ActionPoint(opd, $"Komitmen {tag} {i}"));
                    written.Add((actionPoint.Seq!.Value, MeetingEventTypes.ActionPointAdded));
                    break;
            }
        }
        return written;
    }
}
