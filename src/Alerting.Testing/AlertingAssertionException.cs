namespace Alerting.Testing;

/// <summary>
/// Thrown by the checks of <c>Alerting.Testing</c> (a recorded channel's <c>Single</c>, a conformance case) when what
/// happened is not what was expected; the message says what was expected and what happened. Every test framework
/// reports it as a failed test.
/// </summary>
public sealed class AlertingAssertionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AlertingAssertionException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    /// <param name="message">What was expected and what happened.</param>
    public AlertingAssertionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    /// <param name="message">What was expected and what happened.</param>
    /// <param name="innerException">The cause.</param>
    public AlertingAssertionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
