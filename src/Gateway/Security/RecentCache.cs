using System.Collections.Concurrent;

namespace Changdu.Gateway.Security;

/// <summary>
/// A cache of at most about <c>capacity</c> entries that keeps those used lately, in two generations:
/// entries go into the current one; when it has taken half the capacity it becomes the previous one
/// and the one before is dropped whole. A hit in the previous generation moves the entry to the
/// current one, so what is asked often stays. Only a turnover takes a lock, and nothing walks the
/// entries; what it holds does not grow with the keys ever asked (at national size, every unit of the country).
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

    /// <summary>Entries held: the capacity, and at most one more per writer racing a turnover.</summary>
    public int Count => Volatile.Read(ref _current).Count + Volatile.Read(ref _previous).Count;

    public bool TryGet(TKey key, out TValue value)
    {
        var current = Volatile.Read(ref _current);
        if (current.TryGetValue(key, out value!))
        {
            return true;
        }
        if (!Volatile.Read(ref _previous).TryGetValue(key, out value!))
        {
            return false;
        }
        // Added, not set: a value set since this one was read stays.
        Add(current, key, value);
        return true;
    }

    public void Set(TKey key, TValue value)
    {
        var current = Volatile.Read(ref _current);
        if (!Add(current, key, value))
        {
            current[key] = value;
        }
    }

    bool Add(ConcurrentDictionary<TKey, TValue> current, TKey key, TValue value)
    {
        if (!current.TryAdd(key, value))
        {
            return false;
        }
        if (Interlocked.Increment(ref _addedToCurrent) >= _generationSize)
        {
            TurnOver(current);
        }
        return true;
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
