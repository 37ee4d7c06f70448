namespace Changdu.Grains;

/// <summary>
/// The payload of a held entry's row: what a unit holds of one entry of one child. The row's key already
/// names the entry (<see cref="SummaryKey.Text"/>), so the payload is the value alone behind a format byte.
/// Rows written before hold a one-entry <see cref="Summary"/> and read as before. An office's activation
/// decodes every row it holds: as values, in a third of the time and with a quarter of the garbage of
/// summaries of eight maps each (bench/Changdu.HeldRows, bench/RESULTS.md).
/// </summary>
public static class HeldEntryPayload
{
    /// <summary>Marks a value alone: an encoded <see cref="Summary"/> starts with another byte (tested).</summary>
    public const byte ValueFormat = 0xFE;

    public static byte[] Encode(FactCodec codec, object value)
    {
        var encoded = value switch
        {
            Totals totals => codec.Encode(totals),
            DutyCounts counts => codec.Encode(counts),
            long count => codec.Encode(count),
            _ => throw new ArgumentException($"No entry value {value.GetType().Name}.", nameof(value)),
        };
        var payload = new byte[encoded.Length + 1];
        payload[0] = ValueFormat;
        encoded.CopyTo(payload, 1);
        return payload;
    }

    /// <summary>
    /// The entries a row holds, from the entry's name in the row's key and the row's payload: one, or what an
    /// earlier version's summary held, read as that version read it.
    /// </summary>
    public static IEnumerable<KeyValuePair<SummaryKey, object>> Decode(FactCodec codec, string entryText, byte[] payload)
    {
        if (payload is not [ValueFormat, ..])
        {
            return codec.Decode<Summary>(payload).Entries();
        }
        var key = SummaryKey.Parse(entryText);
        var value = payload.AsSpan(1);
        return [new(key, key.Part switch
        {
            SummaryPart.Bucket => codec.Decode<Totals>(value),
            SummaryPart.Duty => codec.Decode<DutyCounts>(value),
            _ => codec.Decode<long>(value),
        })];
    }
}
