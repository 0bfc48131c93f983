using OneTimeLinks.Functions.Pages.Resources;

namespace OneTimeLinks.Functions.Pages;

/// <summary>A link to the same page in another language (native name, so a reader finds their own).</summary>
public sealed record LanguageChoice(string Code, string Name, string Url, bool Current);

/// <summary>What every page and the layout share: the language, its words, the assets and the language links.</summary>
public sealed record PageFrame(PageLanguage Language, PageText Text, string StyleSheetUrl, string? ScriptUrl, IReadOnlyList<LanguageChoice> Languages)
{
    public LayoutModel Layout(string title) => new(title, this);
}

/// <summary>The layout's model: the document title and the frame.</summary>
public sealed record LayoutModel(string Title, PageFrame Frame);
