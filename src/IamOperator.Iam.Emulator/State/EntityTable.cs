namespace IamOperator.Iam.Emulator.State;

/// <summary>
/// One kind of entity, keyed case-insensitively (IAM names are unique per kind regardless of case),
/// with the emulated visibility delay: a new entity is invisible until its delay passes, and a
/// deleted one stays readable until the delay passes.
/// </summary>
internal sealed class EntityTable<T>(Func<T, string> keyOf, Func<DateTimeOffset> now, Func<TimeSpan> visibilityDelay)
    where T : Entity
{
    private readonly Dictionary<string, T> live = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(T Entity, DateTimeOffset VisibleUntil)> deleted = [];

    /// <summary>Every live entity, visible or not: for uniqueness checks and quotas.</summary>
    public int Count => live.Count;

    public bool Exists(string key) => live.ContainsKey(key);

    public T? ExistingIgnoringDelay(string key) => live.GetValueOrDefault(key);

    /// <summary>The entity as a write sees it: live and visible.</summary>
    public T? FindForWrite(string key) =>
        live.TryGetValue(key, out var entity) && entity.VisibleFrom <= now() ? entity : null;

    /// <summary>The entity as a read sees it: live and visible, or deleted too recently to be gone.</summary>
    public T? FindForRead(string key)
    {
        PurgeExpired();
        return FindForWrite(key) ?? deleted.Select(entry => entry.Entity).FirstOrDefault(entity => StringComparer.OrdinalIgnoreCase.Equals(keyOf(entity), key));
    }

    /// <summary>What a list call returns, in IAM's order (by key, case-insensitive).</summary>
    public IReadOnlyList<T> Visible()
    {
        PurgeExpired();
        var current = now();
        return live.Values.Where(entity => entity.VisibleFrom <= current)
            .Concat(deleted.Select(entry => entry.Entity))
            .OrderBy(keyOf, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>Every live entity, visible or not, for bookkeeping (attachment counts, credentials).</summary>
    public IEnumerable<T> All => live.Values;

    public void Add(T entity)
    {
        entity.VisibleFrom = now() + visibilityDelay();
        live.Add(keyOf(entity), entity);
    }

    public void Remove(T entity)
    {
        live.Remove(keyOf(entity));
        var delay = visibilityDelay();
        if (delay > TimeSpan.Zero)
        {
            deleted.Add((entity, now() + delay));
        }
    }

    /// <summary>Re-keys an entity after a rename (UpdateUser/UpdateGroup NewUserName/NewGroupName).</summary>
    public void Rekey(string oldKey, T entity)
    {
        live.Remove(oldKey);
        live.Add(keyOf(entity), entity);
    }

    private void PurgeExpired()
    {
        var current = now();
        deleted.RemoveAll(entry => entry.VisibleUntil <= current);
    }

    /// <summary>Fills an empty table with copies of this one's live and recently deleted entities, visibility kept.</summary>
    public void CopyTo(EntityTable<T> target, Func<T, T> copy)
    {
        foreach (var (key, entity) in live)
        {
            target.live.Add(key, copy(entity));
        }

        target.deleted.AddRange(deleted.Select(entry => (copy(entry.Entity), entry.VisibleUntil)));
    }
}
