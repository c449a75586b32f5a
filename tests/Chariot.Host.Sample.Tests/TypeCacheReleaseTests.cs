using System.ComponentModel;
using System.Reflection;
using System.Runtime.Loader;
using Chariot.Host.Sample.Plugins;

namespace Chariot.Host.Sample.Tests;

[Collection(EchoGroup.Name)]
public sealed class TypeCacheReleaseTests(EchoPackage echo)
{
    [Fact]
    public async Task Releasing_a_context_while_other_threads_describe_types_neither_throws_nor_leaves_its_types_cached()
    {
        var context = new AssemblyLoadContext("type-cache-release", isCollectible: true);
        try
        {
            var plugin = context.LoadFromAssemblyPath(new PluginCatalog(echo.PluginsDirectory).Latest().Single().MainAssemblyPath);
            var pluginTypes = plugin.GetTypes().Where(t => !t.IsGenericTypeDefinition).ToList();
            Describe(pluginTypes);
            Assert.Contains(CachedTypes(), t => t.Assembly == plugin);

            // Thousands of types the caches have not seen yet: every one is a write into TypeDescriptor's tables while
            // the release enumerates and edits them.
            var hostTypes = AppDomain.CurrentDomain.GetAssemblies()
                .Where(a => !a.IsDynamic && !a.IsCollectible)
                .SelectMany(SafeTypes)
                .Where(t => t.IsPublic && !t.IsGenericTypeDefinition && !t.ContainsGenericParameters)
                .Take(6000)
                .ToList();
            var writers = Enumerable.Range(0, 2)
                .Select(w => Task.Run(() => Describe(hostTypes.Where((_, i) => i % 2 == w))))
                .ToArray();

            var releases = 0;
            while (!writers.All(t => t.IsCompleted))
            {
                TypeCacheRelease.Release(context);
                releases++;
            }

            await Task.WhenAll(writers);
            TypeCacheRelease.Release(context);

            Assert.True(releases > 1, "the release never overlapped the describing threads");
            Assert.DoesNotContain(CachedTypes(), t => t.Assembly == plugin);
        }
        finally
        {
            context.Unload();
        }
    }

    private static void Describe(IEnumerable<Type> types)
    {
        foreach (var type in types)
        {
            TypeDescriptor.GetProperties(type);
            TypeDescriptor.GetAttributes(type);
            TypeDescriptor.GetEvents(type);
        }
    }

    private static IEnumerable<Type> SafeTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }

    // The types ReflectTypeDescriptionProvider's static property cache still holds.
    private static List<Type> CachedTypes()
    {
        var provider = typeof(TypeDescriptor).Assembly.GetType("System.ComponentModel.ReflectTypeDescriptionProvider");
        var cache = provider?.GetField("s_propertyCache", BindingFlags.Static | BindingFlags.NonPublic)?.GetValue(null) as System.Collections.Hashtable;
        Assert.NotNull(cache);
        lock (typeof(TypeDescriptor).GetField("s_commonSyncObject", BindingFlags.Static | BindingFlags.NonPublic)!.GetValue(null)!)
        {
            return [.. cache.Keys.OfType<Type>()];
        }
    }
}
