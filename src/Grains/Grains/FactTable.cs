namespace Changdu.Grains;

/// <summary>
/// A grain's rows of the fact store, by kind, each kind held in memory as a dictionary. A change is
/// a row to write and what to do to memory once that row's transaction has committed, never before.
/// </summary>
public sealed class FactTables(string owner, FactCodec codec)
{
    readonly Dictionary<string, Action<FactRow>> _loaders = new(StringComparer.Ordinal);

    public string Owner => owner;

    /// <summary>A kind of row kept in <paramref name="rows"/>, keyed by its fact id.</summary>
    public FactTable<string, TValue> Add<TValue>(string kind, Dictionary<string, TValue> rows) =>
        Add<string, TValue>(kind, key => key, key => key, (key, value) => rows[key] = value, key => rows.Remove(key));

    public FactTable<TKey, TValue> Add<TKey, TValue>(string kind, Func<TKey, string> keyText, Func<string, TKey> parseKey, Action<TKey, TValue> set, Action<TKey> remove)
        where TKey : notnull
    {
        var table = new FactTable<TKey, TValue>(owner, kind, codec, keyText, set, remove);
        _loaders.Add(kind, row => set(parseKey(row.Key), codec.Decode<TValue>(row.Payload!)));
        return table;
    }

    /// <summary>Puts each row read from the store into memory; rows of kinds no table holds are left to the caller.</summary>
    public IReadOnlyList<FactRow> Load(IEnumerable<FactRow> rows)
    {
        var others = new List<FactRow>();
        foreach (var row in rows)
        {
            if (_loaders.TryGetValue(row.Kind, out var load))
            {
                load(row);
            }
            else
            {
                others.Add(row);
            }
        }
        return others;
    }
}

public sealed class FactTable<TKey, TValue>(string owner, string kind, FactCodec codec, Func<TKey, string> keyText, Action<TKey, TValue> set, Action<TKey> remove)
    where TKey : notnull
{
    public FactChange Put(TKey key, TValue value) => new(new FactRow(owner, kind, keyText(key), codec.Encode(value)), () => set(key, value));

    public FactChange Delete(TKey key) => new(new FactRow(owner, kind, keyText(key), null), () => remove(key));
}

/// <summary>A row to write, and the change to memory that follows its commit.</summary>
public sealed record FactChange(FactRow Row, Action Apply);
