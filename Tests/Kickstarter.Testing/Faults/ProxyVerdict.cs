namespace Kickstarter.Testing.Faults;

/// <summary>What <see cref="HttpFaultProxy"/> does with one request.</summary>
public enum ProxyVerdict
{
    /// <summary>Pass it to the real server and hand back its answer.</summary>
    Forward,

    /// <summary>Answer with the fault, never reaching the server: the write did not happen.</summary>
    Fail,

    /// <summary>Pass it to the server (the write lands), then throw the answer away and answer with the fault.</summary>
    ForwardThenFail,
}
