namespace Changdu.Grains;

/// <summary>A card's verification code, keyed by the code, pointing at the cadre who holds the card.</summary>
public sealed class CardCodeGrain(IFactStore facts, FactCodec codec) : Grain, ICardCode
{
    const string Kind = "card-code";

    string? _cadreId;

    string Owner => $"card-code:{this.GetPrimaryKeyString()}";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (await facts.ReadOneAsync(Owner, Kind, "") is { } row)
        {
            _cadreId = codec.Decode<string>(row);
        }
    }

    public async Task BindAsync(string cadreId)
    {
        if (_cadreId is { } bound && bound != cadreId)
        {
            throw new InvalidOperationException("This verification code already belongs to another cadre.");
        }
        await facts.WriteDurablyAsync([new FactRow(Owner, Kind, "", codec.Encode(cadreId))], null, DeactivateOnIdle);
        _cadreId = cadreId;
    }

    public Task<string?> HolderAsync() => Task.FromResult(_cadreId);
}
