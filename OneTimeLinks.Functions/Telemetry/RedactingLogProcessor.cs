using OneTimeLinks.Core.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Logs;

namespace OneTimeLinks.Functions.Telemetry;

/// <summary>Rewrites log messages and their string attributes so no link token reaches an exporter.</summary>
internal sealed class RedactingLogProcessor : BaseProcessor<LogRecord>
{
    public override void OnEnd(LogRecord data)
    {
        if (TokenRedactor.NeedsRedaction(data.FormattedMessage))
        {
            data.FormattedMessage = TokenRedactor.Redact(data.FormattedMessage!);
        }

        if (TokenRedactor.NeedsRedaction(data.Body))
        {
            data.Body = TokenRedactor.Redact(data.Body!);
        }

        if (data.Attributes is { } attributes && attributes.Any(a => a.Value is string s && TokenRedactor.NeedsRedaction(s)))
        {
            data.Attributes = attributes
                .Select(a => a.Value is string s ? new KeyValuePair<string, object?>(a.Key, TokenRedactor.Redact(s)) : a)
                .ToList();
        }
    }
}
