using Chariot.Capabilities.Defender.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Chariot.Capabilities.Defender.Tests.Configuration;

public sealed class SyncOptionsTests
{
    private static SyncOptions Resolve(Action<SyncOptions>? tune = null)
    {
        var services = new ServiceCollection();
        DefenderServices.Add(services);
        if (tune is not null)
        {
            services.Configure(tune);
        }

        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<SyncOptions>();
    }

    [Fact]
    public void The_defaults_are_what_the_sync_was_built_on_and_valid()
    {
        var options = Resolve();

        Assert.Equal(TimeSpan.FromDays(7), options.FullEvery);
        Assert.Equal(TimeSpan.FromHours(6), options.ChangesOverlap);
        Assert.Equal(TimeSpan.FromDays(180), options.OpenAlertMemory);
        Assert.Equal(TimeSpan.FromMinutes(10), options.AlertSettlingMargin);
        Assert.Equal(TimeSpan.FromMinutes(2), options.IdleTimeout);
        Assert.Equal(6, options.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(100), options.AttemptTimeout);
        Assert.Equal(500, options.MachinesPerSync);
        Assert.Equal(20_000, options.MaxPending);
    }

    [Fact]
    public void A_configured_value_in_range_is_the_one_resolved()
    {
        Assert.Equal(3, Resolve(o => o.MachinesPerSync = 3).MachinesPerSync);
    }

    [Theory]
    [InlineData(nameof(SyncOptions.FullEvery))]
    [InlineData(nameof(SyncOptions.IdleTimeout))]
    [InlineData(nameof(SyncOptions.MachinesPerSync))]
    [InlineData(nameof(SyncOptions.MaxRetries))]
    public void A_value_out_of_its_range_is_refused_with_its_name(string property)
    {
        Action<SyncOptions> tune = property switch
        {
            // Full reads 30 days apart would let open risks expire: Chariot keeps them 30 days.
            nameof(SyncOptions.FullEvery) => o => o.FullEvery = TimeSpan.FromDays(30),
            nameof(SyncOptions.IdleTimeout) => o => o.IdleTimeout = TimeSpan.Zero,
            nameof(SyncOptions.MachinesPerSync) => o => o.MachinesPerSync = 0,
            _ => o => o.MaxRetries = -1,
        };

        var refused = Assert.Throws<OptionsValidationException>(() => Resolve(tune));

        Assert.Contains(property, refused.Message, StringComparison.Ordinal);
    }
}
