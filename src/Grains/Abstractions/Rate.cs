namespace Changdu;

/// <summary>
/// The one definition of a rate (on-time, completeness, resolution, on-duty…), used by the grains,
/// the API and the dashboard alike: a part of a whole to four decimal places, and no rate at all
/// (null) when nothing was due, which the dashboard shows as "–". A rule that needs a number where
/// nothing was due says what it takes (the monthly ranking gives full marks).
/// </summary>
public static class Rate
{
    public static decimal? Of(long part, long whole) => whole == 0 ? null : Math.Round((decimal)part / whole, 4);
}
