using Kickstarter.Testing;

namespace Kickstarter.IntegrationTests.Infrastructure;

/// <summary>
/// What the kubelet projects into every container whose pod mounts its ServiceAccount token:
/// <c>/var/run/secrets/kubernetes.io/serviceaccount/</c> with <c>token</c>, <c>ca.crt</c> and <c>namespace</c>. The
/// Kubernetes client's in-cluster configuration (KubernetesClient's <c>InClusterConfig</c>, the default of Orleans'
/// <c>KubernetesHostingOptions.GetClientConfiguration</c>) reads exactly that path, which no setting moves. So the files
/// are written to a temporary folder, and the silo runs in a private mount namespace (<c>unshare --mount</c>) where that
/// folder is bind-mounted over <c>/run</c> (<c>/var/run</c> links there): the silo sees the pod's files, this machine's
/// <c>/run</c> is never written, and the mount ends with the process.
/// </summary>
public sealed class PodServiceAccountMount : IAsyncDisposable
{
    private readonly TemporaryDirectory _root;

    private PodServiceAccountMount(TemporaryDirectory root) => _root = root;

    /// <summary>The folder mounted over <c>/run</c>.</summary>
    public string RunFolder => Path.Combine(_root.Path, "run");

    /// <summary>Writes the three files as the kubelet would.</summary>
    public static async Task<PodServiceAccountMount> CreateAsync(string token, string caCertificatePem, string @namespace)
    {
        var root = TemporaryDirectory.Create("kickstarter-pod-run-");
        var mount = new PodServiceAccountMount(root);
        var folder = Path.Combine(mount.RunFolder, "secrets", "kubernetes.io", "serviceaccount");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "token"), token);
        await File.WriteAllTextAsync(Path.Combine(folder, "ca.crt"), caCertificatePem);
        await File.WriteAllTextAsync(Path.Combine(folder, "namespace"), @namespace);
        return mount;
    }

    /// <summary>
    /// The launcher for <see cref="SiloProcess.StartThrough"/>: <c>unshare</c> (util-linux) gives the process its own
    /// mount namespace (as root; otherwise inside a user namespace mapping this user to root, where mounting is allowed
    /// too), mounts <see cref="RunFolder"/> over the real path of <c>/var/run</c>, then execs the silo with its environment intact.
    /// </summary>
    public IReadOnlyList<string> Launcher()
    {
        List<string> unshare = Environment.UserName == "root"
            ? ["unshare", "--mount", "--propagation", "private"]
            : ["unshare", "--user", "--map-root-user", "--mount", "--propagation", "private"];
        const string mountThenExec = "mount --bind \"$1\" \"$(readlink -f /var/run)\" && shift && exec \"$@\"";
        // bash, not sh: Debian's sh (dash) drops environment variables whose names are no shell identifiers, such as
        // the pod's Kafka__Properties__sasl.username; bash passes them on.
        return [.. unshare, "--", "/bin/bash", "-c", mountThenExec, "pod-run", RunFolder];
    }

    public ValueTask DisposeAsync() => _root.DisposeAsync();
}
