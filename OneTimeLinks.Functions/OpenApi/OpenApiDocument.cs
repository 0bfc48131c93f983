namespace OneTimeLinks.Functions.OpenApi;

/// <summary>The repository's OpenAPI document (OpenApi/openapi.json), as embedded at build time.</summary>
internal static class OpenApiDocument
{
    public const string ResourceName = "OneTimeLinks.Functions.OpenApi.openapi.json";

    public static byte[] Content { get; } = Load();

    private static byte[] Load()
    {
        using var stream = typeof(OpenApiDocument).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
