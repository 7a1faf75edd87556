namespace Kickstarter.Connectors.Iceberg.Catalog;

/// <summary>A table name inside a (multi-level) namespace, e.g. ["apache_kickstarter", "airlines"] + "flight".</summary>
public sealed record TableIdentifier
{
    /// <summary>Creates an identifier; namespace parts and name must be non-empty and contain no '/'.</summary>
    public TableIdentifier(IReadOnlyList<string> @namespace, string name)
    {
        foreach (var part in @namespace.Append(name))
        {
            if (string.IsNullOrWhiteSpace(part) || part.Contains('/') || part is "." or "..")
            {
                throw new ArgumentException($"'{part}' is not a valid namespace part or table name");
            }
        }
        Namespace = @namespace.ToArray();
        Name = name;
    }

    /// <summary>Parses "a.b.table": the last part is the table name.</summary>
    public static TableIdentifier Parse(string dotted)
    {
        var parts = dotted.Split('.');
        return new TableIdentifier(parts[..^1], parts[^1]);
    }

    /// <summary>Namespace levels.</summary>
    public IReadOnlyList<string> Namespace { get; }

    /// <summary>Table name.</summary>
    public string Name { get; }

    /// <inheritdoc />
    public bool Equals(TableIdentifier? other) => other is not null && Name == other.Name && Namespace.SequenceEqual(other.Namespace);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(string.Join('.', Namespace), Name);

    /// <inheritdoc />
    public override string ToString() => string.Join('.', Namespace.Append(Name));
}
