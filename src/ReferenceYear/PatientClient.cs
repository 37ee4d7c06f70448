using System.Net;
using System.Net.Http.Json;

namespace Changdu.ReferenceYear;

/// <summary>
/// Posts as the API asks a client to: a 503 (the cluster did not answer in time; nothing was lost)
/// or a 429 is sent again after its Retry-After, a few times, before it counts as a failure.
/// </summary>
public static class PatientClient
{
    const int Attempts = 6;

    public static async Task<HttpResponseMessage> PostPatientlyAsync(this HttpClient http, string path, object? body)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = body is null ? await http.PostAsync(path, null) : await http.PostAsJsonAsync(path, body);
            if (response.StatusCode is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests) || attempt == Attempts)
            {
                return response;
            }
            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(2);
            response.Dispose();
            await Task.Delay(wait);
        }
    }
}
