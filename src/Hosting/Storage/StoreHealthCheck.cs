using System.Data.Common;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Changdu.Hosting.Storage;

/// <summary>Ready only while the store answers a query against the provider's own query table.</summary>
public sealed class StoreHealthCheck(DbDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT count(*) FROM OrleansQuery;");
            var queries = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            return queries > 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The storage queries are missing.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The store does not answer.", exception);
        }
    }
}
