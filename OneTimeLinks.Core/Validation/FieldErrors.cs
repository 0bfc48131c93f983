namespace OneTimeLinks.Core.Validation;

/// <summary>Collects validation failures per field, in the shape RFC 9457 validation problems carry them.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public bool HasField(string field) => _errors.ContainsKey(field);

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            messages = [];
            _errors[field] = messages;
        }

        messages.Add(message);
    }

    /// <summary>Adds every error of this collection to <paramref name="target"/>.</summary>
    public void CopyTo(FieldErrors target)
    {
        ArgumentNullException.ThrowIfNull(target);
        foreach (var (field, messages) in _errors)
        {
            foreach (var message in messages)
            {
                target.Add(field, message);
            }
        }
    }

    public IDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);
}
