using System.Text.Json;
using Changdu.Gateway.Api;

namespace Changdu.Gateway.Tests;

public sealed record ServerSentEvent(string? Id, string? Event, string Data)
{
    public RollupDto Rollup => JsonSerializer.Deserialize<RollupDto>(Data, JsonSerializerOptions.Web)!;
}

/// <summary>Reads a text/event-stream response one event at a time.</summary>
public sealed class ServerSentEventReader(HttpResponseMessage response) : IAsyncDisposable
{
    StreamReader? _reader;

    public async Task<ServerSentEvent> NextAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        _reader ??= new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        string? id = null, type = null;
        var data = new List<string>();
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancel.Token) ?? throw new EndOfStreamException("The event stream ended.");
            if (line.Length == 0 && data.Count > 0)
            {
                return new ServerSentEvent(id, type, string.Join('\n', data));
            }
            if (line.StartsWith("id:", StringComparison.Ordinal)) id = line[3..].Trim();
            else if (line.StartsWith("event:", StringComparison.Ordinal)) type = line[6..].Trim();
            else if (line.StartsWith("data:", StringComparison.Ordinal)) data.Add(line[5..].TrimStart());
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader?.Dispose();
        response.Dispose();
        return ValueTask.CompletedTask;
    }
}
