namespace Chariot.Host.Sample.Plugins;

/// <summary>
/// The plugins loaded for one command (a batch of jobs, every run of <c>--every</c>): each installed version is loaded
/// into its collectible context once, by the first job that needs it, and unloaded when a newer build of that plugin
/// replaces it or the command ends. A plugin's code runs in a collectible context, where no precompiled code is used:
/// loading it again for every job would compile it again for every job (about 0.7 s of JIT for the Defender plugin).
/// Each job still gets its own services, capability and checkpoints from the plugin.
/// </summary>
internal sealed class PluginCache : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _loaded = new(StringComparer.Ordinal);
    private readonly LoadContextTracker? _tracker;
    private bool _disposed;

    /// <summary>Creates an empty cache; <paramref name="tracker"/> sees every context it creates.</summary>
    public PluginCache(LoadContextTracker? tracker = null)
    {
        _tracker = tracker;
    }

    /// <summary>How many plugin contexts are loaded now.</summary>
    public int Loaded
    {
        get
        {
            lock (_lock)
            {
                return _loaded.Count;
            }
        }
    }

    /// <summary>
    /// The plugin <paramref name="installed"/> names, loaded now if it is not yet; the lease keeps it loaded until it is
    /// disposed. Another build of the same plugin is unloaded once no job uses it any more.
    /// </summary>
    /// <exception cref="PluginLoadException">The assembly names no usable plugin type (nothing is cached then).</exception>
    public Lease Acquire(InstalledPlugin installed)
    {
        ArgumentNullException.ThrowIfNull(installed);
        var build = Build(installed);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_loaded.TryGetValue(installed.MainAssemblyPath, out var entry) || entry.Build != build)
            {
                if (entry is not null)
                {
                    // The same folder holds another build now (installed again): the old one goes once it is idle.
                    Retire(installed.MainAssemblyPath, entry);
                }

                foreach (var (path, other) in _loaded.Where(e => e.Value.Plugin.Installed.Id == installed.Id).ToList())
                {
                    Retire(path, other);
                }

                entry = new Entry(LoadedPlugin.Load(installed, _tracker), build);
                _loaded[installed.MainAssemblyPath] = entry;
            }

            entry.Users++;
            return new Lease(this, entry);
        }
    }

    /// <summary>Unloads every plugin; jobs must have ended.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            foreach (var entry in _loaded.Values)
            {
                entry.Plugin.Dispose();
            }

            _loaded.Clear();
        }
    }

    // The main assembly's size and time tell a build installed again into the same folder.
    private static (long Length, DateTime Written) Build(InstalledPlugin installed)
    {
        var file = new FileInfo(installed.MainAssemblyPath);
        return file.Exists ? (file.Length, file.LastWriteTimeUtc) : default;
    }

    private void Retire(string path, Entry entry)
    {
        _loaded.Remove(path);
        entry.Retired = true;
        if (entry.Users == 0)
        {
            entry.Plugin.Dispose();
        }
    }

    private void Release(Entry entry)
    {
        lock (_lock)
        {
            entry.Users--;
            if (entry.Retired && entry.Users == 0)
            {
                entry.Plugin.Dispose();
            }
        }
    }

    /// <summary>A job's hold on a loaded plugin.</summary>
    public sealed class Lease : IDisposable
    {
        private PluginCache? _cache;
        private readonly Entry _entry;

        internal Lease(PluginCache cache, Entry entry)
        {
            _cache = cache;
            _entry = entry;
        }

        /// <summary>The loaded plugin.</summary>
        public LoadedPlugin Plugin => _entry.Plugin;

        /// <inheritdoc />
        public void Dispose()
        {
            Interlocked.Exchange(ref _cache, null)?.Release(_entry);
        }
    }

    internal sealed class Entry(LoadedPlugin plugin, (long Length, DateTime Written) build)
    {
        public LoadedPlugin Plugin { get; } = plugin;

        public (long Length, DateTime Written) Build { get; } = build;

        public int Users { get; set; }

        public bool Retired { get; set; }
    }
}
