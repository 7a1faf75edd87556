namespace Kickstarter.Silo.Configuration;

/// <summary>
/// What <c>--help</c> prints: the silo's switches, the embedded-kafka and health-check commands, and the settings
/// people change most. Plain text built here (not by the host) so it prints before anything starts.
/// </summary>
public static class HelpText
{
    /// <summary>The usage text, lines under 120 characters, ending with a newline.</summary>
    public static string Build(string program = "Kickstarter.Silo") =>
        $"""
        Kickstarter silo: the Data Generator, Flight Consolidator and Flyer Stats apps on Microsoft Orleans.

        Usage:
          {program} [switches] [--Section:Key=value ...]
          {program} embedded-kafka --bootstrap-file PATH [--registry-file PATH] [--partitions N] [--brokers N]
          {program} --health-check [--http-port N]
          {program} --help
          From the sources, put `dotnet run --project Silo --` in place of {program}.

        Switches:
          --duration TIME        Stop after TIME (30s, 5m, 1h, 250ms or 00:00:30), after draining both jobs; default: until
                                 Ctrl+C or SIGTERM. Setting Kickstarter:Duration.
          --jobs A,B             Jobs this process runs: Generator, Consolidator, FlyerStats; default: all three.
                                 Setting Kickstarter:Jobs. The old name --apps (Kickstarter:Apps) is still read.
          --warehouse PATH       Root of the Iceberg warehouse: a path, file:///path or s3://bucket/prefix; default:
                                 ./warehouse. Setting Iceberg:Warehouse.
          --http-port N          Port of the stats API, /dashboard and /health/*; default: 8080, 0 picks a free port.
                                 Setting Http:Port.
          --service-account-user NAME
                                 Read Kafka and Schema Registry settings from AWS (Secrets Manager, Parameter Store) for
                                 this Confluent service account user. Setting Aws:ServiceAccountUser.
          --health-check         Ask the running silo's GET /health/live on this machine (Http:Port, Http:BindAddress)
                                 and exit 0 when it answers 2xx, 1 otherwise: a container HEALTHCHECK without curl.
          --help, -h             Print this text and exit.

        embedded-kafka: run only the embedded Kafka cluster (librdkafka's mock) and Schema Registry, shared by several
        silos and kcat:
          --bootstrap-file PATH  Write the bootstrap address there once the cluster listens (required to find it).
          --registry-file PATH   Write the Schema Registry's URL there (give it to silos as SchemaRegistry:Url).
          --partitions N         Partitions of each airline topic; default: 8.
          --brokers N            Brokers of the cluster; default: 1.

        Settings (any setting: --Section:Key=value, or the environment variable Section__Key=value):
          Kafka:BootstrapServers        A real cluster (host:port,...); default: empty, the embedded cluster in-process.
          Kafka:Partitions              Partitions of the topics the silo creates; default: 8.
          Kafka:Properties:<key>        Any librdkafka property for every client, e.g. security.protocol.
          Kafka:Format                  Record values: Avro (Confluent wire format) or Json; default: Avro.
          Kafka:TopicFormats:<topic>    The format of one topic, e.g. Kafka:TopicFormats:airline.flight=Json.
          SchemaRegistry:Url            Schema Registry of Avro topics; default: the embedded one with embedded Kafka.
          Generator:RatePerSecond       Bookings per second per airline; default: 10.
          Generator:FlyerPoolSize       Distinct flyers; default: 100.
          Generator:Seed                Fixed seed for repeatable bookings; default: random.
          Committer:CommitInterval      Time between epochs (one Iceberg snapshot per table, one Kafka transaction);
                                        default: 00:00:10.
          Iceberg:Catalog:Type          Hadoop (files, one host), DynamoDb or Rest; an s3:// warehouse needs DynamoDb
                                        or Rest; default: Hadoop. More: Iceberg:Catalog:DynamoDb:*, Iceberg:Catalog:Rest:*.
          Iceberg:S3:ServiceUrl         S3-compatible endpoint for an s3:// warehouse; default: AWS S3. More: Iceberg:S3:*.
          Storage:Provider              Grain state: Memory or DynamoDB; default: Memory.
          Storage:DynamoDB:TableName    DynamoDB table of grain state; default: KickstarterGrainState.
          Http:BindAddress              Address the HTTP endpoint binds; default: 127.0.0.1 (containers: 0.0.0.0).
          Membership:Provider           Orleans membership: Localhost (one silo) or Redis; default: Localhost.
          Membership:Redis              Redis connection string for Redis membership.

        Examples:
          {program} --duration 30s
          {program} --Generator:Seed=42 --http-port 9090
          {program} --Kafka:BootstrapServers=broker1:9092 --jobs Consolidator,FlyerStats

        Bad configuration stops start-up with one line naming the setting (exit code 2). Full reference: README.md.

        """;
}
