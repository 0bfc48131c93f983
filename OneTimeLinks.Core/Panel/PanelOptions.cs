namespace OneTimeLinks.Core.Panel;

/// <summary>Configuration section <c>Panel</c>.</summary>
public sealed class PanelOptions
{
    public const string SectionName = "Panel";

    /// <summary>The path of the panel's pages, ending in '/'; set by the host, like the link and manage paths.</summary>
    public string PanelPath { get; set; } = "";
}
