namespace OneTimeLinks.Core.Validation;

/// <summary>
/// An outcome that refused its input, every field error at once. Each operation's outcomes are its own closed set; the
/// kinds they share say so here, so a caller answers them one way (the API: 422 with the errors).
/// </summary>
public interface IInvalidOutcome
{
    FieldErrors Errors { get; }
}

/// <summary>An outcome of an operation on a calendar that does not exist (the API: 404 for the calendar).</summary>
public interface ICalendarNotFoundOutcome;
