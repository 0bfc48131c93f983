using System.Globalization;
using System.Text;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace OneTimeLinks.LocalRunner;

/// <summary>
/// The parts of host.json the runner honours: <c>extensions.http.routePrefix</c> and <c>extensions.queues</c>. Like the
/// host, app settings named <c>AzureFunctionsJobHost__extensions__...</c> override the file.
/// Not honoured: <c>functionTimeout</c>, <c>logging</c> (use the runner's Logging configuration), <c>newBatchThreshold</c>.
/// </summary>
public sealed class HostJson
{
    /// <summary>The host's override section: app setting <c>AzureFunctionsJobHost__x__y</c> replaces host.json's <c>x.y</c>.</summary>
    public const string OverrideSection = "AzureFunctionsJobHost";

    /// <summary>The host's defaults, as if host.json were <c>{ "version": "2.0" }</c>.</summary>
    public static HostJson Default { get; } = new();

    /// <summary><c>extensions.http.routePrefix</c>; "api" by default, empty for no prefix.</summary>
    public string RoutePrefix { get; init; } = "api";

    public QueueHostOptions Queues { get; init; } = new();

    public static HostJson Load(string path, IConfiguration? appSettings = null)
    {
        if (!File.Exists(path))
        {
            throw new LocalRunnerStartupException($"host.json was not found at '{path}'. Set LocalRunner:HostJsonPath to the app's host.json.");
        }

        return Read(new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false), path, appSettings);
    }

    public static HostJson Parse(string json, IConfiguration? appSettings = null) =>
        Read(new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))), "host.json", appSettings);

    private static HostJson Read(IConfigurationBuilder builder, string source, IConfiguration? appSettings)
    {
        if (appSettings is not null)
        {
            builder.AddInMemoryCollection(appSettings.GetSection(OverrideSection).AsEnumerable(makePathsRelative: true));
        }

        IConfigurationRoot configuration;
        try
        {
            configuration = builder.Build();
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException)
        {
            throw new LocalRunnerStartupException($"{source} is not valid JSON: {ex.Message}", ex);
        }

        var problems = new List<string>();
        var queues = configuration.GetSection("extensions:queues");
        var defaults = new QueueHostOptions();
        var result = new HostJson
        {
            RoutePrefix = (configuration["extensions:http:routePrefix"] ?? Default.RoutePrefix).Trim('/'),
            Queues = new QueueHostOptions
            {
                BatchSize = ReadInt(queues, "batchSize", defaults.BatchSize, 1, 32, problems),
                MaxDequeueCount = ReadInt(queues, "maxDequeueCount", defaults.MaxDequeueCount, 1, int.MaxValue, problems),
                VisibilityTimeout = ReadTimeSpan(queues, "visibilityTimeout", defaults.VisibilityTimeout, TimeSpan.Zero, problems),
                MaxPollingInterval = ReadTimeSpan(queues, "maxPollingInterval", defaults.MaxPollingInterval, QueueHostOptions.MinimumPollingInterval, problems),
                MessageEncoding = ReadEncoding(queues, problems),
            },
        };

        return problems.Count == 0 ? result : throw LocalRunnerStartupException.FromProblems($"{source} has invalid values:", problems);
    }

    private static int ReadInt(IConfigurationSection section, string key, int fallback, int min, int max, List<string> problems)
    {
        var text = section[key];
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        problems.Add($"extensions.queues.{key} must be an integer between {min} and {max} (found '{text}').");
        return fallback;
    }

    private static TimeSpan ReadTimeSpan(IConfigurationSection section, string key, TimeSpan fallback, TimeSpan min, List<string> problems)
    {
        var text = section[key];
        if (text is null)
        {
            return fallback;
        }

        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) && value >= min)
        {
            return value;
        }

        problems.Add($"extensions.queues.{key} must be a time span like \"00:00:10\", at least {min} (found '{text}').");
        return fallback;
    }

    private static QueueMessageEncoding ReadEncoding(IConfigurationSection section, List<string> problems)
    {
        var text = section["messageEncoding"];
        if (text is null || text.Equals("base64", StringComparison.OrdinalIgnoreCase))
        {
            return QueueMessageEncoding.Base64;
        }

        if (text.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return QueueMessageEncoding.None;
        }

        problems.Add($"extensions.queues.messageEncoding must be \"base64\" or \"none\" (found '{text}').");
        return QueueMessageEncoding.Base64;
    }
}

/// <summary><c>extensions.queues</c> with the queue extension's defaults (QueuesOptions of the WebJobs storage extension).</summary>
public sealed class QueueHostOptions
{
    /// <summary>The host's floor for polling (QueuePollingIntervals.Minimum).</summary>
    public static readonly TimeSpan MinimumPollingInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Messages fetched and processed in parallel per poll (1–32; default 16).</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Attempts before a failing message moves to <c>&lt;queue&gt;-poison</c> (default 5).</summary>
    public int MaxDequeueCount { get; init; } = 5;

    /// <summary>How long a failed message stays invisible before its retry (default zero).</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.Zero;

    /// <summary>The longest wait between polls of an empty queue (default one minute).</summary>
    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How message bodies are encoded (default Base64).</summary>
    public QueueMessageEncoding MessageEncoding { get; init; } = QueueMessageEncoding.Base64;
}
