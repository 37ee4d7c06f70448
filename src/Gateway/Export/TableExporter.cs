using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Changdu.Gateway.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using MiniExcelLibs;

namespace Changdu.Gateway.Export;

public enum ExportFormat
{
    Xlsx,
    Csv,
}

/// <summary>
/// Writes a table as .xlsx (MiniExcel) or CSV, and reads the <c>format</c> a table's endpoint was
/// asked for: JSON when left out, so the JSON answer is as it was.
/// </summary>
public static class TableExporter
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvType = "text/csv; charset=utf-8";

    /// <summary>The export asked for, or null for JSON; false with a 400 naming <c>format</c> for anything else.</summary>
    public static bool TryFormat(string? format, out ExportFormat? export, [NotNullWhen(false)] out ValidationProblem? problem)
    {
        problem = null;
        switch (format)
        {
            case null or "" or "json":
                export = null;
                return true;
            case "xlsx":
                export = ExportFormat.Xlsx;
                return true;
            case "csv":
                export = ExportFormat.Csv;
                return true;
            default:
                export = null;
                problem = TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { ["format"] = ["Optional: json (the default), xlsx or csv."] },
                    title: "The format is not valid", type: Problems.TypeOf("invalid-format"));
                return false;
        }
    }

    public static ExportFile File(ExportTable table, ExportFormat format) => format switch
    {
        ExportFormat.Xlsx => new ExportFile(Xlsx(table), XlsxType, table.Name, "xlsx"),
        _ => new ExportFile(Csv(table), CsvType, table.Name, "csv"),
    };

    static byte[] Xlsx(ExportTable table)
    {
        // The header is written as the first row, so a table with no rows still has its columns.
        var rows = table.Rows.Select(row => row.Select(ExportTable.Cell)).Prepend(table.Headers).Select(cells =>
            table.Headers.Zip(cells).ToDictionary(cell => cell.First, cell => cell.Second));
        using var stream = new MemoryStream();
        stream.SaveAs(rows, printHeader: false, sheetName: SheetName(table));
        return stream.ToArray();
    }

    /// <summary>RFC 4180: CRLF line ends, fields with a comma, quote or line end quoted; UTF-8 with a BOM, so Excel reads the Chinese.</summary>
    static byte[] Csv(ExportTable table)
    {
        var text = new StringBuilder();
        Line(text, table.Headers);
        foreach (var row in table.Rows)
        {
            Line(text, row.Select(ExportTable.Cell));
        }
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    static void Line(StringBuilder text, IEnumerable<object?> cells)
    {
        text.AppendJoin(',', cells.Select(Field));
        text.Append("\r\n");
    }

    static string Field(object? cell)
    {
        var value = cell switch
        {
            null => "",
            IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
            // Text that a spreadsheet would run as a formula is kept as text (names are data anyone with the map's rights may set).
            string text when text.Length > 0 && text[0] is '=' or '+' or '-' or '@' => "'" + text,
            _ => cell.ToString() ?? "",
        };
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    static string SheetName(ExportTable table) => table.Name.Table.Length > 31 ? table.Name.Table[..31] : table.Name.Table;
}
