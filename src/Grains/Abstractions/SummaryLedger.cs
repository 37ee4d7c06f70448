namespace Changdu;

/// <summary>
/// A unit's summary kept entry by entry (docs/architecture.md §4): its own facts' contributions, the parts
/// its concern grains count (office work, duty, problems) and the latest entries held of each child, summed as they change (never rebuilt from every fact), with
/// the unit's version at which each entry last changed. What the parent has not yet confirmed
/// durable is remembered by entry, so an offer carries only the entries changed since the version
/// the parent holds: a report costs the entries it touched, however long the history.
/// </summary>
public sealed class SummaryLedger
{
    readonly Dictionary<SummaryKey, object> _total = [];
    readonly Dictionary<UnitId, Dictionary<SummaryKey, object>> _children = [];
    readonly Dictionary<string, Dictionary<SummaryKey, object>> _parts = new(StringComparer.Ordinal);
    readonly Dictionary<SummaryKey, long> _unconfirmed = [];
    readonly Dictionary<UnitId, Summary> _childViews = [];
    Summary? _view;

    /// <summary>The whole summary: own facts and every child.</summary>
    public Summary Total => _view ??= Summary.FromEntries(_total);

    /// <summary>Entries changed and not yet confirmed durable by the parent.</summary>
    public int UnconfirmedCount => _unconfirmed.Count;

    public IEnumerable<UnitId> Children => _children.Keys;

    /// <summary>How many times an entry of the total has moved: a caller sees whether a change moved anything.</summary>
    public long Touches { get; private set; }

    /// <summary>What the unit holds of <paramref name="child"/>: empty when nothing.</summary>
    public Summary ChildSummary(UnitId child)
    {
        if (_childViews.TryGetValue(child, out var view))
        {
            return view;
        }
        view = _children.TryGetValue(child, out var held) ? Summary.FromEntries(held) : Summary.Empty;
        _childViews[child] = view;
        return view;
    }

    /// <summary>Adds a contribution of the unit's own facts (a fact stored, or the state after a change).</summary>
    public void AddOwn(Summary contribution, long version)
    {
        foreach (var (key, value) in contribution.Entries())
        {
            Move(key, value, version);
        }
    }

    /// <summary>
    /// Replaces a contribution of the unit's own facts by what it is now, moving only the entries
    /// whose value differs: a part recounted after a change sends upward what changed, not all it counts.
    /// </summary>
    public void ReplaceOwn(Summary before, Summary now, long version) => AddOwn(Summary.Difference(before, now), version);

    /// <summary>
    /// Replaces the entries held of <paramref name="child"/> by those offered (a zero removes one);
    /// <paramref name="whole"/> also removes every held entry the offer lacks. Returns the entries
    /// whose value changed, with their new value (zero when gone), to be written.
    /// </summary>
    public IReadOnlyList<KeyValuePair<SummaryKey, object>> ReplaceChild(UnitId child, Summary offered, bool whole, long version) =>
        ReplaceChild(child, offered.Entries(), whole, version);

    /// <summary>As <see cref="ReplaceChild(UnitId, Summary, bool, long)"/>, from entries as they are read: no summary is built of them.</summary>
    public IReadOnlyList<KeyValuePair<SummaryKey, object>> ReplaceChild(UnitId child, IEnumerable<KeyValuePair<SummaryKey, object>> offered, bool whole, long version)
    {
        if (!_children.TryGetValue(child, out var held))
        {
            _children[child] = held = [];
        }
        var changed = Replace(held, offered, whole, version);
        if (changed.Count > 0)
        {
            _childViews.Remove(child);
        }
        return changed;
    }

    /// <summary>
    /// Replaces the entries of the unit's <paramref name="part"/> (a concern grain's count, already
    /// durable in the unit's rows) as <see cref="ReplaceChild"/> does for a child.
    /// </summary>
    public void ReplacePart(string part, Summary offered, bool whole, long version)
    {
        if (!_parts.TryGetValue(part, out var held))
        {
            _parts[part] = held = [];
        }
        Replace(held, offered.Entries(), whole, version);
    }

    List<KeyValuePair<SummaryKey, object>> Replace(Dictionary<SummaryKey, object> held, IEnumerable<KeyValuePair<SummaryKey, object>> offered, bool whole, long version)
    {
        var changed = new List<KeyValuePair<SummaryKey, object>>();
        if (whole)
        {
            offered = offered.ToList();
            var offeredKeys = offered.Select(entry => entry.Key).ToHashSet();
            foreach (var gone in held.Keys.Where(key => !offeredKeys.Contains(key)).ToList())
            {
                changed.Add(Set(held, gone, SummaryValues.Zero(gone.Part), version));
            }
        }
        foreach (var (key, value) in offered)
        {
            if (!held.TryGetValue(key, out var old) ? !SummaryValues.IsZero(value) : !old.Equals(value))
            {
                changed.Add(Set(held, key, value, version));
            }
        }
        return changed;
    }

    /// <summary>Drops everything held of a unit that is no longer a child; its entries leave the total.</summary>
    public void ForgetChild(UnitId child, long version)
    {
        if (_children.Remove(child, out var held))
        {
            _childViews.Remove(child);
            foreach (var (key, value) in held)
            {
                Move(key, SummaryValues.Subtract(SummaryValues.Zero(key.Part), value), version);
            }
        }
    }

    /// <summary>The entries changed after <paramref name="version"/> that the parent may lack, at their current value (zero when gone).</summary>
    public Summary ChangesAfter(long version) =>
        Summary.FromEntries(_unconfirmed.Where(entry => entry.Value > version)
            .Select(entry => new KeyValuePair<SummaryKey, object>(entry.Key, _total.GetValueOrDefault(entry.Key) ?? SummaryValues.Zero(entry.Key.Part))));

    /// <summary>The parent holds everything up to <paramref name="version"/> durably: those changes need not travel again.</summary>
    public void Confirm(long version)
    {
        foreach (var key in _unconfirmed.Where(entry => entry.Value <= version).Select(entry => entry.Key).ToList())
        {
            _unconfirmed.Remove(key);
        }
    }

    KeyValuePair<SummaryKey, object> Set(Dictionary<SummaryKey, object> held, SummaryKey key, object value, long version)
    {
        var old = held.GetValueOrDefault(key) ?? SummaryValues.Zero(key.Part);
        if (SummaryValues.IsZero(value))
        {
            held.Remove(key);
        }
        else
        {
            held[key] = value;
        }
        Move(key, SummaryValues.Subtract(value, old), version);
        return new(key, value);
    }

    void Move(SummaryKey key, object delta, long version)
    {
        if (SummaryValues.IsZero(delta))
        {
            return;
        }
        var sum = SummaryValues.Add(_total.GetValueOrDefault(key) ?? SummaryValues.Zero(key.Part), delta);
        if (SummaryValues.IsZero(sum))
        {
            _total.Remove(key);
        }
        else
        {
            _total[key] = sum;
        }
        _unconfirmed[key] = version;
        _view = null;
        Touches++;
    }
}
