namespace Alerting;

/// <summary>Thrown by <see cref="IAlertPublisher.PublishAsync"/> when the queue is full and <see cref="QueueFullMode.Reject"/> is set.</summary>
public sealed class AlertQueueFullException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public AlertQueueFullException()
        : base("The alert queue is full; the event was not accepted. Raise AlertingOptions.QueueCapacity or choose another QueueFullMode.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public AlertQueueFullException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public AlertQueueFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
