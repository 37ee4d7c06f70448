namespace Changdu.Grains;

/// <summary>
/// How the stateless workers (directory reads, listings, publications) are kept: they hold nothing,
/// so they leave memory by age like every grain. Orleans's idle-worker removal would instead inspect
/// each of them on a 500 ms timer for as long as it lives: two wake-ups a second on an idle silo.
/// </summary>
static class StatelessWorkers
{
    /// <summary>Orleans's default: as many workers per silo as the machine has cores.</summary>
    public const int OnePerCore = -1;
}
