using System.Runtime.Loader;

namespace Chariot.Host.Sample.Plugins;

/// <summary>
/// Remembers every plugin load context by weak reference, so a test (or <c>--verbose</c>) can tell whether unloaded
/// contexts were really collected: a context still alive after a full GC is a leak.
/// </summary>
internal sealed class LoadContextTracker
{
    private readonly Lock _lock = new();
    private readonly List<WeakReference> _contexts = [];
    private int _created;

    /// <summary>How many contexts were created.</summary>
    public int Created => Volatile.Read(ref _created);

    /// <summary>How many contexts are still alive (call after a full GC for a meaningful answer).</summary>
    public int Alive
    {
        get
        {
            lock (_lock)
            {
                return _contexts.Count(c => c.IsAlive);
            }
        }
    }

    /// <summary>Tracks a new context.</summary>
    public void Track(AssemblyLoadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        lock (_lock)
        {
            _contexts.RemoveAll(c => !c.IsAlive);
            _contexts.Add(new WeakReference(context, trackResurrection: true));
            _created++;
        }
    }
}
