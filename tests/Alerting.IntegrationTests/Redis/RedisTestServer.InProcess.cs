using NUnit.Framework;

namespace Alerting.IntegrationTests.Redis;

/// <summary>What only the tests need of the server (the benchmarks link the rest of the class, without NUnit).</summary>
internal sealed partial class RedisTestServer
{
    /// <summary>
    /// Starts the in-process server, for a test that stops it (and starts it again) mid-run; with an external server
    /// (<c>ALERTING_TEST_REDIS</c>) the test is ignored, as the test cannot stop that one.
    /// </summary>
    public static RedisTestServer StartInProcess()
    {
        var server = Start();
        if (server._garnet is null)
        {
            server.Dispose();
            Assert.Ignore("Stopping the server mid-test needs the in-process one.");
        }

        return server;
    }
}
