using System.Net;
using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Panel;

/// <summary>The rules of a session's fields (issue 24, "Minting a session").</summary>
internal static class PanelSessionValidator
{
    public const int MinLifetimeMinutes = 5;
    public const int MaxLifetimeMinutes = 480;
    public const int DefaultLifetimeMinutes = 60;
    public const int MaxAllowedOrigins = 10;
    public const int MaxOriginLength = 200;
    public const int MaxReturnUrlLength = 2000;

    /// <summary>A session's validated fields.</summary>
    public sealed record Valid(TimeSpan Lifetime, string? Language, IReadOnlyList<string> AllowedOrigins, PanelActor? Actor, Uri? ReturnUrl);

    public static Valid? Validate(PanelSessionRequest? request, FieldErrors errors)
    {
        request ??= new PanelSessionRequest();
        var lifetime = request.LifetimeMinutes ?? DefaultLifetimeMinutes;
        if (lifetime is < MinLifetimeMinutes or > MaxLifetimeMinutes)
        {
            errors.Add("lifetimeMinutes", $"Must be {MinLifetimeMinutes} to {MaxLifetimeMinutes} minutes.");
        }

        InputRules.OptionalLanguage(request.Language, "language", errors);
        var origins = AllowedOrigins(request.AllowedOrigins, errors);
        var actor = Actor(request.Actor, errors);
        var returnUrl = ReturnUrl(request.ReturnUrl, errors);
        return errors.IsEmpty ? new Valid(TimeSpan.FromMinutes(lifetime), request.Language, origins, actor, returnUrl) : null;
    }

    // Origins become the page's CSP frame-ancestors: only a canonical scheme://host[:port] may reach that header, so
    // nothing a CRM sends can add a source or a directive of its own.
    private static string[] AllowedOrigins(IReadOnlyList<string?>? values, FieldErrors errors) =>
        InputRules.DistinctList(
            values,
            "allowedOrigins",
            MaxAllowedOrigins,
            IsOrigin,
            "Must be an origin: https://host or https://host:port, lower case, without a path (plain http only for a loopback host).",
            "origin",
            errors);

    private static bool IsOrigin(string? value)
    {
        if (value is null || value.Length > MaxOriginLength || !Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || !IsWebScheme(uri) || string.IsNullOrEmpty(uri.Host) || uri.UserInfo.Length > 0)
        {
            return false;
        }

        return string.Equals(value, uri.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal);
    }

    private static PanelActor? Actor(PanelActorRequest? value, FieldErrors errors)
    {
        if (value is null)
        {
            return null;
        }

        var id = InputRules.OptionalText(value.Id, InputRules.MaxExternalIdLength, "actor.id", errors);
        var name = InputRules.OptionalText(value.Name, InputRules.MaxNameLength, "actor.name", errors);
        return id is null && name is null ? null : new PanelActor(id, name);
    }

    private static Uri? ReturnUrl(string? value, FieldErrors errors)
    {
        const string Field = "returnUrl";
        if (value is null)
        {
            return null;
        }

        if (value.Length == 0 || value.Length > MaxReturnUrlLength || value.Any(c => c <= ' ' || char.IsControl(c))
            || !Uri.TryCreate(value, UriKind.Absolute, out var uri) || !IsWebScheme(uri) || string.IsNullOrEmpty(uri.Host)
            || uri.UserInfo.Length > 0 || value.Contains('@', StringComparison.Ordinal))
        {
            errors.Add(Field, $"Must be an absolute https URL of at most {MaxReturnUrlLength} characters, without credentials (plain http only for a loopback host).");
            return null;
        }

        return uri;
    }

    // Plain http only to this machine, where a developer's CRM runs; everywhere else the panel is embedded over https.
    private static bool IsWebScheme(Uri uri) =>
        uri.Scheme == Uri.UriSchemeHttps
        || (uri.Scheme == Uri.UriSchemeHttp && (uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip))));
}
