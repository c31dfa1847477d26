using RakorLive.Model;

namespace RakorLive.Events;

/// <summary>
/// The one Apply of a meeting: the server's meeting grain folds its journal with it, and the .NET client
/// applies pushed events with it, so a client that starts from a snapshot and applies every later event holds
/// the same snapshot as the server at that seq. The JS client mirrors it and is checked against the same
/// recorded streams (tests/fixtures/events).
/// </summary>
public static class MeetingProjection
{
    public static MeetingSnapshot Apply(MeetingSnapshot snapshot, MeetingEvent evt)
    {
        var next = evt.Data switch
        {
            MeetingStartedData started => snapshot with
            {
                Status = MeetingStatus.Live,
                StartedAt = started.StartedAt,
                CurrentItemId = started.CurrentItemId ?? snapshot.CurrentItemId,
            },
            AgendaItemData added => snapshot with { Agenda = Upsert(snapshot.Agenda, added.Item, i => i.Id == added.Item.Id) },
            AgendaItemActivatedData activated => snapshot with
            {
                Agenda = Change(snapshot.Agenda, activated.ItemId, i => i with { Status = AgendaItemStatus.Active, ActivatedAt = activated.ActivatedAt }),
                CurrentItemId = activated.ItemId,
            },
            AgendaItemCompletedData completed => snapshot with
            {
                Agenda = Change(snapshot.Agenda, completed.ItemId, i => i with { Status = completed.Status, CompletedAt = completed.CompletedAt }),
                CurrentItemId = snapshot.CurrentItemId == completed.ItemId ? null : snapshot.CurrentItemId,
            },
            // One line per person of an agency: a second check-in replaces the first.
            AttendeeData attendee => snapshot with
            {
                Attendance = Upsert(snapshot.Attendance, attendee.Attendee, a => SameAttendee(a, attendee.Attendee.Opd, attendee.Attendee.Name)),
            },
            // A commitment made in another rakor is one this meeting carries over: it lives in CarriedActionPoints.
            ActionPointData actionPoint when actionPoint.ActionPoint.MeetingId != snapshot.Id => snapshot with
            {
                CarriedActionPoints = Upsert(snapshot.CarriedActionPoints ?? [], actionPoint.ActionPoint, a => a.Id == actionPoint.ActionPoint.Id),
            },
            ActionPointData actionPoint => snapshot with
            {
                ActionPoints = Upsert(snapshot.ActionPoints, actionPoint.ActionPoint, a => a.Id == actionPoint.ActionPoint.Id),
            },
            MeetingClosedData closed => snapshot with { Status = MeetingStatus.Closed, ClosedAt = closed.ClosedAt },
            AgendaReorderedData reordered => snapshot with { Agenda = Reorder(snapshot.Agenda, reordered.ItemIds) },
            OutcomeData outcome => snapshot with { Outcomes = Upsert(snapshot.Outcomes ?? [], outcome.Outcome, o => o.Id == outcome.Outcome.Id) },
            SpeakerData speaker => snapshot with { Speakers = Upsert(snapshot.Speakers ?? [], speaker.Request, r => r.Id == speaker.Request.Id) },
            NotulenData notulen => snapshot with { Notulen = Notulen(snapshot.Notulen ?? [], notulen.Version) },
            _ => snapshot,
        };
        return next with { Seq = evt.Seq, Epoch = evt.Epoch };
    }

    /// <summary>Who counts as the same attendee: the agency exactly, the name without regard to case (recorded as data in the event fixtures).</summary>
    public static bool SameAttendee(Attendee attendee, string opd, string name) =>
        attendee.Opd == opd && string.Equals(attendee.Name, name, StringComparison.OrdinalIgnoreCase);

    private static IReadOnlyList<T> Upsert<T>(IReadOnlyList<T> items, T item, Predicate<T> same)
    {
        var list = items.ToList();
        var index = list.FindIndex(same);
        if (index >= 0) list[index] = item;
        else list.Add(item);
        return list;
    }

    /// <summary>Each named item takes its position (from 1) as its order; items not named keep theirs after the named ones.</summary>
    private static IReadOnlyList<AgendaItem> Reorder(IReadOnlyList<AgendaItem> agenda, IReadOnlyList<string> itemIds)
    {
        var position = itemIds.Select((id, index) => (id, index)).ToDictionary(p => p.id, p => p.index + 1);
        var rest = itemIds.Count;
        return agenda
            .Select(i => i with { Order = position.TryGetValue(i.Id, out var order) ? order : ++rest })
            .OrderBy(i => i.Order)
            .ToList();
    }

    /// <summary>The version replaces its earlier self (or is appended); an approval supersedes every earlier approved version.</summary>
    private static IReadOnlyList<NotulenVersion> Notulen(IReadOnlyList<NotulenVersion> versions, NotulenVersion version)
    {
        var list = Upsert(versions, version, v => v.Number == version.Number);
        if (version.Status != NotulenStatus.Approved) return list;
        return list.Select(v => v.Number < version.Number && v.Status == NotulenStatus.Approved
            ? v with { Status = NotulenStatus.Superseded, SupersededBy = version.Number }
            : v).ToList();
    }

    private static IReadOnlyList<AgendaItem> Change(IReadOnlyList<AgendaItem> agenda, string itemId, Func<AgendaItem, AgendaItem> change) =>
        agenda.Select(i => i.Id == itemId ? change(i) : i).ToList();
}
