using System.Globalization;

namespace Changdu.Gateway.Export;

/// <summary>
/// A table as a spreadsheet holds it: Chinese headers, one row per line of the dashboard's table,
/// cells as numbers or text, and the file's name with the unit and the period.
/// </summary>
public sealed record ExportTable(ExportName Name, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<object?>> Rows)
{
    /// <summary>Whole numbers, decimals and text: what both writers put in a cell as it is.</summary>
    public static object? Cell(object? value) => value switch
    {
        null => null,
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset moment => moment.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture),
        bool yes => yes ? "是" : "否",
        _ => value,
    };
}

/// <summary>
/// A file's name: the unit's name and code, the period and the table, e.g.
/// <c>昌都市-540300000000-2016-05-汇总</c>; the ASCII name drops the unit's name and says the table in English.
/// A table of no period (a unit's history) has none in its name.
/// </summary>
public sealed record ExportName(string? UnitName, string? UnitCode, string? Period, string Table, string AsciiTable)
{
    public string Text => string.Join('-', new[] { UnitName, UnitCode, Period, Table }.Where(part => !string.IsNullOrEmpty(part)).Select(Safe));

    public string Ascii => string.Join('-', new[] { UnitCode, Period, AsciiTable }.Where(part => !string.IsNullOrEmpty(part)).Select(Safe));

    /// <summary>A unit's name is data anyone with the map's rights may set: no path separators or control characters reach a file name.</summary>
    static string Safe(string? part) =>
        new((part ?? "").Select(c => char.IsControl(c) || c is '/' or '\\' or ':' or '"' or '*' or '?' or '<' or '>' or '|' ? '_' : c).ToArray());
}
