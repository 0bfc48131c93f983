using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OneTimeLinks.Core.Outbound;

namespace OneTimeLinks.Core.BusyFeeds;

/// <summary>One fetch of a feed: its text, "unchanged since what you have", or why not (a feed status's <c>lastError</c>).</summary>
internal abstract record BusyFeedFetch
{
    public sealed record Fetched(string Text, string ContentHash, string? ETag, DateTimeOffset? LastModified) : BusyFeedFetch;

    /// <summary>304 to the conditional GET.</summary>
    public sealed record NotModified : BusyFeedFetch;

    /// <param name="Error"><c>http-{status}</c> (a 3xx included: redirects are never followed), <c>timeout</c>,
    /// <c>too-large</c>, <c>forbidden-address</c> or <c>unreachable</c>.</param>
    public sealed record Failed(string Error) : BusyFeedFetch;
}

/// <summary>
/// Fetches a feed through the outbound seam (<see cref="OutboundHttp.FeedClient"/>: every address checked on every
/// connection, no redirects, no proxy or cookies): a conditional GET with what the last fetch answered, within
/// <see cref="BusyFeedOptions.FetchTimeout"/>, reading at most <see cref="BusyFeedOptions.MaxFeedBytes"/> (a larger
/// feed is an error, never a truncation, since a cut feed would delete the busy time after the cut).
/// </summary>
internal sealed class BusyFeedFetcher(IHttpClientFactory clients, IOptions<BusyFeedOptions> options)
{
    public async Task<BusyFeedFetch> FetchAsync(Uri url, string? etag, DateTimeOffset? lastModified, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var maxBytes = options.Value.MaxFeedBytes;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/calendar");
        request.Headers.Accept.ParseAdd("*/*;q=0.1");
        if (etag is not null && EntityTagHeaderValue.TryParse(etag, out var tag))
        {
            request.Headers.IfNoneMatch.Add(tag);
        }

        if (lastModified is { } since)
        {
            request.Headers.IfModifiedSince = since;
        }

        var client = clients.CreateClient(OutboundHttp.FeedClient);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                return new BusyFeedFetch.NotModified();
            }

            if (!response.IsSuccessStatusCode)
            {
                return new BusyFeedFetch.Failed($"http-{(int)response.StatusCode}");
            }

            if (response.Content.Headers.ContentLength > maxBytes)
            {
                return new BusyFeedFetch.Failed("too-large");
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return new BusyFeedFetch.Failed("too-large");
                }

                buffer.Write(chunk, 0, read);
            }

            var bytes = buffer.ToArray();
            return new BusyFeedFetch.Fetched(
                Encoding.UTF8.GetString(bytes),
                Convert.ToHexStringLower(SHA256.HashData(bytes)),
                response.Headers.ETag?.ToString(),
                response.Content.Headers.LastModified);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new BusyFeedFetch.Failed("timeout");
        }
        catch (HttpRequestException ex) when (ex.InnerException is ForbiddenAddressException)
        {
            return new BusyFeedFetch.Failed("forbidden-address");
        }
        catch (HttpRequestException)
        {
            return new BusyFeedFetch.Failed("unreachable");
        }
    }
}
