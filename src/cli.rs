//! Command-line types (clap). Kept apart from the logic in `commands`.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Synthesizes CloudFormation for a data platform environment from one YAML spec, and
/// checks it before you deploy.
#[derive(Debug, Parser)]
#[command(name = "platformctl", version, about, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Print results and errors only: no progress, no success summaries.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Colour in text output: auto (a terminal, and NO_COLOR unset), always, or never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
}

/// When text output is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Shells `completions` writes scripts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write the parent template, nested templates and manifest.json to DIR.
    Synth(SynthArgs),
    /// Judge the network against the environment size, offline or against a live VPC.
    CheckNetwork(CheckNetworkArgs),
    /// Region support, per-stack inventory, and the change against earlier output.
    Plan(PlanArgs),
    /// Check a spec and report every problem in it.
    Validate(ValidateArgs),
    /// Prove every `access:` entry open on every layer (network, IAM, resource policy,
    /// KMS key) in the templates, and nothing reachable that no entry declares.
    Verify(VerifyArgs),
    /// Print the outputs of the deployed parent stack; with --helm-dir, write each Helm
    /// release's values file with them filled in.
    Outputs(OutputsArgs),
    /// Print the JSON Schema of the spec.
    Schema,
    /// Operate an S3 connector declared in the spec.
    #[command(subcommand)]
    Connector(ConnectorCommand),
    /// Lint CloudFormation templates (files, or directories searched for templates).
    Lint(LintArgs),
    /// Print a completion script for SHELL (e.g. `platformctl completions bash > /etc/bash_completion.d/platformctl`).
    Completions {
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Print the man page (roff) to stdout (e.g. `platformctl man > platformctl.1`).
    Man,
    /// Create the change sets `plan --stack-name` shows, confirm, execute them (the
    /// foundation, then the application) and follow every nested stack's events.
    Deploy(DeployArgs),
    /// Write a versioned artifact set (templates, Service Catalog setup and StackSet
    /// templates, package.json) to DIR/VERSION; with --publish, upload it and add the
    /// version to the Service Catalog products.
    Package(PackageArgs),
}

#[derive(Debug, Subcommand)]
pub enum ConnectorCommand {
    /// Queue ObjectCreated messages for objects already in the bucket, so the connector
    /// uploads them too. Dry run unless --execute.
    Backfill(BackfillArgs),
}

#[derive(Debug, clap::Args)]
pub struct BackfillArgs {
    /// The environment spec (YAML).
    pub spec: PathBuf,
    /// The connector, by name.
    #[arg(long, value_name = "NAME")]
    pub connector: String,
    /// Send the messages; without it, only show what would be sent.
    #[arg(long)]
    pub execute: bool,
    /// Source bucket. Default: the connector's `existing_bucket`, or the bucket the stack created.
    #[arg(long, value_name = "BUCKET")]
    pub bucket: Option<String>,
    /// The connector's queue. Default: the queue the stack created, found by name.
    #[arg(long, value_name = "URL")]
    pub queue_url: Option<String>,
    /// Region of the bucket and queue. Default: the spec's.
    #[arg(long)]
    pub region: Option<String>,
    #[command(flatten)]
    pub aws: AwsArgs,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Output formats of reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Output formats of reports that also go into pull-request comments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
    Markdown,
}

/// Where to reach AWS: the standard credential chain, optionally a named profile, and an
/// endpoint override (a local test server, a VPC endpoint).
#[derive(Debug, Clone, clap::Args)]
pub struct AwsArgs {
    /// Named profile from the AWS config files.
    #[arg(long)]
    pub profile: Option<String>,
    /// Send AWS requests to this URL instead of the public endpoint.
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct CheckNetworkArgs {
    /// The environment spec (YAML), or a directory of them (a fleet).
    pub spec: PathBuf,
    /// More specs or directories: a fleet, one summary row per environment (files that
    /// another file extends are bases, not environments).
    #[arg(value_name = "SPEC")]
    pub rest: Vec<PathBuf>,
    /// Judge this VPC as it is now (DescribeVpcs, DescribeSubnets) instead of the spec's layout.
    #[arg(long, value_name = "VPC_ID")]
    pub vpc_id: Option<String>,
    /// Judge the VPC of the deployed environment: the `VpcId` output of stack
    /// `NAME-foundation`, as `--vpc-id` would.
    #[arg(long, value_name = "NAME", conflicts_with = "vpc_id")]
    pub stack_name: Option<String>,
    /// Region of the VPC; must match the spec's region. Default: the spec's.
    #[arg(long)]
    pub region: Option<String>,
    #[command(flatten)]
    pub aws: AwsArgs,
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}

#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    /// The environment spec (YAML), or a directory of them (a fleet).
    pub spec: PathBuf,
    /// More specs or directories: a fleet, one summary row per environment (files that
    /// another file extends are bases, not environments).
    #[arg(value_name = "SPEC")]
    pub rest: Vec<PathBuf>,
    /// Region to plan for. Default: the spec's.
    #[arg(long)]
    pub region: Option<String>,
    /// Compare with an earlier `synth` output directory.
    #[arg(long, value_name = "DIR", conflicts_with = "stack_name")]
    pub against: Option<PathBuf>,
    /// Compare with the deployed environment, stacks `NAME-foundation` and
    /// `NAME-application`, through a change set on each (never executed).
    #[arg(long, value_name = "NAME")]
    pub stack_name: Option<String>,
    /// Bucket to upload the nested templates to for the change set.
    #[arg(long, value_name = "BUCKET", requires = "stack_name")]
    pub artifact_bucket: Option<String>,
    #[command(flatten)]
    pub aws: AwsArgs,
    /// Exit 0 when nothing changes, 2 when something does, 1 on errors (as Terraform does).
    #[arg(long)]
    pub detailed_exitcode: bool,
    /// Accept the replacement of this stateful resource (logical ID); repeatable.
    #[arg(long, value_name = "LOGICAL_ID")]
    pub allow_replace: Vec<String>,
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}

