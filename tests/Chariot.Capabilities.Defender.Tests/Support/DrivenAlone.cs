namespace Chariot.Capabilities.Defender.Tests.Support;

/// <summary>The tests that drive a fake clock with <see cref="DrivenClock"/> run without other tests beside them.</summary>
[CollectionDefinition(DrivenClock.Alone, DisableParallelization = true)]
public sealed class DrivenAlone
{
}
