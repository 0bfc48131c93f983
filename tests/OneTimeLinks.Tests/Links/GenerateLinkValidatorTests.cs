using OneTimeLinks.Core.Links;
using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Tests.Links;

public sealed class GenerateLinkValidatorTests
{
    // Monday 2026-12-07 08:00 in Berlin: the "exactly now" cases below are written against it.
    private static readonly DateTimeOffset Now = TestClock.Pinned;

    private static GenerateLinkRequest Valid() => new(
        ExpiresAt: "2026-12-08T17:00:00+01:00",
        Note: "sent to Jane by SMS",
        MaxUses: 1,
        Contact: new LinkContactRequest("crm-42", "Jane Doe", "jane@example.com"));

    private static readonly Dictionary<string, (Func<GenerateLinkRequest, GenerateLinkRequest> Mutate, string Field)> InvalidCases = new()
    {
        ["expiresAt in the past"] = (r => r with { ExpiresAt = "2026-12-07T07:59:59+01:00" }, "expiresAt"),
        ["expiresAt exactly now"] = (r => r with { ExpiresAt = "2026-12-07T07:00:00Z" }, "expiresAt"),
        ["expiresAt exactly now in another offset"] = (r => r with { ExpiresAt = "2026-12-07T08:00:00+01:00" }, "expiresAt"),
        ["expiresAt without offset"] = (r => r with { ExpiresAt = "2026-12-08T17:00:00" }, "expiresAt"),
        ["expiresAt date only"] = (r => r with { ExpiresAt = "2026-12-08" }, "expiresAt"),
        ["expiresAt not a date"] = (r => r with { ExpiresAt = "tomorrow" }, "expiresAt"),
        ["expiresAt empty"] = (r => r with { ExpiresAt = "" }, "expiresAt"),
        ["expiresAt impossible date"] = (r => r with { ExpiresAt = "2026-02-30T17:00:00+01:00" }, "expiresAt"),
        ["note of 501 characters"] = (r => r with { Note = new string('n', 501) }, "note"),
        ["note with a control character"] = (r => r with { Note = "call\u0007back" }, "note"),
        ["maxUses 0"] = (r => r with { MaxUses = 0 }, "maxUses"),
        ["maxUses negative"] = (r => r with { MaxUses = -1 }, "maxUses"),
        ["maxUses 101"] = (r => r with { MaxUses = 101 }, "maxUses"),
        ["contact email without at"] = (r => r with { Contact = new(null, null, "jane.example.com") }, "contact.email"),
        ["contact email with display name"] = (r => r with { Contact = new(null, null, "Jane <jane@example.com>") }, "contact.email"),
        ["contact email without dot in host"] = (r => r with { Contact = new(null, null, "jane@localhost") }, "contact.email"),
        ["contact name of 201 characters"] = (r => r with { Contact = new(null, new string('j', 201), null) }, "contact.name"),
        ["contact id of 201 characters"] = (r => r with { Contact = new(new string('i', 201), null, null) }, "contact.id"),
    };

    public static TheoryData<string> InvalidCaseNames() => new(InvalidCases.Keys);

    [Theory]
    [MemberData(nameof(InvalidCaseNames))]
    public void Validate_OneFieldBroken_ReportsExactlyThatField(string caseName)
    {
        var (mutate, field) = InvalidCases[caseName];
        var errors = new FieldErrors();

        var result = GenerateLinkValidator.Validate(mutate(Valid()), Now, errors);

        Assert.Null(result);
        Assert.Equal([field], errors.ToDictionary().Keys);
        Assert.Single(errors.ToDictionary()[field]);
    }

    [Fact]
    public void Validate_EveryFieldBroken_ReportsEveryField()
    {
        var errors = new FieldErrors();
        var request = new GenerateLinkRequest("yesterday", new string('n', 501), 0, new LinkContactRequest(new string('i', 201), new string('j', 201), "nope"));

        var result = GenerateLinkValidator.Validate(request, Now, errors);

        Assert.Null(result);
        Assert.Equal(
            ["contact.email", "contact.id", "contact.name", "expiresAt", "maxUses", "note"],
            errors.ToDictionary().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validate_FullValidRequest_ReturnsParsedValues()
    {
        var errors = new FieldErrors();

        var result = GenerateLinkValidator.Validate(Valid(), Now, errors);

        Assert.True(errors.IsEmpty);
        Assert.Equal(
            new ValidGenerateLinkRequest(
                new DateTimeOffset(2026, 12, 8, 17, 0, 0, TimeSpan.FromHours(1)),
                "sent to Jane by SMS",
                1,
                new LinkContact("crm-42", "Jane Doe", "jane@example.com")),
            result);
    }

    [Fact]
    public void Validate_NullRequest_DefaultsToOneUseWithoutExpiry()
    {
        var errors = new FieldErrors();

        var result = GenerateLinkValidator.Validate(null, Now, errors);

        Assert.True(errors.IsEmpty);
        Assert.Equal(new ValidGenerateLinkRequest(null, null, 1, null), result);
    }

    [Fact]
    public void Validate_ExpiryOneSecondAhead_IsAccepted()
    {
        var errors = new FieldErrors();

        var result = GenerateLinkValidator.Validate(Valid() with { ExpiresAt = "2026-12-07T07:00:01Z" }, Now, errors);

        Assert.True(errors.IsEmpty);
        Assert.Equal(Now.AddSeconds(1), result!.ExpiresAt);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    public void Validate_MaxUsesAtTheBounds_IsAccepted(int maxUses)
    {
        var errors = new FieldErrors();

        var result = GenerateLinkValidator.Validate(Valid() with { MaxUses = maxUses }, Now, errors);

        Assert.True(errors.IsEmpty);
        Assert.Equal(maxUses, result!.MaxUses);
    }

    [Fact]
    public void Validate_NoteOf500Characters_IsAccepted()
    {
        var errors = new FieldErrors();
        var note = new string('n', 500);

        var result = GenerateLinkValidator.Validate(Valid() with { Note = note }, Now, errors);

        Assert.True(errors.IsEmpty);
        Assert.Equal(note, result!.Note);
    }

    [Fact]
    public void Validate_PaddedTextFields_AreTrimmed()
    {
        var errors = new FieldErrors();
        var request = Valid() with { Note = "  hello  ", Contact = new LinkContactRequest(" 7 ", " Jane ", " jane@example.com ") };

        var result = GenerateLinkValidator.Validate(request, Now, errors);

        Assert.True(errors.IsEmpty);
        Assert.Equal("hello", result!.Note);
        Assert.Equal(new LinkContact("7", "Jane", "jane@example.com"), result.Contact);
    }

    [Fact]
    public void Validate_ContactWithOnlyBlankFields_HasNoContact()
    {
        var errors = new FieldErrors();

        var result = GenerateLinkValidator.Validate(Valid() with { Contact = new LinkContactRequest("", "  ", null) }, Now, errors);

        Assert.True(errors.IsEmpty);
        Assert.Null(result!.Contact);
    }
}
