using Chariot.Capabilities.Defender.Card;
using Chariot.Capabilities.Defender.Configuration;

namespace Chariot.Capabilities.Defender.Tests.Configuration;

public sealed class CardTests
{
    [Fact]
    public void The_card_offers_the_device_and_alert_scope_settings_as_config()
    {
        var fields = DefenderCard.Create().Fields.ToDictionary(f => f.Name, StringComparer.Ordinal);

        string[] scope =
        [
            DefenderKeys.StaleDays, DefenderKeys.DeviceTags, DefenderKeys.DeviceGroups, DefenderKeys.DevicePlatforms,
            DefenderKeys.OnboardingStatus, DefenderKeys.AlertServiceSources, DefenderKeys.IncludeExcluded,
        ];
        Assert.All(scope, key => Assert.Equal((CardFieldTarget.Config, false), (fields[key].Target, fields[key].Required)));
        Assert.Equal(["false", "true"], fields[DefenderKeys.IncludeExcluded].Options);
        Assert.Equal(CardFieldType.Select, fields[DefenderKeys.IncludeExcluded].Type);
        Assert.Equal(CardFieldTarget.Secret, fields[DefenderKeys.ClientSecret].Target);
    }
}
