using System.Text;
using System.Text.RegularExpressions;

namespace Kickstarter.IntegrationTests.Infrastructure;

/// <summary>
/// One statement of a Terraform <c>aws_iam_policy_document</c>, its resources evaluated. <see cref="Dynamic"/>
/// statements exist only when their <c>for_each</c> is not empty (e.g. a KMS key is configured).
/// </summary>
public sealed record PolicyStatement(
    string Sid, IReadOnlyList<string> Actions, IReadOnlyList<string> Resources, IReadOnlyList<PolicyCondition> Conditions, bool Dynamic);

/// <summary>A statement's condition: operator (<c>StringLike</c>), context key (<c>s3:prefix</c>) and values.</summary>
public sealed record PolicyCondition(string Test, string Variable, IReadOnlyList<string> Values);

/// <summary>
/// Reads a <c>data "aws_iam_policy_document" "NAME"</c> block from a module's HCL, as Terraform would render it, for
/// the subset the modules use: <c>statement</c> and <c>dynamic "statement"</c> blocks with <c>sid</c>, <c>effect</c>,
/// <c>actions</c>, <c>resources</c> and <c>condition</c> blocks. Resource expressions are evaluated: literals with
/// <c>${...}</c> interpolation, <c>local.X</c> from the module's <c>locals</c> (one-line definitions),
/// <c>var.X</c> from the variables' defaults, and whatever <c>references</c> answers (resource attributes only AWS
/// knows, such as ARNs). Anything else fails the read, so a policy the parser does not understand cannot pass a test.
/// </summary>
public static partial class TerraformPolicyDocument
{
    public static IReadOnlyList<PolicyStatement> Read(
        string moduleDirectory, string file, string name, IReadOnlyDictionary<string, string> references)
    {
        var hcl = File.ReadAllText(Path.Combine(moduleDirectory, file));
        var module = string.Join("\n", Directory.GetFiles(moduleDirectory, "*.tf").Select(File.ReadAllText));
        var defaults = VariableDefaults(module);
        var header = $"data \"aws_iam_policy_document\" \"{name}\" {{";
        var start = hcl.IndexOf(header, StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidOperationException($"{file} has no `{header}`.");
        }

        var body = BlockBody(hcl, start + header.Length - 1);
        var statements = new List<PolicyStatement>();
        foreach (var (kind, block) in Blocks(body))
        {
            if (kind is "statement" or "dynamic \"statement\"")
            {
                var dynamic = kind != "statement";
                var content = dynamic ? Blocks(block).Single(b => b.Kind == "content").Body : block;
                statements.Add(Statement(content, dynamic, expression => Evaluate(expression, module, defaults, references, dynamic)));
            }
        }

        return statements;
    }

    /// <summary>The default of variable <paramref name="name"/> in the module, unquoted.</summary>
    public static string VariableDefault(string moduleDirectory, string name)
    {
        var module = string.Join("\n", Directory.GetFiles(moduleDirectory, "*.tf").Select(File.ReadAllText));
        return VariableDefaults(module).TryGetValue(name, out var value)
            ? Unquote(value)
            : throw new InvalidOperationException($"The module has no variable '{name}' with a default.");
    }

    private static PolicyStatement Statement(string body, bool dynamic, Func<string, string> evaluate)
    {
        var attributes = Attributes(body);
        if (attributes.TryGetValue("effect", out var effect) && Unquote(effect) != "Allow")
        {
            throw new InvalidOperationException($"Only Allow statements are understood; got effect {effect}.");
        }

        var conditions = Blocks(body).Where(b => b.Kind == "condition").Select(b => Attributes(b.Body)).Select(c => new PolicyCondition(
            Unquote(c["test"]), Unquote(c["variable"]), [.. List(c["values"]).Select(evaluate)])).ToList();
        return new PolicyStatement(
            attributes.TryGetValue("sid", out var sid) ? Unquote(sid) : "(no sid)",
            [.. List(attributes["actions"]).Select(Unquote)],
            [.. List(attributes["resources"]).Select(evaluate)],
            conditions,
            dynamic);
    }

    private static string Evaluate(
        string expression, string module, Dictionary<string, string> defaults, IReadOnlyDictionary<string, string> references, bool dynamic)
    {
        expression = expression.Trim();
        if (references.TryGetValue(expression, out var known))
        {
            return known;
        }

        if (expression.StartsWith('"') && expression.EndsWith('"'))
        {
            return Interpolation().Replace(expression[1..^1], m => Evaluate(m.Groups[1].Value, module, defaults, references, dynamic));
        }

        if (expression.StartsWith("var.", StringComparison.Ordinal) && defaults.TryGetValue(expression[4..], out var value))
        {
            return Unquote(value);
        }

        var definition = expression.StartsWith("local.", StringComparison.Ordinal)
            ? new Regex(@"^\s*" + Regex.Escape(expression[6..]) + @"\s*=\s*(.+?)\s*$", RegexOptions.Multiline).Match(module)
            : Match.Empty;
        if (definition is { Success: true } local)
        {
            return Evaluate(local.Groups[1].Value, module, defaults, references, dynamic);
        }

        // A dynamic block's iterator value (statement.value) is whatever its for_each holds: left as written.
        if (dynamic && expression.StartsWith("statement.", StringComparison.Ordinal))
        {
            return expression;
        }

        throw new InvalidOperationException(
            $"The policy expression `{expression}` is neither a literal, a local, a variable default nor a given reference.");
    }

