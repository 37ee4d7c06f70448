namespace Changdu.Hosting.Hierarchy;

/// <summary>Visits a tree root first, level by level, a bounded number of units at a time; each visit returns the unit's children.</summary>
public static class TreeWalk
{
    /// <returns>How many units were visited.</returns>
    public static async Task<int> RunAsync(IReadOnlyList<UnitId> roots, Func<UnitId, Task<IReadOnlyList<UnitId>>> visit, int concurrency, CancellationToken cancellationToken)
    {
        var visited = 0;
        var level = roots;
        while (level.Count > 0)
        {
            var next = new List<UnitId>();
            await Parallel.ForEachAsync(level, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
                async (unit, _) =>
                {
                    var children = await visit(unit);
                    lock (next)
                    {
                        next.AddRange(children);
                    }
                });
            visited += level.Count;
            level = next;
        }
        return visited;
    }
}
