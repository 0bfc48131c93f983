using OneTimeLinks.Core.Validation;

namespace OneTimeLinks.Core.Panel;

/// <summary>Panel session ids: <c>ps_</c> and the rest as <see cref="TimeOrderedIds"/> makes them.</summary>
internal static class PanelSessionIds
{
    private static readonly TimeOrderedIds Ids = new("ps_");

    public static string New(DateTimeOffset createdAt) => Ids.New(createdAt);

    public static bool IsValid(string? id) => Ids.IsValid(id);
}
