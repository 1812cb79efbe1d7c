namespace Alerting.Testing;

/// <summary>
/// One case of the notifier conformance suite: a name and a run that throws an <see cref="AlertingAssertionException"/>
/// listing every check that failed. Give it to a test framework as a test case: its <see cref="ToString"/> is its name.
/// </summary>
public sealed class NotifierConformanceCase
{
    private readonly Func<CancellationToken, Task> _run;

    internal NotifierConformanceCase(string name, Func<CancellationToken, Task> run)
    {
        Name = name;
        _run = run;
    }

    /// <summary>Gets the case's name: what it checks and the outcome it expects.</summary>
    public string Name { get; }

    /// <summary>Runs the case against a fresh notifier and stand-in provider.</summary>
    /// <param name="cancellationToken">Stops the case.</param>
    /// <returns>A task that completes when every check passed.</returns>
    /// <exception cref="AlertingAssertionException">A check failed; the message lists every check that did.</exception>
    public Task RunAsync(CancellationToken cancellationToken = default) => _run(cancellationToken);

    /// <summary>The case's name.</summary>
    /// <returns>The name.</returns>
    public override string ToString() => Name;
}
