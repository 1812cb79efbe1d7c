using System.Net;
using System.Net.Sockets;
using Garnet;
using Garnet.server;
using StackExchange.Redis;

namespace Alerting.IntegrationTests.Redis;

/// <summary>
/// A real Redis-protocol server for the shared-state tests: Microsoft Garnet hosted in this process on 127.0.0.1, in
/// memory only, with Lua scripts run as transactions (atomic against other connections, as on Redis). With
/// <c>ALERTING_TEST_REDIS</c> set (<c>host:port</c>), the tests use that server instead: <c>.ci/run</c> points them at
/// Debian's redis-server so both servers are exercised.
/// </summary>
internal sealed partial class RedisTestServer : IDisposable
{
    private readonly GarnetServer? _garnet;

    private RedisTestServer(GarnetServer? garnet, string configuration)
    {
        _garnet = garnet;
        Configuration = configuration;
    }

    /// <summary>Gets the StackExchange.Redis configuration string of the server.</summary>
    public string Configuration { get; }

    /// <summary>Gets which server this is, for test output.</summary>
    public string Kind => _garnet is null ? "external Redis" : "Garnet in-process";

    /// <summary>Starts a server; on <paramref name="port"/> when given (to start one again where a stopped one was), else on a free port.</summary>
    public static RedisTestServer Start(int? port = null) => External() ?? StartGarnet(port);

    /// <summary>The server of <c>ALERTING_TEST_REDIS</c>, or null when it is not set.</summary>
    public static RedisTestServer? External() =>
        Environment.GetEnvironmentVariable("ALERTING_TEST_REDIS") is { Length: > 0 } external ? new RedisTestServer(null, external + ",allowAdmin=true") : null;

    /// <summary>Starts Garnet in this process, whatever <c>ALERTING_TEST_REDIS</c> says; on <paramref name="port"/> when given, else on a free port.</summary>
    public static RedisTestServer StartGarnet(int? port = null)
    {
        port ??= FreePort();
        var garnet = new GarnetServer(new GarnetServerOptions
        {
            EndPoints = [new IPEndPoint(IPAddress.Loopback, port.Value)],
            EnableLua = true,
            LuaOptions = new LuaOptions(),
            LuaTransactionMode = true,
            EnableAOF = false,
            EnableStorageTier = false,
            CheckpointFrequencySecs = 0,
            LogMemorySize = "64m",
            PageSize = "1m",
            IndexMemorySize = "1m",
            QuietMode = true,
        });
        garnet.Start();
        return new RedisTestServer(garnet, $"127.0.0.1:{port},allowAdmin=true");
    }

    /// <summary>A new connection, as each replica of an app has its own.</summary>
    public ConnectionMultiplexer Connect() => ConnectionMultiplexer.Connect(Configuration);

    public void Dispose() => _garnet?.Dispose();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// The replicas of an app as the shared-state contract tests see them: one server for the fixture, a connection per
/// replica, a key prefix per test (so tests never see each other's keys).
/// </summary>
internal sealed class RedisReplicas : IDisposable
{
    private readonly List<ConnectionMultiplexer> _connections = [];
    private readonly RedisTestServer _server = RedisTestServer.Start();

    /// <summary><paramref name="count"/> stores made by <paramref name="create"/>, each over its own connection, sharing one fresh prefix.</summary>
    public IReadOnlyList<T> Create<T>(int count, Func<ConnectionMultiplexer, Alerting.Redis.RedisOptions, T> create)
    {
        var options = new Alerting.Redis.RedisOptions { KeyPrefix = $"test-{Guid.NewGuid():N}:" };
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var connection = _server.Connect();
            _connections.Add(connection);
            return create(connection, options);
        })];
    }

    public void Dispose()
    {
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }

        _server.Dispose();
    }
}
