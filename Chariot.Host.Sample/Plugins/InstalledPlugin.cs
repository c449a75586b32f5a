namespace Chariot.Host.Sample.Plugins;

/// <summary>A plugin folder, <c>plugins/{id}/{version}/</c>, holding a plugin's runtime files and its main assembly.</summary>
/// <param name="Id">The package id, lower-case.</param>
/// <param name="Version">The version folder name.</param>
/// <param name="Directory">The folder.</param>
/// <param name="MainAssemblyPath">The assembly carrying the plugin's <c>CapabilityPluginAttribute</c>.</param>
internal sealed record InstalledPlugin(string Id, string Version, string Directory, string MainAssemblyPath);
