namespace IamOperator.Iam.Emulator.State;

/// <summary>
/// One kind of entity, keyed case-insensitively (IAM names are unique per kind regardless of case),
/// with the emulated visibility delay: a new entity is invisible until its delay passes, and a
/// deleted one stays readable until the delay passes.
/// </summary>
internal sealed class EntityTable<T>(Func<T, string> keyOf, Func<DateTimeOffset> now, Func<TimeSpan> visibilityDelay)
    where T : Entity
{
    private readonly Dictionary<string, T> _live = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(T Entity, DateTimeOffset VisibleUntil)> _deleted = [];

    /// <summary>Every live entity, visible or not: for uniqueness checks and quotas.</summary>
    public int Count => _live.Count;

    public bool Exists(string key) => _live.ContainsKey(key);

    public T? ExistingIgnoringDelay(string key) => _live.GetValueOrDefault(key);

    /// <summary>The entity as a write sees it: live and visible.</summary>
    public T? FindForWrite(string key) =>
        _live.TryGetValue(key, out var entity) && entity.VisibleFrom <= now() ? entity : null;

    /// <summary>The entity as a read sees it: live and visible, or deleted too recently to be gone.</summary>
    public T? FindForRead(string key)
    {
        PurgeExpired();
        return FindForWrite(key) ?? _deleted.Select(entry => entry.Entity).FirstOrDefault(entity => StringComparer.OrdinalIgnoreCase.Equals(keyOf(entity), key));
    }

    /// <summary>What a list call returns, in IAM's order (by key, case-insensitive).</summary>
    public IReadOnlyList<T> Visible()
    {
        PurgeExpired();
        var current = now();
        return _live.Values.Where(entity => entity.VisibleFrom <= current)
            .Concat(_deleted.Select(entry => entry.Entity))
            .OrderBy(keyOf, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>Every live entity, visible or not, for bookkeeping (attachment counts, credentials).</summary>
    public IEnumerable<T> All => _live.Values;

    public void Add(T entity)
    {
        entity.VisibleFrom = now() + visibilityDelay();
        _live.Add(keyOf(entity), entity);
    }

    public void Remove(T entity)
    {
        _live.Remove(keyOf(entity));
        var delay = visibilityDelay();
        if (delay > TimeSpan.Zero)
        {
            _deleted.Add((entity, now() + delay));
        }
    }

    /// <summary>Re-keys an entity after a rename (UpdateUser/UpdateGroup NewUserName/NewGroupName).</summary>
    public void Rekey(string oldKey, T entity)
    {
        _live.Remove(oldKey);
        _live.Add(keyOf(entity), entity);
    }

    private void PurgeExpired()
    {
        var current = now();
        _deleted.RemoveAll(entry => entry.VisibleUntil <= current);
    }

    /// <summary>Fills an empty table with copies of this one's live and recently deleted entities, visibility kept.</summary>
    public void CopyTo(EntityTable<T> target, Func<T, T> copy)
    {
        foreach (var (key, entity) in _live)
        {
            target._live.Add(key, copy(entity));
        }

        target._deleted.AddRange(_deleted.Select(entry => (copy(entry.Entity), entry.VisibleUntil)));
    }
}
