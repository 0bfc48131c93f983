using System.Text.Json;
using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Functions.Http;

/// <summary>
/// Reads JSON bodies by the queue's rules too (<see cref="InputJson"/>); anything unreadable becomes a 4xx problem, never
/// an exception.
/// </summary>
internal static class HttpJson
{
    // Bodies here are a few hundred bytes; a cap keeps a hostile client from making us buffer megabytes.
    private const int MaxBodyBytes = 64 * 1024;

    /// <summary>Returns the body, or null with a problem result; an empty body is null with no problem when allowed.</summary>
    public static Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, bool allowEmpty, CancellationToken cancellationToken)
        where T : class =>
        ReadAsync<T>(request, allowEmpty, MaxBodyBytes, cancellationToken);

    /// <summary>As above, for a route whose bodies may be larger (a batch) up to <paramref name="maxBodyBytes"/>.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(
        HttpRequest request, bool allowEmpty, int maxBodyBytes, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength > maxBodyBytes)
        {
            return (null, Problems.PayloadTooLarge(maxBodyBytes));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBodyBytes)
            {
                return (null, Problems.PayloadTooLarge(maxBodyBytes));
            }
        }

        if (buffer.Length == 0 || IsWhitespace(buffer))
        {
            return allowEmpty ? (null, null) : (null, Problems.BadRequest("A JSON body is required."));
        }

        if (request.ContentType is { } contentType && !contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problems.UnsupportedMediaType());
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.ToArray(), InputJson.Options);
            return value is null ? (null, Problems.BadRequest("The JSON body must be an object.")) : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, Problems.MalformedJson(InputJson.FieldName(ex)));
        }
    }

    private static bool IsWhitespace(MemoryStream buffer) =>
        buffer.GetBuffer().AsSpan(0, (int)buffer.Length).IndexOfAnyExcept(" \t\r\n"u8) < 0;
}
