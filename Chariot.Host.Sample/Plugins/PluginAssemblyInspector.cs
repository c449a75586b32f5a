using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Chariot.Host.Sample.Plugins;

/// <summary>
/// Finds a plugin's main assembly without running any of its code: reads assembly metadata for the
/// <c>CapabilityPluginAttribute</c>, so an untrusted package can be checked before anything is loaded.
/// </summary>
internal static class PluginAssemblyInspector
{
    private const string AttributeNamespace = "Chariot.Capabilities";
    private const string AttributeName = "CapabilityPluginAttribute";

    /// <summary>
    /// The main assembly in <paramref name="directory"/>: the dll named after the folder's plugin id when it carries the
    /// attribute, else the only dll that does; null when none does.
    /// </summary>
    public static string? FindMainAssembly(string directory, string id)
    {
        var dlls = System.IO.Directory.EnumerateFiles(directory, "*.dll", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal).ToList();
        var named = dlls.FirstOrDefault(d => string.Equals(Path.GetFileNameWithoutExtension(d), id, StringComparison.OrdinalIgnoreCase));
        if (named is not null && DeclaresPlugin(named))
        {
            return named;
        }

        return dlls.FirstOrDefault(DeclaresPlugin);
    }

    /// <summary>Whether the file is a .NET assembly with an assembly-level <c>CapabilityPluginAttribute</c>.</summary>
    public static bool DeclaresPlugin(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                return false;
            }

            var metadata = pe.GetMetadataReader();
            foreach (var handle in metadata.GetAssemblyDefinition().GetCustomAttributes())
            {
                if (IsPluginAttribute(metadata, metadata.GetCustomAttribute(handle)))
                {
                    return true;
                }
            }

            return false;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            // No assembly definition: a module or a native library.
            return false;
        }
    }

    private static bool IsPluginAttribute(MetadataReader metadata, CustomAttribute attribute)
    {
        if (attribute.Constructor.Kind != HandleKind.MemberReference)
        {
            return false;
        }

        var parent = metadata.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
        if (parent.Kind != HandleKind.TypeReference)
        {
            return false;
        }

        var type = metadata.GetTypeReference((TypeReferenceHandle)parent);
        return metadata.StringComparer.Equals(type.Name, AttributeName) && metadata.StringComparer.Equals(type.Namespace, AttributeNamespace);
    }
}
