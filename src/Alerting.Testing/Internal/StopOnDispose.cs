using Microsoft.Extensions.Hosting;

namespace Alerting.Testing.Internal;

/// <summary>
/// Stops Alerting's dispatch when the service provider is disposed, before the provider disposes dispatch itself, moving
/// the fake clock for its drain (<see cref="AlertingTestHarness.StopAsync"/>), so a disposal never waits for a clock
/// nobody moves. Resolving the harness resolves this first.
/// </summary>
internal sealed class StopOnDispose(IHostedService? dispatch, AlertingTestHarness harness) : IAsyncDisposable
{
    /// <summary>Gets the harness that moves the clock.</summary>
    public AlertingTestHarness Harness => harness;

    public async ValueTask DisposeAsync()
    {
        if (dispatch is not null)
        {
            await harness.StopAsync(dispatch).ConfigureAwait(false);
        }
    }
}
