using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace OneTimeLinks.LocalRunner;

/// <summary>
/// Resolves <c>%Setting%</c> references in trigger attributes against configuration, as the host's name resolver does
/// against app settings. <c>%Sweep:Schedule%</c> and <c>%Sweep__Schedule%</c> both find the setting <c>Sweep:Schedule</c>
/// (environment variable <c>Sweep__Schedule</c>).
/// </summary>
public static partial class AppSettings
{
    /// <summary>Replaces every <c>%Name%</c> in <paramref name="value"/>; text without references is returned unchanged.</summary>
    /// <exception cref="LocalRunnerStartupException">A referenced setting is missing or empty.</exception>
    public static string Resolve(string value, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(configuration);
        return SettingReference().Replace(value, match =>
        {
            var name = match.Groups[1].Value;
            return Find(configuration, name)
                ?? throw new LocalRunnerStartupException($"'%{name}%' does not resolve to a value: set '{name.Replace("__", ":", StringComparison.Ordinal)}' in configuration (environment variable '{name.Replace(":", "__", StringComparison.Ordinal)}').");
        });
    }

    /// <summary>The setting's value, trying the name as written and with ':' and '__' swapped; null when missing or empty.</summary>
    public static string? Find(IConfiguration configuration, string name)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(name);
        foreach (var candidate in new[] { name, name.Replace("__", ":", StringComparison.Ordinal), name.Replace(":", "__", StringComparison.Ordinal) })
        {
            if (configuration[candidate] is { Length: > 0 } found)
            {
                return found;
            }
        }

        return null;
    }

    [GeneratedRegex("%([^%]+)%", RegexOptions.CultureInvariant)]
    private static partial Regex SettingReference();
}
