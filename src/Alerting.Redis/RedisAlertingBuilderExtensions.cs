using Alerting.Diagnostics;
using Alerting.Incidents;
using Alerting.Monitoring;
using Alerting.Redis;
using Alerting.Rules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Alerting;

/// <summary>Shares Alerting's state between the instances of an app through a Redis-protocol server.</summary>
public static class RedisAlertingBuilderExtensions
{
    /// <summary>Shares state through the server of <see cref="RedisOptions.Configuration"/>, bound from <c>Alerting:Redis</c> in the app's configuration.</summary>
    /// <param name="builder">The Alerting builder.</param>
    /// <param name="configure">Changes the options after binding.</param>
    /// <returns>The builder.</returns>
    public static AlertingBuilder UseRedis(this AlertingBuilder builder, Action<RedisOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<RedisOptions>().Configure<IServiceProvider>((options, services) =>
        {
            if (services.GetService<IConfiguration>()?.GetSection(RedisOptions.SectionName) is { } section && section.Exists())
            {
                section.Bind(options);
            }

            configure?.Invoke(options);
        });
        return Use(builder, owned: true, services =>
        {
            var options = services.GetRequiredService<IOptions<RedisOptions>>().Value;
            return ConnectionMultiplexer.Connect(ConnectOptions(options.Configuration ??
                throw new OptionsValidationException(nameof(RedisOptions), typeof(RedisOptions), ["Alerting:Redis:Configuration is required (the server to share state through)."])));
        });
    }

    /// <summary>Shares state through the server at <paramref name="configuration"/> (<c>host:port</c>, or a StackExchange.Redis configuration string).</summary>
    /// <param name="builder">The Alerting builder.</param>
    /// <param name="configuration">The server.</param>
    /// <param name="keyPrefix">The prefix of every key; defaults to <c>alerting:</c>.</param>
    /// <returns>The builder.</returns>
    public static AlertingBuilder UseRedis(this AlertingBuilder builder, string configuration, string? keyPrefix = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        return builder.UseRedis(o =>
        {
            o.Configuration = configuration;
            o.KeyPrefix = keyPrefix ?? o.KeyPrefix;
        });
    }

    /// <summary>Shares state through a connection the app already has.</summary>
    /// <param name="builder">The Alerting builder.</param>
    /// <param name="connection">Gets the app's connection.</param>
    /// <param name="keyPrefix">The prefix of every key; defaults to <c>alerting:</c>.</param>
    /// <returns>The builder.</returns>
    public static AlertingBuilder UseRedis(this AlertingBuilder builder, Func<IServiceProvider, IConnectionMultiplexer> connection, string? keyPrefix = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(connection);
        builder.Services.AddOptions<RedisOptions>().Configure(o => o.KeyPrefix = keyPrefix ?? o.KeyPrefix);
        return Use(builder, owned: false, connection);
    }

