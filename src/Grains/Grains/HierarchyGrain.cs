namespace Changdu.Grains;

/// <summary>Which hierarchy file the store holds: one row, written only after every unit of the file is defined.</summary>
public sealed class HierarchyGrain(IFactStore facts, FactCodec codec) : Grain, IHierarchyGrain
{
    const string Owner = "hierarchy";
    const string Kind = "applied";

    AppliedHierarchy? _applied;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (await facts.ReadOneAsync(Owner, Kind, "") is { } row)
        {
            _applied = codec.Decode<AppliedHierarchy>(row);
        }
    }

    public Task<AppliedHierarchy?> GetAppliedAsync() => Task.FromResult(_applied);

    public async Task RecordAppliedAsync(AppliedHierarchy applied)
    {
        await facts.WriteDurablyAsync([new FactRow(Owner, Kind, "", codec.Encode(applied))], null, DeactivateOnIdle);
        _applied = applied;
    }
}
