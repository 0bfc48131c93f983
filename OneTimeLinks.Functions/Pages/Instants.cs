using System.Globalization;

namespace OneTimeLinks.Functions.Pages;

/// <summary>Instants as the pages carry them in attributes and radio values: UTC, to the second, with a Z.</summary>
public static class Instants
{
    public static string Iso(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset? Parse(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant) ? instant : null;
}
