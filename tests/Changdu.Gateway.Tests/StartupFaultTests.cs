using Changdu.Grains;
using Changdu.Hosting.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Changdu.Gateway.Tests;

/// <summary>
/// A store that fails while the silo seeds its hierarchy at start-up (a slow or busy store, a silo
/// joining a loaded cluster): the silo starts anyway, stays not ready, retries, and becomes ready.
/// </summary>
public class StartupFaultTests : IClassFixture<StartupFaultTests.FailingSeedFactory>
{
    readonly FailingSeedFactory _factory;

    public StartupFaultTests(FailingSeedFactory factory) => _factory = factory;

    [Fact]
    public async Task Silo_whose_seeding_fails_at_start_retries_and_becomes_ready()
    {
        Assert.Equal(FailingSeedFactory.Failures, _factory.Store!.Failed);
        using var client = _factory.CreateCityOfficeClient();
        var rollup = await client.GetAsync($"/api/units/{Seeded.City}/rollup");
        Assert.Equal(System.Net.HttpStatusCode.OK, rollup.StatusCode);
    }

    /// <summary>The gateway on a real fact store whose first writes of the applied hierarchy fail.</summary>
    public sealed class FailingSeedFactory : GatewayFactory
    {
        public const int Failures = 2;

        public FailingFirstWrites? Store { get; private set; }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<IFactStore>(provider =>
                Store = new FailingFirstWrites(ActivatorUtilities.CreateInstance<FactStore>(provider), IHierarchyGrain.Key, Failures)));
        }
    }

    /// <summary>The real store, but the first <paramref name="failures"/> writes with a row of <paramref name="owner"/> fail before reaching it.</summary>
    public sealed class FailingFirstWrites(FactStore store, string owner, int failures) : IFactStore, IAsyncDisposable
    {
        int _attempts;
        int _failed;

        public int Failed => Volatile.Read(ref _failed);

        public Task WriteAsync(IReadOnlyList<FactRow> rows, AuditRecord? audit = null)
        {
            if (rows.Any(row => row.Owner == owner) && Interlocked.Increment(ref _attempts) <= failures)
            {
                Interlocked.Increment(ref _failed);
                throw new InvalidOperationException("Injected fault: the store failed while the hierarchy was seeded.");
            }
            return store.WriteAsync(rows, audit);
        }

        public Task<IReadOnlyList<FactRow>> ReadAsync(string owner) => store.ReadAsync(owner);

        public Task<IReadOnlyList<FactRow>> ReadAsync(string owner, string kind) => store.ReadAsync(owner, kind);

        public Task<byte[]?> ReadOneAsync(string owner, string kind, string key) => store.ReadOneAsync(owner, kind, key);

        public Task<IReadOnlyList<FactRow>> ReadBeforeAsync(string owner, string kind, string keyBefore, int limit) => store.ReadBeforeAsync(owner, kind, keyBefore, limit);

        public Task<bool> HasAuditAsync(Guid writeId) => store.HasAuditAsync(writeId);

        public ValueTask DisposeAsync() => store.DisposeAsync();
    }
}