    /// <summary>The text between the brace at <paramref name="open"/> and its partner (strings and interpolations skipped).</summary>
    private static string BlockBody(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] == '"')
            {
                i = StringEnd(text, i);
                continue;
            }

            if (text[i] == '{')
            {
                depth++;
            }
            else if (text[i] == '}' && --depth == 0)
            {
                return text[(open + 1)..i];
            }
        }

        throw new InvalidOperationException("Unbalanced braces in the HCL.");
    }

    private static int StringEnd(string text, int quote)
    {
        for (var i = quote + 1; i < text.Length; i++)
        {
            if (text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == '"')
            {
                return i;
            }
        }

        throw new InvalidOperationException("Unterminated string in the HCL.");
    }

    /// <summary>The nested blocks directly inside <paramref name="body"/>: (kind with label, body).</summary>
    private static List<(string Kind, string Body)> Blocks(string body)
    {
        var blocks = new List<(string, string)>();
        foreach (Match header in BlockHeader().Matches(body))
        {
            if (Depth(body, header.Index) != 0)
            {
                continue;
            }

            var open = header.Index + header.Length - 1;
            blocks.Add((header.Groups["kind"].Value.Trim(), BlockBody(body, open)));
        }

        return blocks;
    }

    /// <summary><c>name = value</c> pairs directly inside <paramref name="body"/>; a value may span lines when it is a list.</summary>
    private static Dictionary<string, string> Attributes(string body)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match attribute in AttributeStart().Matches(body))
        {
            if (Depth(body, attribute.Index) != 0)
            {
                continue;
            }

            var valueStart = attribute.Index + attribute.Length;
            var value = body[valueStart] == '[' ? body[valueStart..(ListEnd(body, valueStart) + 1)] : body[valueStart..].Split('\n')[0];
            attributes[attribute.Groups[1].Value] = value.Trim();
        }

        return attributes;
    }

    private static int ListEnd(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] == '"')
            {
                i = StringEnd(text, i);
            }
            else if (text[i] == '[')
            {
                depth++;
            }
            else if (text[i] == ']' && --depth == 0)
            {
                return i;
            }
        }

        throw new InvalidOperationException("Unbalanced brackets in the HCL.");
    }

    /// <summary>How many braces and brackets are open at <paramref name="index"/> of <paramref name="body"/>.</summary>
    private static int Depth(string body, int index)
    {
        var depth = 0;
        for (var i = 0; i < index; i++)
        {
            if (body[i] == '"')
            {
                i = StringEnd(body, i);
            }
            else if (body[i] is '{' or '[')
            {
                depth++;
            }
            else if (body[i] is '}' or ']')
            {
                depth--;
            }
        }

        return depth;
    }

    /// <summary>The elements of a list expression <c>[a, "b", ...]</c>, or the single expression when it is not a list.</summary>
    private static List<string> List(string expression)
    {
        expression = expression.Trim();
        if (!expression.StartsWith('['))
        {
            return [expression];
        }

        var items = new List<string>();
        var current = new StringBuilder();
        for (var i = 1; i < expression.Length - 1; i++)
        {
            if (expression[i] == '"')
            {
                var end = StringEnd(expression, i);
                current.Append(expression, i, end - i + 1);
                i = end;
            }
            else if (expression[i] == ',')
            {
                items.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(expression[i]);
            }
        }

        items.Add(current.ToString());
        return [.. items.Select(item => item.Trim()).Where(item => item.Length > 0)];
    }

    private static string Unquote(string text) => text.Trim() is ['"', .. var inner, '"'] ? inner : text.Trim();

    private static Dictionary<string, string> VariableDefaults(string module)
    {
        var defaults = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match variable in VariableHeader().Matches(module))
        {
            var body = BlockBody(module, variable.Index + variable.Length - 1);
            if (Attributes(body).TryGetValue("default", out var value))
            {
                defaults[variable.Groups[1].Value] = value;
            }
        }

        return defaults;
    }

    [GeneratedRegex(@"(?<kind>[a-z_]+(?:\s+""[^""]+"")?)\s*\{", RegexOptions.Multiline)]
    private static partial Regex BlockHeader();

    [GeneratedRegex(@"(?m)^\s*([a-z_]+)\s*=\s*")]
    private static partial Regex AttributeStart();

    [GeneratedRegex(@"variable\s+""([^""]+)""\s*\{")]
    private static partial Regex VariableHeader();

    [GeneratedRegex(@"\$\{([^}]+)\}")]
    private static partial Regex Interpolation();
}
