namespace Chariot.Capabilities.Defender.Testing.Routing;

/// <summary>The base URI of each role as a client of one transport reaches it.</summary>
internal sealed record RoleAddresses(Uri Authority, Uri Graph, Uri Defender, Uri Blob)
{
    public static RoleAddresses ForCloud(FakeCloud cloud) => new(
        new Uri("https://" + cloud.AuthorityHost),
        new Uri("https://" + cloud.GraphHost),
        new Uri("https://" + cloud.DefenderHost),
        new Uri("https://" + cloud.BlobHost));
}
