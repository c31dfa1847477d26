namespace RakorLive.Documents;

/// <summary>One agenda item as the notulen prints it: its outcomes by kind and the commitments made on it.</summary>
internal sealed record NotulenSection(
    string Title,
    AgendaItem? Item,
    IReadOnlyList<Outcome> Notes,
    IReadOnlyList<Outcome> Decisions,
    IReadOnlyList<Outcome> Directives,
    IReadOnlyList<Commitment> Commitments);

/// <summary>
/// The order of a notulen's content, shared by the HTML, the PDF, the matrix and the canonical
/// JSON so that all of them say the same things in the same order.
/// </summary>
internal static class NotulenSections
{
    public static IReadOnlyList<NotulenSection> Of(NotulenDocument notulen)
    {
        var known = notulen.Agenda.Select(item => item.Id).ToHashSet(StringComparer.Ordinal);
        var sections = notulen.Agenda
            .Select(item => new NotulenSection(
                item.Title,
                item,
                Kind(item, OutcomeKind.Note),
                Kind(item, OutcomeKind.Decision),
                Kind(item, OutcomeKind.Directive),
                notulen.Commitments.Where(c => c.AgendaItemId == item.Id).ToList()))
            .ToList();
        var others = notulen.Commitments.Where(c => c.AgendaItemId is null || !known.Contains(c.AgendaItemId)).ToList();
        if (others.Count > 0) sections.Add(new NotulenSection(DocumentLabels.OtherCommitments, null, [], [], [], others));
        return sections;
    }

    private static List<Outcome> Kind(AgendaItem item, OutcomeKind kind) => item.Outcomes.Where(o => o.Kind == kind).ToList();
}
