using Alerting.Diagnostics;
using Alerting.Incidents;
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
        return Use(builder, services =>
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
        return Use(builder, connection);
    }

    private static AlertingBuilder Use(AlertingBuilder builder, Func<IServiceProvider, IConnectionMultiplexer> connection)
    {
        builder.Services.AddOptions<RedisOptions>()
            .Validate(o => !string.IsNullOrEmpty(o.KeyPrefix), "Alerting:Redis:KeyPrefix must not be empty.")
            .Validate(o => o.StepLease > TimeSpan.Zero, "Alerting:Redis:StepLease must be positive.")
            .Validate(o => o.StepPollInterval > TimeSpan.Zero && o.StepPollInterval <= o.StepLease, "Alerting:Redis:StepPollInterval must be positive and at most StepLease.")
            .ValidateOnStart();
        builder.Services.TryAddKeyedSingleton<IConnectionMultiplexer>(typeof(RedisIncidentStore), (services, _) => connection(services));
        builder.Services.Replace(ServiceDescriptor.Singleton<IIncidentStore>(services => new RedisIncidentStore(
            services.GetRequiredKeyedService<IConnectionMultiplexer>(typeof(RedisIncidentStore)),
            services.GetRequiredService<IOptions<RedisOptions>>().Value,
            services.GetService<ILogger<RedisIncidentStore>>())));
        builder.Services.Replace(ServiceDescriptor.Singleton<IIncidentSchedule>(services => new RedisIncidentSchedule(
            services.GetRequiredKeyedService<IConnectionMultiplexer>(typeof(RedisIncidentStore)),
            services.GetRequiredService<IOptions<RedisOptions>>().Value,
            services.GetService<ILogger<RedisIncidentSchedule>>())));
        builder.Services.Replace(ServiceDescriptor.Singleton<IThresholdStore>(services => new RedisThresholdStore(
            services.GetRequiredKeyedService<IConnectionMultiplexer>(typeof(RedisIncidentStore)),
            services.GetRequiredService<IOptions<RedisOptions>>().Value,
            services.GetService<ILogger<RedisThresholdStore>>())));
        builder.Services.Replace(ServiceDescriptor.Singleton<INotificationHistoryStore>(services => new RedisNotificationHistory(
            services.GetRequiredKeyedService<IConnectionMultiplexer>(typeof(RedisIncidentStore)),
            services.GetRequiredService<IOptions<RedisOptions>>().Value,
            Math.Max(1, services.GetRequiredService<IOptions<AlertingOptions>>().Value.HistoryCapacity),
            services.GetRequiredService<TimeProvider>(),
            services.GetService<ILogger<RedisNotificationHistory>>())));
        return builder;
    }

    /// <summary>The configuration string's options, not failing the app's start when the server is not there yet (StackExchange.Redis reconnects).</summary>
    private static ConfigurationOptions ConnectOptions(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        return options;
    }
}
