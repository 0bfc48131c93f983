using Microsoft.AspNetCore.Http.Features;

namespace OneTimeLinks.Functions.Http;

/// <summary>
/// Reads an HTML form (urlencoded or multipart) of at most 64 KiB: 413 for size alone, 400 for anything malformed. The
/// booking pages and the owner's panel both read their forms here.
/// </summary>
internal static class FormReader
{
    private static readonly FormOptions Limits = new()
    {
        BufferBody = false,
        // The booking fields, and up to ten questions of which a multi-choice one repeats its field per checked option.
        ValueCountLimit = 256,
        KeyLengthLimit = 64,
        ValueLengthLimit = 16 * 1024,
        MultipartBodyLengthLimit = 64 * 1024,
        MultipartHeadersCountLimit = 8,
        MultipartHeadersLengthLimit = 4 * 1024,
    };

    private const long MaxBodyBytes = 64 * 1024;

    public static async Task<(IFormCollection? Form, int FailureStatus)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, StatusCodes.Status413PayloadTooLarge);
        }

        // Size is measured here, on the bytes, so that the form reader's own exceptions can only mean malformed input
        // (a multipart body with no boundary, a broken escape, too many fields): 413 is for size alone, the rest 400.
        var body = new MemoryStream();
        request.HttpContext.Response.RegisterForDispose(body);
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            body.Write(chunk, 0, read);
            if (body.Length > MaxBodyBytes)
            {
                return (null, StatusCodes.Status413PayloadTooLarge);
            }
        }

        body.Position = 0;
        request.Body = body;
        try
        {
            return (await request.ReadFormAsync(Limits, cancellationToken), 0);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or InvalidOperationException)
        {
            return (null, StatusCodes.Status400BadRequest);
        }
    }

    /// <summary>A field sent exactly once and not empty; a repeated field counts as absent.</summary>
    public static string? Single(IFormCollection form, string name) =>
        form.TryGetValue(name, out var values) && values.Count == 1 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
}
