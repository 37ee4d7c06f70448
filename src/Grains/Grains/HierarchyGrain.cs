namespace Changdu.Grains;

[GenerateSerializer, Alias("Changdu.Grains.HierarchyState")]
public sealed class HierarchyState
{
    [Id(0)] public AppliedHierarchy? Applied { get; set; }
}

public sealed class HierarchyGrain(
    [PersistentState("hierarchy", UnitGrain.StorageName)] IPersistentState<HierarchyState> state) : Grain, IHierarchyGrain
{
    public Task<AppliedHierarchy?> GetAppliedAsync() => Task.FromResult(state.State.Applied);

    public async Task RecordAppliedAsync(AppliedHierarchy applied)
    {
        state.State.Applied = applied;
        await state.WriteStateAsync();
    }
}
