using Microsoft.Extensions.Logging;

namespace OneTimeLinks.Functions.Telemetry;

/// <summary>
/// Logging categories that would write request URLs (paths and query strings), with the most they may log. Public link
/// and manage URLs carry a secret token (<c>/api/l/{token}</c>, <c>/api/m/{token}</c>) and keys travel as <c>?code=</c>,
/// so these limits apply whatever the configuration says: in the worker (its Kestrel serves every HTTP trigger) and in
/// the local runner's front.
/// </summary>
public static class UrlLogging
{
    public static IReadOnlyDictionary<string, LogLevel> Categories { get; } = new Dictionary<string, LogLevel>
    {
        // "Request starting HTTP/1.1 GET http://host/api/l/<token>", and, while this category is enabled at all, a log
        // scope holding RequestPath around every log line of the request (visible with IncludeScopes). Off entirely.
        ["Microsoft.AspNetCore.Hosting.Diagnostics"] = LogLevel.None,
        ["Microsoft.AspNetCore.Routing"] = LogLevel.Warning,        // "No candidates found for the request path '...'"
        ["Microsoft.AspNetCore.HttpLogging"] = LogLevel.None,       // if anyone adds HTTP logging
        ["Microsoft.AspNetCore.Server.Kestrel"] = LogLevel.Warning, // bad-request logs can echo the request target
        ["Microsoft.AspNetCore.Http.Result"] = LogLevel.Warning,    // redirect results log their target URL
        ["System.Net.Http.HttpClient"] = LogLevel.Warning,          // outgoing request URLs
    };

    public static ILoggingBuilder Apply(ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        foreach (var (category, level) in Categories)
        {
            logging.AddFilter(category, level);
        }

        return logging;
    }
}
