namespace OneTimeLinks.Functions.Pages;

/// <summary>The document around every public page: language, viewport, the app's own CSS and (optionally) script.</summary>
internal static class PageLayout
{
    public static string Render(string title, Markup body, string styleSheetUrl, string? scriptUrl)
    {
        var html = new HtmlBuilder();
        html.Append($"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex, nofollow">
            <meta name="referrer" content="no-referrer">
            <title>{title}</title>
            <link rel="icon" href="data:,">
            <link rel="stylesheet" href="{styleSheetUrl}">

            """);
        if (scriptUrl is not null)
        {
            // Not deferred: it only marks the document as scripted before first paint, then waits for the DOM.
            html.Append($"""
                <script src="{scriptUrl}"></script>

                """);
        }

        html.Append($"""
            </head>
            <body>
            <main class="page" id="main">
            {body}
            </main>
            </body>
            </html>

            """);
        return html.ToString();
    }
}
