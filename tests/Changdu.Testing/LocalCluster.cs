using Changdu.Gateway.Security;
using Microsoft.IdentityModel.Tokens;

namespace Changdu.Testing;

/// <summary>Two silos and a gateway as separate processes on one PostgreSQL, as <c>deploy/local-cluster.sh</c> runs them.</summary>
public sealed class LocalCluster : IAsyncDisposable
{
    readonly string _clusterId = $"cluster-test-{Guid.NewGuid():N}";
    readonly string _signingKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    LocalCluster(PostgresServer postgres) => Postgres = postgres;

    public PostgresServer Postgres { get; }
    public List<ServiceProcess> Silos { get; } = [];
    public ServiceProcess Gateway { get; private set; } = null!;

    public static async Task<LocalCluster> StartAsync()
    {
        var cluster = new LocalCluster(await PostgresServer.StartAsync());
        try
        {
            await cluster.StartProcessesAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts both silos (together, as a deployment would) and then the gateway.</summary>
    public async Task StartProcessesAsync()
    {
        Silos.Clear();
        Silos.AddRange(await Task.WhenAll(StartSiloAsync(), StartSiloAsync()));
        Gateway = await ServiceProcess.StartAsync("Gateway", [.. Common(poolSize: 10), "--Cluster:Mode=Client", $"--Auth:SigningKey={_signingKey}", .. ServiceProcess.LoadTestLimits]);
    }

    /// <summary>A client of the gateway with a token of the city office.</summary>
    public HttpClient CreateGatewayClient() => Gateway.CreateClient(IssueToken(Roles.Office));

    /// <summary>A token of <paramref name="role"/> at the city, signed with the cluster's key.</summary>
    public string IssueToken(string role) =>
        new TokenIssuer(new SymmetricSecurityKey(Convert.FromBase64String(_signingKey)), new AuthOptions(), TimeProvider.System)
            .Issue(UnitId.Parse(Seeded.City), role, "cluster-test", TimeSpan.FromHours(1));

    public Task<ServiceProcess> StartSiloAsync() =>
        ServiceProcess.StartAsync("Silo", [.. Common(poolSize: 40), $"--Orleans:SiloPort={FreePort.Next()}", $"--Orleans:GatewayPort={FreePort.Next()}"]);

    /// <summary>Stops every process gracefully (SIGTERM), keeping the database.</summary>
    public async Task StopProcessesAsync()
    {
        await Gateway.StopAsync();
        await Task.WhenAll(Silos.Select(silo => silo.StopAsync()));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Silos.Append(Gateway).OfType<ServiceProcess>())
        {
            await process.DisposeAsync();
        }
        await Postgres.DisposeAsync();
    }

    string[] Common(int poolSize) =>
    [
        "--Storage:Provider=PostgreSql",
        $"--Storage:ConnectionString={Postgres.ConnectionString};Maximum Pool Size={poolSize}",
        $"--Orleans:ClusterId={_clusterId}",
        "--Rollup:OfferWindow=00:00:00.100",
        "--Rollup:PersistInterval=00:00:00.500",
        "--Membership:RebalancerDueTime=00:00:03",
        "--Membership:RebalancerCyclePeriod=00:00:02",
    ];
}
