using System.Diagnostics.CodeAnalysis;

namespace Changdu.Grains;

/// <summary>
/// A grain's rows of the fact store, by kind, each kind held in memory as a dictionary. A change is
/// a row to write and what to do to memory once that row's transaction has committed, never before
/// (a grain may try a change on memory to count its effect, and undo it before the write).
/// </summary>
public sealed class FactTables(string owner, FactCodec codec)
{
    readonly Dictionary<string, Action<FactRow>> _loaders = new(StringComparer.Ordinal);

    public string Owner => owner;

    /// <summary>A kind of row kept in <paramref name="rows"/>, keyed by its fact id.</summary>
    public FactTable<string, TValue> Add<TValue>(string kind, Dictionary<string, TValue> rows) =>
        Add<string, TValue>(kind, key => key, key => key, rows.TryGetValue, (key, value) => rows[key] = value, key => rows.Remove(key));

    public FactTable<TKey, TValue> Add<TKey, TValue>(string kind, Func<TKey, string> keyText, Func<string, TKey> parseKey, TryGet<TKey, TValue> get,
        Action<TKey, TValue> set, Action<TKey> remove)
        where TKey : notnull
    {
        var table = new FactTable<TKey, TValue>(owner, kind, codec, keyText, get, set, remove);
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

public delegate bool TryGet<in TKey, TValue>(TKey key, [MaybeNullWhen(false)] out TValue value);

public sealed class FactTable<TKey, TValue>(string owner, string kind, FactCodec codec, Func<TKey, string> keyText, TryGet<TKey, TValue> get,
    Action<TKey, TValue> set, Action<TKey> remove)
    where TKey : notnull
{
    public FactChange Put(TKey key, TValue value) => new(new FactRow(owner, kind, keyText(key), codec.Encode(value)), () => set(key, value), Restore(key));

    public FactChange Delete(TKey key) => new(new FactRow(owner, kind, keyText(key), null), () => remove(key), Restore(key));

    /// <summary>What puts the fact back as it is now.</summary>
    Action Restore(TKey key) => get(key, out var before) ? () => set(key, before) : () => remove(key);
}

/// <summary>A row to write, the change to memory that follows its commit, and what undoes that change.</summary>
public sealed record FactChange(FactRow Row, Action Apply, Action Undo);
