namespace OneTimeLinks.Core.Validation;

/// <summary>The page size rule every paged list shares.</summary>
internal static class Paging
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>The page size to use: the default when none was sent, else the one sent if it is in range.</summary>
    public static int PageSize(int? requested, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (requested is < 1 or > MaxPageSize)
        {
            errors.Add("pageSize", $"Must be between 1 and {MaxPageSize}.");
        }

        return requested ?? DefaultPageSize;
    }
}