/// Output formats of `synth`: the report on stdout, or YAML templates beside the JSON ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SynthFormat {
    /// JSON templates; a summary on stdout.
    Text,
    /// JSON templates; the manifest on stdout.
    Json,
    /// JSON templates and YAML renderings of each; a summary on stdout.
    Yaml,
}

#[derive(Debug, clap::Args)]
pub struct SynthArgs {
    /// The environment spec (YAML), or a directory of them (a fleet).
    pub spec: PathBuf,
    /// More specs or directories: a fleet, one summary row per environment (files that
    /// another file extends are bases, not environments).
    #[arg(value_name = "SPEC")]
    pub rest: Vec<PathBuf>,
    /// Directory to write; replaced whole if it holds earlier output.
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    #[arg(long, value_enum, default_value_t = SynthFormat::Text)]
    pub format: SynthFormat,
    /// Write the templates even when the network fails the capacity rule for the size.
    #[arg(long)]
    pub allow_network_risk: bool,
    /// Write nothing; exit 1 listing the files of DIR that differ from what synth would
    /// write now (changed, missing or extra), 0 when DIR is up to date.
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, clap::Args)]
pub struct OutputsArgs {
    /// The environment spec (YAML).
    pub spec: PathBuf,
    /// The deployed environment: stacks `NAME-foundation` and `NAME-application`.
    #[arg(long, value_name = "NAME")]
    pub stack_name: String,
    /// Write `<release>.values.yaml` for each of the spec's Helm releases into DIR, every
    /// output filled in; nothing is written when one is missing.
    #[arg(long, value_name = "DIR")]
    pub helm_dir: Option<PathBuf>,
    #[command(flatten)]
    pub aws: AwsArgs,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// The environment spec (YAML).
    pub spec: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// The environment spec (YAML).
    pub spec: PathBuf,
    /// Judge the templates in this directory (as `synth` wrote them, or edited) instead of
    /// synthesizing them in memory.
    #[arg(long)]
    pub templates: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}

/// Output formats of `lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    /// `file:line:col: severity[RULE]: path: message`, coloured on a terminal.
    Text,
    /// A JSON array of findings.
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions annotations (`::error file=...`).
    Github,
}

#[derive(Debug, clap::Args)]
pub struct LintArgs {
    /// Template files, or directories searched for templates (.json, .yaml, .yml, .template).
    #[arg(required_unless_present = "list_rules")]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = LintFormat::Text)]
    pub format: LintFormat,
    /// Also check that every resource type is available in this region; repeatable.
    #[arg(long = "region", value_name = "REGION")]
    pub regions: Vec<String>,
    /// Exit 1 on warnings too.
    #[arg(long)]
    pub warnings_as_errors: bool,
    /// Config file to use instead of the nearest .platformctl.yaml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Print every rule's ID, severity and summary, and exit.
    #[arg(long)]
    pub list_rules: bool,
    /// Judge date-dependent rules (Lambda runtimes, retired services) as of this day,
    /// YYYY-MM-DD, instead of today (UTC).
    #[arg(long, value_name = "DATE")]
    pub today: Option<crate::lint::date::Day>,
}

#[derive(Debug, clap::Args)]
pub struct DeployArgs {
    /// The environment spec (YAML).
    pub spec: PathBuf,
    /// The environment's stacks are `NAME-foundation` and `NAME-application`.
    #[arg(long, value_name = "NAME")]
    pub stack_name: String,
    /// Bucket for the templates. Needed to create a stack; an existing stack's
    /// `ArtifactBucket` parameter is reused otherwise.
    #[arg(long, value_name = "BUCKET")]
    pub artifact_bucket: Option<String>,
    /// Execute without asking (needed when stdin is not a terminal, as in CI).
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Only follow the operation each stack is running now (after Ctrl-C, or from another
    /// terminal): no change set.
    #[arg(long, conflicts_with_all = ["yes", "allow_replace", "artifact_bucket"])]
    pub follow: bool,
    /// Accept the replacement of this stateful resource (logical ID); repeatable.
    #[arg(long, value_name = "LOGICAL_ID")]
    pub allow_replace: Vec<String>,
    #[command(flatten)]
    pub aws: AwsArgs,
    /// text: the plan, then progress (one line per nested stack on a terminal, event
    /// lines otherwise); json: one JSON object per line, events then the result.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, clap::Args)]
pub struct PackageArgs {
    /// The environment spec (YAML).
    pub spec: PathBuf,
    /// The version: letters, digits, `.` and `-` (e.g. 1.4.0, 2.0.0-rc.1). Immutable once published.
    #[arg(long, value_name = "V")]
    pub version: String,
    /// Directory to write DIR/V into.
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// Upload DIR/V to s3://BUCKET/PREFIX V/ and add version V to the Service Catalog products.
    #[arg(long, requires = "artifact_bucket")]
    pub publish: bool,
    /// Bucket of the published versions; also the parents' default ArtifactBucket.
    #[arg(long, value_name = "BUCKET")]
    pub artifact_bucket: Option<String>,
    /// Key prefix before the version, empty or ending in /.
    #[arg(long, value_name = "P", default_value = "")]
    pub prefix: String,
    /// Products are NAME-foundation and NAME-application. Default: the environment's name.
    #[arg(long, value_name = "NAME")]
    pub product_name: Option<String>,
    /// Region of the bucket and Service Catalog. Default: the spec's.
    #[arg(long)]
    pub region: Option<String>,
    #[command(flatten)]
    pub aws: AwsArgs,
}
