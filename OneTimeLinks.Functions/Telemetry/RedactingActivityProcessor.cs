using System.Diagnostics;
using OneTimeLinks.Core.Telemetry;
using OpenTelemetry;

namespace OneTimeLinks.Functions.Telemetry;

/// <summary>Rewrites every span's name and string tags so no link token reaches an exporter.</summary>
internal sealed class RedactingActivityProcessor : BaseProcessor<Activity>
{
    public override void OnEnd(Activity data) => Redact(data);

    internal static void Redact(Activity activity)
    {
        if (TokenRedactor.NeedsRedaction(activity.DisplayName))
        {
            activity.DisplayName = TokenRedactor.Redact(activity.DisplayName);
        }

        foreach (var (key, value) in activity.TagObjects.ToList())
        {
            if (value is string text && TokenRedactor.NeedsRedaction(text))
            {
                activity.SetTag(key, TokenRedactor.Redact(text));
            }
        }
    }
}
