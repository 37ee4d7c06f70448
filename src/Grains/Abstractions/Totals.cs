namespace Changdu;

/// <summary>The figures that roll up: how many reports, meetings and problems.</summary>
[GenerateSerializer, Immutable, Alias("Changdu.Totals")]
public readonly record struct Totals(
    [property: Id(0)] long Reports,
    [property: Id(1)] long MeetingsHeld,
    [property: Id(2)] long ProblemsIdentified,
    [property: Id(3)] long ProblemsResolved)
{
    public static Totals Zero => default;

    public bool IsZero => this == default;

    public static Totals operator +(Totals a, Totals b) => new(
        a.Reports + b.Reports,
        a.MeetingsHeld + b.MeetingsHeld,
        a.ProblemsIdentified + b.ProblemsIdentified,
        a.ProblemsResolved + b.ProblemsResolved);
}
