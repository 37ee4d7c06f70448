using System.Diagnostics.CodeAnalysis;

namespace Changdu;

/// <summary>
/// What a rollup is read for: one period (2016-Q2) or a run of them (2015-12..2016-10, the
/// reference scenario). A report counts when the period it was filed for lies wholly inside
/// (a week by its Thursday), so a rollup never counts a report filed for a longer period that
/// merely overlaps.
/// </summary>
[GenerateSerializer, Immutable, Alias("Changdu.PeriodRange")]
public readonly record struct PeriodRange(
    [property: Id(0)] Period From,
    [property: Id(1)] Period To)
{
    const string Separator = "..";

    public DateOnly Start => From.Start;

    public DateOnly End => To.End;

    public bool Contains(Period period) =>
        From == To
            ? From.Contains(period)
            : period.Kind == PeriodKind.Week
                ? Start <= period.Anchor && period.Anchor < End
                : Start <= period.Start && period.End <= End;

    /// <summary>The periods of <paramref name="kind"/> inside the range, in order (weeks by their Thursday).</summary>
    public IEnumerable<Period> Split(PeriodKind kind) => Period.Between(Start, End, kind);

    public static implicit operator PeriodRange(Period period) => new(period, period);

    public static bool TryParse([NotNullWhen(true)] string? text, out PeriodRange range)
    {
        range = default;
        var parts = text?.Split(Separator) ?? [];
        if (parts.Length == 1 && Period.TryParse(parts[0], out var single))
        {
            range = single;
            return true;
        }
        if (parts.Length == 2 && Period.TryParse(parts[0], out var from) && Period.TryParse(parts[1], out var to) && from.Start <= to.Start)
        {
            range = new PeriodRange(from, to);
            return true;
        }
        return false;
    }

    public override string ToString() => From == To ? From.ToString() : $"{From}{Separator}{To}";
}
