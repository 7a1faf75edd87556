using Kickstarter.Benchmarks.Harness;
using Kickstarter.Benchmarks.Micro;
using Kickstarter.Benchmarks.Scenarios;

// dotnet run -c Release --project Benchmarks -- <scenario> [options]; see docs/benchmarks.md.
const string usage = """
    usage: Kickstarter.Benchmarks <pipeline|bare|compare|scale|live|micro> [options]
      --bookings N          bookings preloaded, both airlines (default 1000000; scale 500000)
      --flyers N            flyer pool size (default 100; scale 1000000)
      --partitions N        partitions per topic (default 16)
      --seed N              generator seed (default 20261125)
      --commit-interval S   Committer:CommitInterval and the bare loop's, seconds (default 10)
      --event-rate R        preload event-time rate per airline (default 50000/s)
      --rate R              live: bookings/s, both airlines (default 20000)
      --seconds S           live: seconds the generator runs (default 120)
      --collection-age S    scale: GrainCollectionOptions.CollectionAge (default 30)
      --timeout S           a run's time limit (default 900)
      --out PATH            JSON result (default benchmark-results/<scenario>-<time>.json)
      micro: any other arguments go to BenchmarkDotNet (e.g. --filter *Json*)
    """;

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine(usage);
    return args.Length == 0 ? 1 : 0;
}

var settings = BenchSettings.Parse(args.Skip(1).ToList());
Report report = args[0] switch
{
    "pipeline" => await PipelineScenario.MainAsync(settings),
    "bare" => await CompareScenario.BareAsync(settings),
    "compare" => await CompareScenario.CompareAsync(settings),
    "scale" => await ScaleScenario.MainAsync(settings.ForScale()),
    "live" => await LiveScenario.MainAsync(settings),
    "micro" => MicroScenario.Run(settings),
    _ => throw new ArgumentException($"Unknown scenario '{args[0]}'.\n{usage}"),
};
report.Publish(settings.Out);
return 0;
