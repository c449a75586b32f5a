using System.Collections;
using System.Collections.Concurrent;
using System.ComponentModel;
using System.Reflection;
using System.Runtime.Loader;

namespace Chariot.Host.Sample.Plugins;

/// <summary>
/// Releases what the runtime's static type caches hold of an unloading plugin. DataAnnotations validation (Polly
/// validates its options with it) and TypeDescriptor cache every type they see in static, strongly keyed tables that
/// never forget a type, so a collectible context whose types went through them can never be collected
/// (dotnet/runtime#30656). Until the runtime forgets them itself, the host removes the entries keyed by the context's
/// types. Best effort by design: a table this runtime does not have is skipped, never an error.
/// </summary>
internal static class TypeCacheRelease
{
    private const BindingFlags Static = BindingFlags.Static | BindingFlags.NonPublic;

    public static void Release(AssemblyLoadContext context)
    {
        var assemblies = context.Assemblies.ToHashSet();
        if (assemblies.Count == 0)
        {
            return;
        }

        foreach (var assembly in assemblies)
        {
            TypeDescriptor.Refresh(assembly);
        }

        bool Owned(object key) => key switch
        {
            Type type => assemblies.Contains(type.Assembly) || (type.IsGenericType && type.GetGenericArguments().Any(a => assemblies.Contains(a.Assembly))),
            MemberInfo member => member.DeclaringType is { } declaring && assemblies.Contains(declaring.Assembly),
            _ => false,
        };

        var descriptor = typeof(TypeDescriptor);
        var reflectProvider = descriptor.Assembly.GetType("System.ComponentModel.ReflectTypeDescriptionProvider");
        RemoveFrom(descriptor.GetField("s_providerTypeTable", Static)?.GetValue(null), Owned);
        RemoveFrom(descriptor.GetField("s_defaultProviderInitialized", Static)?.GetValue(null), Owned);

        // TypeDescriptor's and the reflection provider's Hashtables are written under TypeDescriptor's common lock, not
        // their SyncRoot: only that lock keeps a concurrent description of another type from changing them under the
        // enumeration.
        var commonLock = descriptor.GetField("s_commonSyncObject", Static)?.GetValue(null);
        foreach (var name in (string[])["s_propertyCache", "s_eventCache", "s_attributeCache", "s_extendedPropertyCache"])
        {
            RemoveFrom(reflectProvider?.GetField(name, Static)?.GetValue(null), Owned, commonLock);
        }

        // Each reflection provider also caches, per instance (_typeData), the ReflectedTypeData of every type it described.
        // The default one hangs off a TypeDescriptionNode in s_providerTable, a static table that lives as long as the
        // process, and TypeDescriptor.Refresh(assembly) above does not empty it.
        var typeData = reflectProvider?.GetField("_typeData", BindingFlags.Instance | BindingFlags.NonPublic);
        foreach (var provider in ReflectProviders(descriptor, reflectProvider, commonLock))
        {
            RemoveFrom(typeData?.GetValue(provider), Owned);
        }

        var store = typeof(System.ComponentModel.DataAnnotations.Validator).Assembly
            .GetType("System.ComponentModel.DataAnnotations.ValidationAttributeStore");
        var instance = store?.GetProperty("Instance", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)?.GetValue(null);
        RemoveFrom(store?.GetField("_typeStoreItems", BindingFlags.Instance | BindingFlags.NonPublic)?.GetValue(instance), Owned);
    }

    // The providers on TypeDescriptor's provider chains (s_providerTable: key -> TypeDescriptionNode -> Next...) that are
    // reflection providers.
    private static List<object> ReflectProviders(Type descriptor, Type? reflectProvider, object? commonLock)
    {
        var found = new List<object>();
        var nodeType = descriptor.GetNestedType("TypeDescriptionNode", BindingFlags.NonPublic);
        var providerField = nodeType?.GetField("Provider", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);
        var nextField = nodeType?.GetField("Next", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);
        if (reflectProvider is null || providerField is null || nextField is null || commonLock is null
            || descriptor.GetField("s_providerTable", Static)?.GetValue(null) is not IDictionary table)
        {
            return found;
        }

        // TypeDescriptor writes this table under its common lock.
        List<object?> heads;
        lock (commonLock)
        {
            heads = [.. table.Values.Cast<object?>()];
        }

        foreach (var head in heads)
        {
            for (var node = head; node is not null && nodeType!.IsInstanceOfType(node); node = nextField.GetValue(node))
            {
                if (providerField.GetValue(node) is { } provider && reflectProvider.IsInstanceOfType(provider) && !found.Contains(provider))
                {
                    found.Add(provider);
                }
            }
        }

        return found;
    }

    // Removes the owned keys from a ConcurrentDictionary (which guards itself), or from another dictionary under the
    // lock its writers take; a dictionary whose writers' lock is unknown is left alone rather than raced.
    private static void RemoveFrom(object? table, Func<object, bool> owned, object? writersLock = null)
    {
        if (table is not IDictionary dictionary)
        {
            return;
        }

        if (table.GetType().IsGenericType && table.GetType().GetGenericTypeDefinition() == typeof(ConcurrentDictionary<,>))
        {
            RemoveOwned(dictionary, owned);
            return;
        }

        if (writersLock is null)
        {
            return;
        }

        lock (writersLock)
        {
            RemoveOwned(dictionary, owned);
        }
    }

    private static void RemoveOwned(IDictionary dictionary, Func<object, bool> owned)
    {
        foreach (var key in dictionary.Keys.Cast<object>().Where(owned).ToList())
        {
            dictionary.Remove(key);
        }
    }
}
