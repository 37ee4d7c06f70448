using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Changdu.Gateway.Api;
using CsCheck;

namespace Changdu.Gateway.Tests;

/// <summary>Random and malformed requests at every write endpoint: never a 5xx, nothing changes on rejection, the server keeps serving.</summary>
public class HostileInputTests(GatewayFactory factory) : IClassFixture<GatewayFactory>
{
    static readonly string[] ContentTypes = ["application/json", "application/json; charset=utf-8", "text/plain", "application/xml", "", "application/json; charset=utf-16"];
    static readonly string[] Cadences = ["weekly", "monthly", "quarterly", "half-yearly", "daily", "", "WEEKLY", "weekly\u0000"];
    static readonly string[] Periods = ["2016-W23", "2016-05", "2016-Q2", "2016-H1", "2016", "2016-W99", "1999-W01", "2016-13", "x", "", "2016-W23 ", "٢٠١٦-W23"];

    static readonly Gen<string> Text = Gen.OneOf(
        Gen.String,
        Gen.String[Gen.Char.AlphaNumeric, 0, 80],
        Gen.Const(new string('长', 5000)),
        Gen.Const("<script>alert(1)</script>"),
        Gen.Const("'; DROP TABLE grain_state; --"),
        Gen.Const("\u0000\uFFFF\uD800"));

    static readonly Gen<string> Number = Gen.OneOf(
        Gen.Int.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Int[0, 10_000].Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.OneOf("-1", "10001", "1e3", "1.5", "99999999999999999999", "null", "true", "\"5\"", "[]", "{}", "NaN"));

    /// <summary>Bodies from plausible-but-wrong reports to garbage, deep nesting and unknown fields.</summary>
    static readonly Gen<string> Body = Gen.OneOf(
        Gen.Select(Text, Gen.OneOf(Cadences), Gen.OneOf(Periods), Number, Number, Number, Text).Select((id, cadence, period, m, i, r, notes) =>
            $$"""{"reportId":{{JsonSerializer.Serialize(id)}},"cadence":{{JsonSerializer.Serialize(cadence)}},"period":{{JsonSerializer.Serialize(period)}},"meetingsHeld":{{m}},"problemsIdentified":{{i}},"problemsResolved":{{r}},"notes":{{JsonSerializer.Serialize(notes)}}}"""),
        Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 1, 20], Text).Select((field, value) => $$"""{"reportId":"x","{{field}}":{{JsonSerializer.Serialize(value)}}}"""),
        Gen.Int[1, 200].Select(depth => new string('[', depth) + new string(']', depth)),
        Gen.Int[1, 200].Select(depth => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth)),
        Text,
        Gen.OneOf("", "null", "{", "}", "[]", "\"report\"", "{\"reportId\":}", "{\"reportId\":\"a\",\"reportId\":\"b\"}"));

    // No %00 in paths: the in-memory test server refuses to send them at all (Kestrel answers 400).
    static readonly Gen<string> UnitInPath = Gen.OneOf(
        Gen.Int[0, Seeded.Teams.Count - 1].Select(i => Seeded.Teams[i]),
        Gen.OneOf(Seeded.City, Seeded.Townships[0], "000000000000", "5403", "..", "%2e%2e", "540300000000 ", "%F0%9F%92%A5"),
        Gen.String[Gen.Char.AlphaNumeric, 1, 30]);

    static readonly Gen<string> ReportInPath = Gen.OneOf(Gen.String[Gen.Char.AlphaNumeric, 1, 70], Gen.OneOf("%20", "a%2Fb", "x%09", new string('r', 65)));

    [Fact]
    public async Task Random_and_malformed_writes_never_break_the_server_or_change_state_on_rejection()
    {
        using var client = factory.CreateCityOfficeClient();
        var before = await client.Rollup(Seeded.City);
        var accepted = new ConcurrentDictionary<(string Unit, string ReportId), ReportDto>();
        var statuses = new ConcurrentBag<int>();

        await Gen.Select(Gen.Bool, UnitInPath, ReportInPath, Body, Gen.OneOf(ContentTypes)).SampleAsync(async (isCorrection, unit, reportId, body, contentType) =>
        {
            using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType.Length > 0)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
            using var response = isCorrection
                ? await client.PutAsync($"/api/units/{unit}/reports/{reportId}", content)
                : await client.PostAsync($"/api/units/{unit}/reports", content);
            var status = (int)response.StatusCode;
            statuses.Add(status);
            Assert.True(status < 500, $"{(isCorrection ? "PUT" : "POST")} {unit} {body[..Math.Min(body.Length, 200)]} -> {status}");
            if (response.IsSuccessStatusCode)
            {
                var report = await response.ReadAsync<ReportDto>();
                accepted.AddOrUpdate((report.UnitId, report.ReportId), report, (_, old) => old.Revision >= report.Revision ? old : report);
            }
            else
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }, iter: 400, threads: 4);

        // Whatever was refused changed nothing: the city counts exactly what was accepted.
        var expected = accepted.Values.Aggregate(before.Totals.Counts(), (sum, report) => sum with
        {
            Reports = sum.Reports + 1,
            MeetingsHeld = sum.MeetingsHeld + report.MeetingsHeld,
            ProblemsIdentified = sum.ProblemsIdentified + report.ProblemsIdentified,
            ProblemsResolved = sum.ProblemsResolved + report.ProblemsResolved,
        });
        var after = await client.RollupOnce(Seeded.City, rollup => rollup.Totals.Counts() == expected);
        Assert.Equal(expected, after.Totals.Counts());
        Assert.Contains(statuses, status => status is 400 or 404 or 413 or 415);

        // And it still serves.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostReport(Seeded.Teams[^2], Reports.Weekly("after-the-storm", "2016-W50"))).StatusCode);
    }

    [Fact]
    public async Task Hostile_headers_and_ids_are_refused_cleanly()
    {
        using var client = factory.CreateCityOfficeClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/units/{Seeded.Teams[0]}/reports")
        {
            Content = JsonContent.Create(Reports.Weekly("h", "2016-W01")),
        };
        request.Headers.TryAddWithoutValidation("Content-Length", "999999999");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + new string('a', 10_000));

        using var response = await client.SendAsync(request);
        using var longId = await client.GetAsync($"/api/units/{new string('9', 5000)}/rollup");

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.InRange((int)longId.StatusCode, 400, 499);
    }
}
