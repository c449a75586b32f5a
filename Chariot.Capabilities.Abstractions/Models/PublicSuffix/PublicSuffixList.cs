using System.Reflection;
using System.Text;

namespace Chariot.Capabilities.Models.PublicSuffix;

/// <summary>
/// The public suffix of a domain, answered as Go's <c>golang.org/x/net/publicsuffix.PublicSuffix</c> answers it, from
/// the pinned copy of the list embedded in this assembly (see <c>Models/PublicSuffix/README.md</c>). Labels are
/// compared as they are written (the list is lower case, so <c>EXAMPLE.COM</c> matches no rule), rules are built as Go's
/// table generator builds them (Unicode rules in Punycode; a node is ICANN unless a private rule ends on it), and the
/// <c>*</c> rule prevails when none matches.
/// </summary>
internal static class PublicSuffixList
{
    private static readonly Lazy<Node> Root = new(Load);

    /// <summary>The public suffix of <paramref name="domain"/>, and whether it is managed by ICANN.</summary>
    public static (string Suffix, bool Icann) PublicSuffix(string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        if (GoNet.TryParseAddress(domain, allowZone: true, out _))
        {
            // Go's netip.ParseAddr: an address has no domain hierarchy.
            return (domain, false);
        }

        var node = Root.Value;
        var rest = domain.AsSpan();
        int suffix = domain.Length;
        bool icann = false, icannNode = false, wildcard = false;
        while (true)
        {
            var dot = rest.LastIndexOf('.');
            if (wildcard)
            {
                icann = icannNode;
                suffix = 1 + dot;
            }

            if (node.Children is not { } children || !children.TryGetValue(rest[(1 + dot)..], out var child))
            {
                break;
            }

            node = child;
            icannNode = node.Icann;
            if (node.Type == NodeType.Normal)
            {
                suffix = 1 + dot;
            }
            else if (node.Type == NodeType.Exception)
            {
                suffix = 1 + rest.Length;
                break;
            }

            wildcard = node.Wildcard;
            if (!wildcard)
            {
                icann = icannNode;
            }

            if (dot == -1)
            {
                break;
            }

            rest = rest[..dot];
        }

        return suffix == domain.Length
            ? (domain[(1 + domain.LastIndexOf('.'))..], icann)
            : (domain[suffix..], icann);
    }

    private static Node Load()
    {
        using var stream = typeof(PublicSuffixList).Assembly.GetManifestResourceStream("public_suffix_list.dat")
            ?? throw new InvalidOperationException("The embedded public suffix list is missing from the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var root = new Node();
        var icann = false;
        while (reader.ReadLine() is { } line)
        {
            var rule = line.Trim();
            if (rule.Contains("BEGIN ICANN DOMAINS", StringComparison.Ordinal))
            {
                icann = true;
                continue;
            }

            if (rule.Contains("END ICANN DOMAINS", StringComparison.Ordinal))
            {
                icann = false;
                continue;
            }

            if (rule.Length == 0 || rule.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            Add(root, GoIdna.ToAscii(rule), icann);
        }

        return root;
    }

    // Go's gen.go: a node is made parent-only and ICANN; the rule's own node takes the rule's type (unless already set),
    // loses ICANN if a private rule ends on it, and gains the wildcard of a "*." rule.
    private static void Add(Node root, string rule, bool icann)
    {
        var type = NodeType.Normal;
        var wildcard = false;
        if (rule.StartsWith("*.", StringComparison.Ordinal))
        {
            (rule, type, wildcard) = (rule[2..], NodeType.ParentOnly, true);
        }
        else if (rule.StartsWith('!'))
        {
            (rule, type) = (rule[1..], NodeType.Exception);
        }

        var labels = rule.Split('.');
        var node = root;
        for (var i = labels.Length - 1; i >= 0; i--)
        {
            node = node.Child(labels[i]);
        }

        if (type != NodeType.ParentOnly && node.Type == NodeType.ParentOnly)
        {
            node.Type = type;
        }

        node.Icann &= icann;
        node.Wildcard |= wildcard;
    }

    private enum NodeType
    {
        Normal,
        Exception,
        ParentOnly,
    }

    private sealed class Node
    {
        private Dictionary<string, Node>? _children;

        public NodeType Type { get; set; } = NodeType.ParentOnly;

        public bool Icann { get; set; } = true;

        public bool Wildcard { get; set; }

        public Dictionary<string, Node>.AlternateLookup<ReadOnlySpan<char>>? Children =>
            _children?.GetAlternateLookup<ReadOnlySpan<char>>();

        public Node Child(string label)
        {
            _children ??= new Dictionary<string, Node>(StringComparer.Ordinal);
            if (!_children.TryGetValue(label, out var child))
            {
                child = new Node();
                _children[label] = child;
            }

            return child;
        }
    }
}
