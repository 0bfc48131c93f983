namespace OneTimeLinks.Functions.Http;

/// <summary>Thrown by outcome switches for a case the domain does not produce; a new outcome type must be mapped.</summary>
internal sealed class UnmappedOutcomeException(object outcome)
    : InvalidOperationException($"Unmapped outcome {outcome.GetType().Name}.");
