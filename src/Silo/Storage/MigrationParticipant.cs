namespace Changdu.Silo.Storage;

/// <summary>Brings the schema up to date before the grain storage provider reads its queries.</summary>
public sealed class MigrationParticipant(SqliteMigrator migrator, SqliteDataSource dataSource) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(MigrationParticipant), ServiceLifecycleStage.RuntimeInitialize, MigrateAsync, _ => Task.CompletedTask);

    Task MigrateAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(dataSource.File)!);
        return migrator.MigrateAsync(cancellationToken);
    }
}
