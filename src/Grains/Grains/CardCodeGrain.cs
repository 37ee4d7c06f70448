namespace Changdu.Grains;

[GenerateSerializer, Alias("Changdu.Grains.CardCodeState")]
public sealed class CardCodeState
{
    [Id(0)] public string? CadreId { get; set; }
}

/// <summary>A card's verification code, keyed by the code, pointing at the cadre who holds the card.</summary>
public sealed class CardCodeGrain([PersistentState("card", UnitGrain.StorageName)] IPersistentState<CardCodeState> card) : Grain, ICardCode
{
    public async Task BindAsync(string cadreId)
    {
        if (card.State.CadreId is { } bound && bound != cadreId)
        {
            throw new InvalidOperationException("This verification code already belongs to another cadre.");
        }
        card.State.CadreId = cadreId;
        await card.WriteStateAsync();
    }

    public Task<string?> HolderAsync() => Task.FromResult(card.State.CadreId);
}
