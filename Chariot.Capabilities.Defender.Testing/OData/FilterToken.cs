namespace Chariot.Capabilities.Defender.Testing.OData;

internal enum FilterTokenKind
{
    Identifier,
    String,
    Number,
    DateTime,
    OpenParen,
    CloseParen,
    Comma,
    Colon,
    End,
}

/// <summary>One lexical token of a <c>$filter</c>; <see cref="Value"/> is already unescaped or parsed.</summary>
internal sealed record FilterToken(FilterTokenKind Kind, string Text, object? Value, int Position);
