using System.Reflection;
using System.Security.Cryptography;

namespace OneTimeLinks.Functions.Assets;

/// <summary>One static file of the public pages, embedded in this assembly.</summary>
public sealed record Asset(string LogicalName, string PublicName, string ContentType, byte[] Content, string ETag);

/// <summary>
/// The CSS and scripts of the public pages and the panel, read once from embedded resources. Each is served under a name carrying a
/// hash of its content (<c>site.3f2a…c1.css</c>), so a response can be cached for a year and a new build still reaches
/// every browser at once. Only these names are served: nothing is read from disk or looked up by a client's path.
/// </summary>
public sealed class AssetCatalog
{
    public const string StyleSheet = "site.css";
    public const string Script = "booking.js";
    public const string PanelScript = "panel.js";

    private static readonly (string Name, string ContentType)[] Known =
    [
        (StyleSheet, "text/css; charset=utf-8"),
        (Script, "text/javascript; charset=utf-8"),
        (PanelScript, "text/javascript; charset=utf-8"),
    ];

    private readonly Dictionary<string, Asset> _byLogicalName;
    private readonly Dictionary<string, Asset> _byPublicName;

    public AssetCatalog()
    {
        var assembly = typeof(AssetCatalog).Assembly;
        var assets = Known.Select(known => Load(assembly, known.Name, known.ContentType)).ToList();
        _byLogicalName = assets.ToDictionary(a => a.LogicalName, StringComparer.Ordinal);
        _byPublicName = assets.ToDictionary(a => a.PublicName, StringComparer.Ordinal);
    }

    /// <summary>The hashed public name of a known asset, for example <c>site.0123456789ab.css</c>.</summary>
    public string PublicNameOf(string logicalName) => _byLogicalName[logicalName].PublicName;

    /// <summary>Looks up a requested name; only exact hashed names of known assets match.</summary>
    public bool TryGet(string? publicName, out Asset asset)
    {
        asset = null!;
        return publicName is not null && _byPublicName.TryGetValue(publicName, out asset!);
    }

    private static Asset Load(Assembly assembly, string name, string contentType)
    {
        var resource = $"{typeof(AssetCatalog).Namespace}.{name}";
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded resource {resource} is missing from {assembly.GetName().Name}.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var content = buffer.ToArray();
        var hash = Convert.ToHexStringLower(SHA256.HashData(content))[..16];
        var extension = Path.GetExtension(name);
        var publicName = $"{Path.GetFileNameWithoutExtension(name)}.{hash}{extension}";
        return new Asset(name, publicName, contentType, content, $"\"{hash}\"");
    }
}
