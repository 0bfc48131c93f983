using System.Globalization;
using OneTimeLinks.Core.Links;
using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Functions.Panel;

/// <summary>
/// The panel's Generate form as posted: the fields as typed (echoed back when it is refused) and their errors as page
/// text keys by field. The expiry is a date and a time in the calendar's zone; everything else is judged by
/// <see cref="ILinkService"/> as the API's body is, and its field errors are mapped onto the form's fields.
/// </summary>
public sealed record PanelGenerateForm(
    string? ExpiresDate, string? ExpiresTime, string? Note, string? ContactName, string? ContactEmail, string? MaxUses)
{
    public const string ExpiresDateField = PanelExpiryInput.DateField;
    public const string ExpiresTimeField = PanelExpiryInput.TimeField;
    public const string NoteField = "note";
    public const string ContactNameField = "contactName";
    public const string ContactEmailField = "contactEmail";
    public const string MaxUsesField = "maxUses";

    public static readonly PanelGenerateForm Empty = new(null, null, null, null, null, null);

    /// <summary>Errors by form field, each a page text key; empty until a POST was refused.</summary>
    public IReadOnlyDictionary<string, string> Errors { get; init; } = new Dictionary<string, string>();

    public static PanelGenerateForm Read(IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(form);
        return new PanelGenerateForm(
            FormReader.Single(form, ExpiresDateField),
            FormReader.Single(form, ExpiresTimeField),
            FormReader.Single(form, NoteField),
            FormReader.Single(form, ContactNameField),
            FormReader.Single(form, ContactEmailField),
            FormReader.Single(form, MaxUsesField));
    }

    /// <summary>The generate body, or null with <see cref="Errors"/> set on the returned form when a field cannot be read.</summary>
    public (GenerateLinkRequest? Request, PanelGenerateForm Form) ToRequest(TimeZoneInfo zone)
    {
        var errors = new Dictionary<string, string>();
        var expiresAt = PanelExpiryInput.Read(ExpiresDate, ExpiresTime, zone, errors);
        int? maxUses = null;
        if (MaxUses is not null)
        {
            // Digits only and short: "1e3", "+5", " 5" or a number past int are refused here, not wrapped.
            if (MaxUses.Length <= 4 && int.TryParse(MaxUses, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                maxUses = parsed;
            }
            else
            {
                errors[MaxUsesField] = "PanelGenerate.Error.MaxUses";
            }
        }

        if (errors.Count > 0)
        {
            return (null, this with { Errors = errors });
        }

        var contact = ContactName is null && ContactEmail is null ? null : new LinkContactRequest(null, ContactName, ContactEmail);
        return (new GenerateLinkRequest(expiresAt, Note, maxUses, contact), this);
    }

    /// <summary>This form with the service's field errors in the form's terms.</summary>
    public PanelGenerateForm WithErrors(FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var mapped = new Dictionary<string, string>();
        foreach (var field in errors.ToDictionary().Keys)
        {
            var (name, key) = field switch
            {
                "expiresAt" => (ExpiresDateField, "PanelGenerate.Error.Expiry"),
                "note" => (NoteField, "PanelGenerate.Error.Note"),
                "contact.name" => (ContactNameField, "PanelGenerate.Error.Name"),
                "contact.email" => (ContactEmailField, "PanelGenerate.Error.Email"),
                "maxUses" => (MaxUsesField, "PanelGenerate.Error.MaxUses"),
                _ => (NoteField, "PanelGenerate.Error.Other"),
            };
            mapped.TryAdd(name, key);
        }

        return this with { Errors = mapped };
    }
}
