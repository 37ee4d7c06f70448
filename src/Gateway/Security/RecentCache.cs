using System.Collections.Concurrent;

namespace Changdu.Gateway.Security;

/// <summary>
/// A cache of at most about <c>capacity</c> entries that keeps those used lately, in two generations:
/// entries go into the current one; when it has taken half the capacity it becomes the previous one
/// and the one before is dropped whole. A hit in the previous generation moves the entry to the
/// current one, so what is asked often stays. Reads and writes take no lock and no walk; what it
/// holds does not grow with the keys ever asked (at national size, every unit of the country).
/// </summary>
public sealed class RecentCache<TKey, TValue> where TKey : notnull
{
    readonly int _generationSize;
    readonly Lock _turnover = new();
    ConcurrentDictionary<TKey, TValue> _current = new();
    ConcurrentDictionary<TKey, TValue> _previous = new();
    int _addedToCurrent;

    public RecentCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        _generationSize = capacity / 2;
    }

    /// <summary>Entries held; at most the capacity, and a few more while two writers race a turnover.</summary>
    public int Count => Volatile.Read(ref _current).Count + Volatile.Read(ref _previous).Count;

    public bool TryGet(TKey key, out TValue value)
    {
        if (Volatile.Read(ref _current).TryGetValue(key, out value!))
        {
            return true;
        }
        if (!Volatile.Read(ref _previous).TryGetValue(key, out value!))
        {
            return false;
        }
        Set(key, value);
        return true;
    }

    public void Set(TKey key, TValue value)
    {
        var current = Volatile.Read(ref _current);
        if (!current.TryAdd(key, value))
        {
            current[key] = value;
            return;
        }
        if (Interlocked.Increment(ref _addedToCurrent) >= _generationSize)
        {
            TurnOver(current);
        }
    }

    public void Clear()
    {
        lock (_turnover)
        {
            Volatile.Write(ref _previous, new ConcurrentDictionary<TKey, TValue>());
            Volatile.Write(ref _current, new ConcurrentDictionary<TKey, TValue>());
            Volatile.Write(ref _addedToCurrent, 0);
        }
    }

    void TurnOver(ConcurrentDictionary<TKey, TValue> full)
    {
        lock (_turnover)
        {
            if (!ReferenceEquals(_current, full))
            {
                return;
            }
            Volatile.Write(ref _previous, full);
            Volatile.Write(ref _current, new ConcurrentDictionary<TKey, TValue>());
            Volatile.Write(ref _addedToCurrent, 0);
        }
    }
}
