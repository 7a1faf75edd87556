using Avro;

namespace Kickstarter.Connectors.Kafka.SchemaRegistry;

/// <summary>
/// The registry's state, in memory: schemas by id (one id per distinct schema, shared by every subject that registers
/// it, as the Confluent registry does), each subject's versions, the global and per-subject compatibility levels.
/// Thread-safe; everything happens under one lock (the registry sees a handful of requests per run).
/// </summary>
internal sealed class SchemaRegistryStore
{
    private readonly object _gate = new();
    private readonly List<string> _schemasById = [];
    private readonly Dictionary<string, int> _idsBySchema = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, List<int>> _subjects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _subjectLevels = new(StringComparer.Ordinal);
    private string _globalLevel = CompatibilityLevels.Backward;

    /// <summary>One version of a subject.</summary>
    public sealed record Version(string Subject, int Number, int Id, string Schema);

    /// <summary>Registers <paramref name="schemaText"/> under <paramref name="subject"/> (or finds it there); its id.</summary>
    public int Register(string subject, string schemaText)
    {
        var schema = Parse(schemaText);
        var canonical = schema.ToString();
        lock (_gate)
        {
            if (_subjects.TryGetValue(subject, out var ids)
                && ids.FirstOrDefault(id => _schemasById[id - 1] == canonical) is > 0 and var known)
            {
                return known;
            }

            var existing = ids?.Select(id => Schema.Parse(_schemasById[id - 1])).ToList() ?? [];
            if (AvroCompatibility.Check(LevelOf(subject), schema, existing) is { } problem)
            {
                throw SchemaRegistryError.Incompatible(problem);
            }

            if (!_idsBySchema.TryGetValue(canonical, out var newId))
            {
                _schemasById.Add(canonical);
                newId = _schemasById.Count;
                _idsBySchema[canonical] = newId;
            }

            if (ids is null)
            {
                _subjects[subject] = ids = [];
            }

            ids.Add(newId);
            return newId;
        }
    }

    /// <summary>The schema with this id.</summary>
    public string SchemaById(int id)
    {
        lock (_gate)
        {
            return id >= 1 && id <= _schemasById.Count ? _schemasById[id - 1] : throw SchemaRegistryError.SchemaNotFound($"id {id}");
        }
    }

    public IReadOnlyList<string> Subjects()
    {
        lock (_gate)
        {
            return [.. _subjects.Keys];
        }
    }

    public IReadOnlyList<int> Versions(string subject)
    {
        lock (_gate)
        {
            return [.. Enumerable.Range(1, IdsOf(subject).Count)];
        }
    }

    /// <summary>A version by number, or the latest for -1.</summary>
    public Version GetVersion(string subject, int number)
    {
        lock (_gate)
        {
            var ids = IdsOf(subject);
            var index = number == -1 ? ids.Count : number;
            return index >= 1 && index <= ids.Count
                ? new Version(subject, index, ids[index - 1], _schemasById[ids[index - 1] - 1])
                : throw SchemaRegistryError.VersionNotFound(subject, number);
        }
    }

    /// <summary>The version of <paramref name="subject"/> that holds <paramref name="schemaText"/>.</summary>
    public Version Lookup(string subject, string schemaText)
    {
        var canonical = Parse(schemaText).ToString();
        lock (_gate)
        {
            var ids = IdsOf(subject);
            var index = ids.FindIndex(id => _schemasById[id - 1] == canonical);
            return index >= 0
                ? new Version(subject, index + 1, ids[index], canonical)
                : throw SchemaRegistryError.SchemaNotFound($"under subject '{subject}'");
        }
    }

    /// <summary>Whether <paramref name="schemaText"/> meets the subject's level against version <paramref name="number"/> (-1 latest); why
    /// not.</summary>
    public string? CheckCompatibility(string subject, int number, string schemaText)
    {
        var schema = Parse(schemaText);
        lock (_gate)
        {
            var version = GetVersion(subject, number);
            var level = LevelOf(subject);
            // Against one given version, a transitive level means the same as its plain form.
            var plain = level.Replace("_TRANSITIVE", "", StringComparison.Ordinal);
            return AvroCompatibility.Check(plain, schema, [Schema.Parse(version.Schema)]);
        }
    }

    public string GlobalLevel
    {
        get { lock (_gate)
            {
                return _globalLevel;
            }
        }
    }

    public void SetGlobalLevel(string level)
    {
        lock (_gate)
        {
            _globalLevel = level;
        }
    }

    /// <summary>The subject's own level, or null when it has none.</summary>
    public string? SubjectLevel(string subject)
    {
        lock (_gate)
        {
            return _subjectLevels.GetValueOrDefault(subject);
        }
    }

    public void SetSubjectLevel(string subject, string level)
    {
        lock (_gate)
        {
            _subjectLevels[subject] = level;
        }
    }

    private string LevelOf(string subject) => _subjectLevels.GetValueOrDefault(subject) ?? _globalLevel;

    private List<int> IdsOf(string subject) =>
        _subjects.TryGetValue(subject, out var ids) ? ids : throw SchemaRegistryError.SubjectNotFound(subject);

    private static Schema Parse(string schemaText)
    {
        try
        {
            return Schema.Parse(schemaText);
        }
        catch (Exception ex) when (ex is SchemaParseException or AvroException or Newtonsoft.Json.JsonException)
        {
            throw SchemaRegistryError.InvalidSchema(ex.Message);
        }
    }
}
