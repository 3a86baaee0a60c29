// Package impl is the reference implementation of the tong launch toolkit:
// the pure functions a launcher uses to check a tong definition and to start
// sidecar containers ("tongs") beside an agent's harness container (the
// "anvil"). Each function is written down rule by rule in spec/SPEC.md
// (version 1) or spec/SPEC-v2.md (version 2, the functions named V2 and
// those version 2 adds); the
// doc comment of each names its rules (DUR-3, IF-3, ...), and every error
// carries the rule it breaks.
//
// The functions are total and deterministic: every input gives a result or
// an *Error, never a panic, and the same input gives the same result,
// whatever the order of a map's keys. They do no I/O and start no process;
// a launcher runs the argvs they build. Reading definition files (YAML or
// JSON, with line numbers) is the job of package load.
//
// # The data model
//
// A tong definition is a JSON-like tree (DM-1 to DM-6): nil, bool, any Go
// integer type or a non-nil *big.Int, float64 or float32, string, []any and
// map[string]any. Any other Go value anywhere in the tree is an error, not
// a guess (a []string is not a list). Integers, floats and bools are three
// types (8080.0 is not a port, true is not 1); strings are valid UTF-8;
// trees nest at most 100 levels. An optional field set to nil is absent
// (DEF-2). The tong's name comes from outside the tree, usually its file's
// name: github.yaml defines the tong "github".
//
// # Errors
//
// Every failure is an *Error naming the field (a dotted path such as
// "interface.port" or "argv[4]"), the rule, the offending input and what to
// write instead; Error() formats it as "FIELD: INPUT: MESSAGE [RULE]". The
// message is for a person and may change; the rule is the contract.
//
// # The rule families and where they live
//
//	DM, DEF          the data model          value.go (checkTree), view.go (defView), validate.go (field)
//	TONG, LIFE, IMG  name, lifecycle, image  validate.go (ValidateTong); image.go (the IMG-3 grammar)
//	IF               interface               validate.go (defView.checkInterface)
//	RDY              readiness               validate.go; readiness.go (ReadinessSettings, RDY-8)
//	DUR              durations               duration.go (ParseDuration, ParseDurationString)
//	ENV              env and secrets         validate.go (envVarFault, IsSecretValue)
//	MNT, RES         mounts, resources       validate.go; argv.go (TongMountSpecs, TongResourceFlags)
//	NET              networks                validate.go (checkNetworksValue); inject.go (checkNetworkName)
//	ALIAS            network aliases         alias.go (CanonicalAlias, AliasCollisions)
//	RUN              a tong's docker run     argv.go (TongRunArgv, RunOptions)
//	NAME             container names         names.go (SharedContainerName, SessionContainerName)
//	ARGV             reading docker's argv   scan.go (the pflag grammar); flags.go (docker's flag tables)
//	INJ              the anvil's argv        inject.go (InjectAnvilArgv)
//	OPT              an anvil option         inject.go (AnvilOptionValue)
//	HASH             the config hash         hash.go (ConfigHash, CanonicalJSON, AppendPythonFloat)
//
// Spec version 2 (spec/SPEC-v2.md, its rule index in section 11) adds:
//
//	EXEC             the process a tong runs exec.go (ExecTarget, RunOverride)
//	RUN-11 to 14     version 2's docker run  argv2.go (TongRunArgvV2, RunOptionsV2)
//	SCOPE, NAME-7+   org scopes, names       scope.go (OrgScopeToken, SharedContainerNameV2)
//	NET-3 to 5       network names           scope.go (SessionNetworkName, SharedNetworkName)
//	SEC, PROV        secrets over a FIFO     secrets.go (PartitionSecretEnv, RenderSecretExports,
//	                                         SecretInjectArgv, SecretProviderCommand)
//	CREATE           the anvil's create argv create.go (ToCreateArgv)
//	PLAN             the launch plan         plan.go (TongEnvVar, MCPURL, CheckTongSet,
//	                                         PlanNetwork, PlanInjection); launch.go
//	                                         (LaunchCommands: every command of a launch)
//
// A launcher's order of calls for one launch: ValidateTong on each
// definition (and AliasCollisions on all of them), SessionContainerName or
// SharedContainerName for each container, ConfigHash for a shared tong's
// label, TongRunArgv for each tong's docker run, ReadinessSettings for its
// probe, and InjectAnvilArgv for the anvil's own docker run. Under version
// 2 the V2 forms take their place, the launch plan (PlanNetwork,
// PlanInjection) says what the set of tongs gives the anvil, and a tong
// with secrets is started behind SecretInjectArgv's wrapper
// (spec/LIBRARY.md shows that path); LaunchCommands makes all of those
// calls for one launch and returns its docker commands in order.
//
// Where the Swarmforge launcher is wrong or ambiguous the spec decides, and
// says why, in its section "Where this spec differs from the Swarmforge
// launcher".
package impl
