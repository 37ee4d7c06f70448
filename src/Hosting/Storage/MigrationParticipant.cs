namespace Changdu.Hosting.Storage;

/// <summary>Brings the schema up to date before the storage, clustering and reminder providers read their queries.</summary>
public sealed class MigrationParticipant(SchemaMigrator migrator) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(MigrationParticipant), ServiceLifecycleStage.First, migrator.MigrateAsync, _ => Task.CompletedTask);
}
