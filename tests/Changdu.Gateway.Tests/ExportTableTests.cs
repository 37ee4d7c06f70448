using System.Text;
using Changdu.Gateway.Api;
using Changdu.Gateway.Export;
using MiniExcelLibs;

namespace Changdu.Gateway.Tests;

/// <summary>The export's table shapes and writers without a cluster: headers, rows, file names, CSV quoting.</summary>
public class ExportTableTests
{
    static TotalsDto Totals(long reports, long meetings, long identified, long resolved) =>
        new(reports, meetings, identified, resolved, Math.Max(0, identified - resolved), null, reports, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    static RollupDto Rollup(string? period) => new("540300000000", "昌都市", "city", period, Totals(5, 6, 9, 4),
        [
            new ChildRollupDto("540302000000", "卡若区", "county", Totals(3, 4, 7, 3), 10),
            new ChildRollupDto("540321000000", "江达县", "county", Totals(2, 2, 2, 1), 8),
        ],
        1, DateTimeOffset.UnixEpoch, 18, null, null, [], new OpenProblemsDto(0, null, null));

    [Fact]
    public void The_rollup_has_a_row_per_child_then_the_units_total()
    {
        var table = RollupTable.Of(Rollup("2016-05"));

        Assert.Equal(["540302000000", "卡若区", "县区", 3L, 10L, 3L, 4L, 7L, 3L, 4L], table.Rows[0]);
        Assert.Equal(["540300000000", "合计：昌都市", "市", 5L, 18L, 5L, 6L, 9L, 4L, 5L], table.Rows[^1]);
        Assert.Equal(3, table.Rows.Count);
        Assert.Equal(("昌都市-540300000000-2016-05-汇总", "540300000000-2016-05-rollup"), (table.Name.Text, table.Name.Ascii));
        Assert.Equal("昌都市-540300000000-全部时间-汇总", RollupTable.Of(Rollup(null)).Name.Text);
    }

    [Fact]
    public void Csv_is_utf8_with_a_bom_crlf_and_rfc_4180_quoting()
    {
        var table = new ExportTable(new ExportName("乡", "540302101000", "2016-05", "表", "table"), ["名称", "数"],
            [["a,b", 1L], ["say \"hi\"", 2.5m], ["two\nlines", null], ["=SUM(A1)", -3L]]);

        var file = TableExporter.File(table, ExportFormat.Csv);

        Assert.Equal(Encoding.UTF8.GetPreamble(), file.Contents[..3]);
        Assert.Equal("名称,数\r\n\"a,b\",1\r\n\"say \"\"hi\"\"\",2.5\r\n\"two\nlines\",\r\n'=SUM(A1),-3\r\n", Encoding.UTF8.GetString(file.Contents[3..]));
        Assert.Equal(("乡-540302101000-2016-05-表.csv", "text/csv; charset=utf-8"), (file.FileName, file.ContentType));
    }

    [Fact]
    public void Xlsx_holds_the_header_and_the_rows_as_numbers_and_text()
    {
        var table = RollupTable.Of(Rollup("2016-05"));

        var file = TableExporter.File(table, ExportFormat.Xlsx);

        using var stream = new MemoryStream(file.Contents);
        var rows = stream.Query().Cast<IDictionary<string, object?>>().Select(row => row.Values.ToList()).ToList();
        Assert.Equal(RollupTable.Headers, rows[0].Cast<string>());
        Assert.Equal(["540302000000", "卡若区", "县区", 3.0, 10.0, 3.0, 4.0, 7.0, 3.0, 4.0], rows[1]);
        Assert.Equal(4, rows.Count);
        Assert.Equal(TableExporter.XlsxType, file.ContentType);
    }

    [Fact]
    public void A_table_without_rows_still_has_its_header()
    {
        var table = MissingTable.Of(new MissingDto("540302101000", "2016-05", [], false), "乡");

        using var stream = new MemoryStream(TableExporter.File(table, ExportFormat.Xlsx).Contents);
        var rows = stream.Query().Cast<IDictionary<string, object?>>().ToList();

        Assert.Equal(MissingTable.Headers, Assert.Single(rows).Values.Cast<string>());
    }

    [Fact]
    public void A_name_set_through_the_map_cannot_break_out_of_the_file_name()
    {
        var name = new ExportName("../a/b:c\"d", "540302101000", "2016-05", "汇总", "rollup");

        Assert.Equal(".._a_b_c_d-540302101000-2016-05-汇总", name.Text);
        Assert.Equal("540302101000-2016-05-rollup", name.Ascii);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("json", null)]
    [InlineData("xlsx", ExportFormat.Xlsx)]
    [InlineData("csv", ExportFormat.Csv)]
    public void Json_stays_the_default_and_xlsx_and_csv_are_exports(string? format, ExportFormat? expected)
    {
        Assert.True(TableExporter.TryFormat(format, out var export, out _));
        Assert.Equal(expected, export);
    }

    [Theory]
    [InlineData("pdf")]
    [InlineData("XLSX")]
    [InlineData("2")]
    public void Any_other_format_is_a_problem_naming_format(string format)
    {
        Assert.False(TableExporter.TryFormat(format, out var export, out var problem));
        Assert.Null(export);
        Assert.Equal(["format"], problem!.ProblemDetails.Errors.Keys);
    }

    [Fact]
    public void The_duty_table_has_a_row_per_day_and_a_total_with_rates_to_four_places()
    {
        var duty = new DutyDto("540302101000", new DateOnly(2016, 5, 1), new DateOnly(2016, 5, 2),
            [new DutyDayDto(new DateOnly(2016, 5, 1), 3, 2, 0, 1, 0, 2.0 / 3), new DutyDayDto(new DateOnly(2016, 5, 2), 3, 3, 0, 0, 0, 1)],
            6, 5, 0, 1, 0, 5.0 / 6);

        var table = DutyTable.Of(duty, "乡", "2016-05");

        Assert.Equal([new DateOnly(2016, 5, 1), 3L, 2L, 0L, 1L, 0L, 0.6667m], table.Rows[0]);
        Assert.Equal([DutyTable.TotalLabel, 6L, 5L, 0L, 1L, 0L, 0.8333m], table.Rows[^1]);
        Assert.Equal("2016-05-01", ExportTable.Cell(table.Rows[0][0]));
    }
}
