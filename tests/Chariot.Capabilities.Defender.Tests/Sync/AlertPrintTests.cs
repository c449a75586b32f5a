using Chariot.Capabilities.Defender.Alerts;

namespace Chariot.Capabilities.Defender.Tests.Sync;

public sealed class AlertPrintTests
{
    [Theory]
    // The first 16 bytes of SHA-256 of the UTF-8 text, base64url without padding (computed with Python's hashlib).
    [InlineData("abc", "ungWv48Bz-pBQUDeXa4iIw")]
    [InlineData("a-1", "L4_mOmIkMh3l0KJM8wBn0w")]
    [InlineData("#risk#h1#x", "bz--9LJwajmX8U48mrT5yw")]
    public void A_fingerprint_is_the_first_half_of_the_texts_sha256_the_same_everywhere(string text, string expected)
    {
        Assert.Equal(expected, AlertPrint.Format(AlertPrint.Of(text)));
        Assert.True(AlertPrint.TryParse(expected, out var back));
        Assert.Equal(AlertPrint.Of(text), back);
    }

    [Fact]
    public void A_text_longer_than_the_stack_buffer_is_fingerprinted_all_the_same()
    {
        var long1 = new string('é', 400) + "1";
        var long2 = new string('é', 400) + "2";

        Assert.NotEqual(AlertPrint.Of(long1), AlertPrint.Of(long2));
        Assert.Equal(AlertPrint.Of(long1), AlertPrint.Of(new string('é', 400) + "1"));
    }

    [Theory]
    [InlineData("ungWv48Bz-pBQUDeXa4iI")] // 21 characters
    [InlineData("ungWv48Bz-pBQUDeXa4iIwA")] // 23
    [InlineData("ungWv48Bz+pBQUDeXa4iIw")] // base64, not base64url
    [InlineData("ungWv48Bz-pBQUDeXa4iI=")]
    [InlineData("")]
    public void Anything_else_is_not_a_fingerprint(string text) => Assert.False(AlertPrint.TryParse(text, out _));
}
