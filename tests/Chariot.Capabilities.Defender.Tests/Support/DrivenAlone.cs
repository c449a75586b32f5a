namespace Chariot.Capabilities.Defender.Tests.Support;

/// <summary>The tests that drive a fake clock with <see cref="TimeDriver"/> run without other tests beside them.</summary>
[CollectionDefinition(TimeDriver.Alone, DisableParallelization = true)]
public sealed class DrivenAlone
{
}
