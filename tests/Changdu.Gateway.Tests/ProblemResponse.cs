using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Changdu.Gateway.Tests;

/// <summary>Checks an answer is an RFC 9457 problem of the expected status and reads it.</summary>
static class ProblemResponse
{
    public static async Task<JsonElement> ExpectAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
        return problem;
    }

    public static IEnumerable<string> ErrorFields(JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject().Select(error => error.Name);

    public static string? Type(JsonElement problem) => problem.GetProperty("type").GetString();
}