    /// <param name="builder">The Alerting builder.</param>
    /// <param name="owned">Whether Alerting made the connection (and closes it when the app's services are disposed), rather than the app.</param>
    /// <param name="connection">Gets the connection.</param>
    private static AlertingBuilder Use(AlertingBuilder builder, bool owned, Func<IServiceProvider, IConnectionMultiplexer> connection)
    {
        builder.Services.AddOptions<RedisOptions>()
            .Validate(o => !string.IsNullOrEmpty(o.KeyPrefix), "Alerting:Redis:KeyPrefix must not be empty.")
            .Validate(o => o.TakeoverLease > TimeSpan.Zero, "Alerting:Redis:TakeoverLease must be positive.")
            .Validate(o => o.TakeoverPollInterval > TimeSpan.Zero && o.TakeoverPollInterval <= o.TakeoverLease, "Alerting:Redis:TakeoverPollInterval must be positive and at most TakeoverLease.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(services => new RedisConnection(connection(services), owned));
        builder.Services.TryAddSingleton(services => new RedisSharingStatus(
            services.GetService<ILogger<RedisSharingStatus>>(),
            services.GetService<System.Diagnostics.Metrics.IMeterFactory>(),
            services.GetService<TimeProvider>()));
        builder.Services.TryAddSingleton<ISharedStoreStatus>(services => services.GetRequiredService<RedisSharingStatus>());
        builder.Services.AddOptions<RedisOptions>().Validate(o => o.SilenceRefreshInterval > TimeSpan.Zero, "Alerting:Redis:SilenceRefreshInterval must be positive.");
        Share<IIncidentStore, RedisIncidentStore>(builder, (_, c, o, l, s) => new RedisIncidentStore(c, o, l, s));
        Share<IIncidentSchedule, RedisIncidentSchedule>(builder, (_, c, o, l, s) => new RedisIncidentSchedule(c, o, l, s));
        Share<IThresholdStore, RedisThresholdStore>(builder, (_, c, o, l, s) => new RedisThresholdStore(c, o, l, s));
        Share<IServiceHealthStore, RedisServiceHealthStore>(builder, (_, c, o, l, s) => new RedisServiceHealthStore(c, o, l, s));
        Share<IJobRunStore, RedisJobRunStore>(builder, (_, c, o, l, s) => new RedisJobRunStore(c, o, l, s));
        Share<ISilenceStore, RedisSilenceStore>(builder, (services, c, o, l, s) => new RedisSilenceStore(c, o, services.GetService<TimeProvider>(), l, s));
        Share<IRateLimitStore, RedisRateLimitStore>(builder, (_, c, o, l, s) => new RedisRateLimitStore(c, o, l, s));
        // Without ShareOutbox, no outbox is resolved (dispatch then uses the file outbox, if one is configured).
        Share<IAlertOutbox, RedisAlertOutbox>(builder, (services, c, o, l, s) => o.ShareOutbox ? new RedisAlertOutbox(c, o, services.GetService<TimeProvider>(), l, s) : null!);
        Share<INotificationHistoryStore, RedisNotificationHistory>(builder, (services, c, o, l, s) => new RedisNotificationHistory(
            c, o, Math.Max(1, services.GetRequiredService<IOptions<AlertingOptions>>().Value.HistoryCapacity), services.GetRequiredService<TimeProvider>(), l, s));
        return builder;
    }

    /// <summary>Replaces the in-process <typeparamref name="TService"/> with its shared implementation, over the app's connection and sharing status.</summary>
    private static void Share<TService, TShared>(AlertingBuilder builder, Func<IServiceProvider, IConnectionMultiplexer, RedisOptions, ILogger<TShared>?, RedisSharingStatus, TShared> create)
        where TService : class
        where TShared : class, TService =>
        builder.Services.Replace(ServiceDescriptor.Singleton<TService>(services => create(
            services,
            services.GetRequiredService<RedisConnection>().Multiplexer,
            services.GetRequiredService<IOptions<RedisOptions>>().Value,
            services.GetService<ILogger<TShared>>(),
            services.GetRequiredService<RedisSharingStatus>())));

    /// <summary>
    /// The configuration string's options, not failing the app's start when the server is not there yet
    /// (StackExchange.Redis reconnects), and failing a command at once while disconnected instead of holding it for the
    /// reconnection: the stores then decide locally at once (fail open) rather than after a timeout per decision.
    /// </summary>
    private static ConfigurationOptions ConnectOptions(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        return options;
    }
}

/// <summary>The connection the shared stores use; closed with the app's services only when Alerting made it (an app's own connection stays the app's).</summary>
internal sealed class RedisConnection(IConnectionMultiplexer multiplexer, bool owned) : IDisposable
{
    public IConnectionMultiplexer Multiplexer { get; } = multiplexer;

    public void Dispose()
    {
        if (owned)
        {
            Multiplexer.Dispose();
        }
    }
}
