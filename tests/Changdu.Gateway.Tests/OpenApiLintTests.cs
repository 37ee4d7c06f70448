using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;

namespace Changdu.Gateway.Tests;

/// <summary>
/// The OpenAPI document the gateway serves passes redocly's recommended rules with no error
/// (the linter is pinned in tests/openapi-lint and installed by this project's build).
/// </summary>
public class OpenApiLintTests(GatewayFactory factory, ITestOutputHelper output) : IClassFixture<GatewayFactory>
{
    [Fact]
    public async Task OpenApi_document_passes_the_recommended_lint_rules()
    {
        using var client = factory.CreateClient();
        var document = Path.Combine(factory.DataDirectory, "openapi.json");
        await File.WriteAllTextAsync(document, await client.GetStringAsync("/openapi/v1.json"));

        var report = await LintAsync(document);

        var problems = report.GetProperty("problems").EnumerateArray()
            .Select(problem => $"{problem.GetProperty("severity").GetString()} {problem.GetProperty("ruleId").GetString()} at "
                + $"{problem.GetProperty("location")[0].GetProperty("pointer").GetString()}: {problem.GetProperty("message").GetString()}")
            .ToList();
        foreach (var problem in problems)
        {
            output.WriteLine(problem);
        }
        var totals = report.GetProperty("totals");
        Assert.True(totals.GetProperty("errors").GetInt32() == 0, string.Join(Environment.NewLine, problems.Where(problem => problem.StartsWith("error", StringComparison.Ordinal))));
        output.WriteLine($"{totals.GetProperty("warnings").GetInt32()} warnings");
    }

    static async Task<JsonElement> LintAsync(string document)
    {
        var folder = RepositoryRoot.Combine("tests", "openapi-lint");
        var redocly = Path.Combine(folder, "node_modules", ".bin", "redocly");
        Assert.True(File.Exists(redocly), $"{redocly} is missing: build this test project (it runs npm ci in {folder}).");
        var start = new ProcessStartInfo(redocly)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // No usage reports or update notices from a test run.
            Environment = { ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true" },
        };
        foreach (var argument in new[] { "lint", "--extends=recommended", "--format=json", document })
        {
            start.ArgumentList.Add(argument);
        }
        using var lint = Process.Start(start)!;
        var stdout = lint.StandardOutput.ReadToEndAsync();
        var stderr = lint.StandardError.ReadToEndAsync();
        await lint.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        var text = await stdout;
        Assert.True(text.TrimStart().StartsWith('{'), $"redocly answered no report (exit {lint.ExitCode}): {text}{await stderr}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
