using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Changdu.Silo.Storage;

/// <summary>Ready only while the embedded store answers a query.</summary>
public sealed class SqliteHealthCheck(SqliteDataSource dataSource) : IHealthCheck
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
            return HealthCheckResult.Unhealthy("The embedded store does not answer.", exception);
        }
    }
}
