using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Links;

/// <summary>Checks the body of a generate call (<see cref="GenerateLinkRequest"/>), from HTTP, a batch or the queue.</summary>
internal static class GenerateLinkValidator
{
    public const int MaxNoteLength = 500;
    public const int MaxUsesLimit = 100;

    /// <summary>How far ahead an expiry may lie; further is a typo or a stand-in for "never" (leave expiresAt out).</summary>
    public const int MaxExpiryYears = 5;

    public static ValidGenerateLinkRequest? Validate(GenerateLinkRequest? request, DateTimeOffset now, FieldErrors errors)
    {
        request ??= new GenerateLinkRequest(null, null, null, null);

        var expiresAt = request.ExpiresAt is null ? null : ExpiresAt(request.ExpiresAt, now, errors);
        var note = Note(request.Note, errors);

        var maxUses = request.MaxUses ?? 1;
        if (maxUses is < 1 or > MaxUsesLimit)
        {
            errors.Add("maxUses", $"Must be between 1 and {MaxUsesLimit}.");
        }

        LinkContact? contact = null;
        if (request.Contact is { } c)
        {
            var id = InputRules.OptionalText(c.Id, InputRules.MaxExternalIdLength, "contact.id", errors);
            var name = InputRules.OptionalText(c.Name, InputRules.MaxNameLength, "contact.name", errors);
            var email = InputRules.OptionalEmail(c.Email, "contact.email", errors);
            contact = id is null && name is null && email is null ? null : new LinkContact(id, name, email);
        }

        var metadata = LinkMetadata.Validate(request.Metadata, errors);
        var overrides = LinkOverrides.Validate(request, now, errors);

        return errors.IsEmpty
            ? new ValidGenerateLinkRequest(expiresAt, note, maxUses, contact) { Metadata = metadata, Overrides = overrides }
            : null;
    }

    /// <summary>A link's expiry, as generate and an edit take it: in the future, at most <see cref="MaxExpiryYears"/> ahead.</summary>
    public static DateTimeOffset? ExpiresAt(string value, DateTimeOffset now, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var expiresAt = InputRules.ParseInstant(value, "expiresAt", errors);
        if (expiresAt is { } past && past <= now)
        {
            errors.Add("expiresAt", "Must be in the future.");
            return null;
        }

        if (expiresAt is { } far && far > now.AddYears(MaxExpiryYears))
        {
            errors.Add("expiresAt", $"Must be at most {MaxExpiryYears} years ahead; leave it out for a link that never expires.");
            return null;
        }

        return expiresAt;
    }

    /// <summary>A link's note, as generate and an edit take it; null when empty.</summary>
    public static string? Note(string? value, FieldErrors errors) =>
        value is { Length: > MaxNoteLength }
            ? AddError(errors, "note", $"Must be at most {MaxNoteLength} characters.")
            : InputRules.OptionalText(value, MaxNoteLength, "note", errors);

    private static string? AddError(FieldErrors errors, string field, string message)
    {
        errors.Add(field, message);
        return null;
    }
}
