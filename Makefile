# tongref's tasks. `make test` is the test command CI runs; the others are
# campaigns and maintenance. Every target works from a fresh clone.

GO       ?= go
FUZZTIME ?= 10s
SMOKE    ?= 1000x
CHECKS   ?= 100000
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
ACTIONLINT  ?= github.com/rhysd/actionlint/cmd/actionlint@v1.7.12

.PHONY: mutation mutation-recheck test unit docker-check fuzz-smoke props fuzz golden vectors bench bench-conform bench-python lint conform conform-swarmforge fuzz-libfuzzer

# The test command: the hygiene checks (lint); unit, property (rapid's
# default count), golden, vector and conformance tests; the docker CLI
# check; a short fuzz smoke.
test: lint unit docker-check fuzz-smoke

unit:
	$(GO) test ./...

# The docker CLI's own parser, in its own module (props/dockercli).
docker-check:
	cd props/dockercli && $(GO) test ./...

# Every fuzz target for SMOKE each (1000 inputs past its seeds): enough to
# catch a regression in CI. A count, not a time: go test fails a fuzz run
# whose -fuzztime ends before the seeds' baseline coverage is gathered
# ("context deadline exceeded"), which a 2s smoke reached on a loaded machine.
fuzz-smoke:
	$(MAKE) fuzz FUZZTIME=$(SMOKE)

# Every fuzz target for FUZZTIME each; `make fuzz FUZZTIME=10m` is a campaign.
FUZZPKGS ?= ./fuzz ./load ./props ./internal/jsonstr
fuzz:
	@set -e; for p in $(FUZZPKGS); do \
		for t in $$($(GO) test -list '^Fuzz' $$p | grep '^Fuzz'); do \
			echo "== $$p $$t ($(FUZZTIME))"; \
			$(GO) test $$p -run '^$$' -fuzz "^$$t\$$" -fuzztime $(FUZZTIME); \
		done; \
	done

# The properties with CHECKS cases each (default 100,000), docker's parser included.
props:
	$(GO) test ./props -count=1 -rapid.checks=$(CHECKS) -timeout 2h
	cd props/dockercli && $(GO) test ./... -count=1 -rapid.checks=$(CHECKS) -timeout 2h

# Rewrite the golden files after a reviewed change (then read `git diff golden/`).
golden:
	$(GO) test ./golden ./cmd/tongref -update

# Rewrite the vector corpus under spec/vectors from the reference.
vectors:
	$(GO) run ./cmd/tongref vectors --out spec/vectors

# Benchmarks; compare two runs with benchstat (see spec/PERFORMANCE.md).
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 6 -timeout 60m ./impl ./internal/conform | tee bench.txt

# The conformance runner's throughput against tongref adapter, CASES_PER_OP
# generated cases per op as in make conform: cases/s (wall clock),
# cases/runner-cpu-s and cases/adapter-cpu-s (each process's own CPU time,
# which other work on the machine disturbs less), BENCH_COUNT runs of
# BENCH_RUNS campaigns each; the load average before and after. Then
# tongref conform itself, timed. See spec/PERFORMANCE.md.
BENCH_COUNT ?= 5
BENCH_RUNS  ?= 2
bench-conform:
	@cat /proc/loadavg
	TONGREF_BENCH_CASES=$(CASES_PER_OP) $(GO) test -run '^$$' -bench '^BenchmarkRunAdapter$$' -benchtime $(BENCH_RUNS)x -count $(BENCH_COUNT) ./internal/conform
	$(GO) build -o bin/tongref ./cmd/tongref
	bin/tongref conform --adapter 'bin/tongref adapter' --cases $(CASES_PER_OP) --seed 1 | grep -E 'cases/s|FAIL'
	@cat /proc/loadavg

# Each operation beside the Swarmforge launcher's own Python function, on the
# benchmarks' inputs (impl/testdata/bench-inputs.json), alternating Go and
# Python batches in one run: op, Go ns/op, Python ns/op, ratio. SWARMFORGE
# names one checkout or several (separated by spaces), each a column; see
# spec/PERFORMANCE.md. ROUNDS alternating rounds per benchmark.
ROUNDS ?= 15
bench-python:
	@test -n "$(SWARMFORGE)" || { echo 'usage: make bench-python SWARMFORGE=DIR (a Swarmforge checkout holding scripts/tongs.py; several separated by spaces)' >&2; exit 2; }
	TONGREF_SWARMFORGE='$(SWARMFORGE)' TONGREF_ROUNDS=$(ROUNDS) $(GO) test ./impl -run '^TestSideBySide$$' -count=1 -v -timeout 60m

# The reference against itself through the protocol, for each spec version:
# version 1's 13 ops x CASES_PER_OP generated cases (about 100,000) after
# its vector corpus, then version 2's ops x CASES_PER_OP_V2 after its own;
# zero divergences.
CASES_PER_OP ?= 7700
CASES_PER_OP_V2 ?= 1000
conform:
	$(GO) build -o bin/tongref ./cmd/tongref
	bin/tongref conform --adapter 'bin/tongref adapter' --cases $(CASES_PER_OP) --seed 1
	bin/tongref conform --adapter 'bin/tongref adapter --spec 2' --cases $(CASES_PER_OP_V2) --seed 1

# tongref conform against a Swarmforge checkout, through the Python adapter:
# SWARMFORGE=DIR is a whole checkout (its scripts/tongs.py loads
# anvil/translate_agents.py beside it). The adapter reads the spec version
# from the module's signatures (PR #11: 1, today's launcher: 2). SF_CASES
# generated cases per op, SF_SEED the seed; EXPECT=FILE names the known
# divergences (adapters/python/testdata/expected-divergences-head.jsonl
# for a checkout at 42246cf); the exit status is conform's.
SF_CASES ?= 1000
SF_SEED  ?= 1
conform-swarmforge:
	@test -n "$(SWARMFORGE)" || { echo 'usage: make conform-swarmforge SWARMFORGE=DIR [SF_CASES=N] [SF_SEED=S] [EXPECT=FILE] (DIR: a Swarmforge checkout)' >&2; exit 2; }
	@test -f "$(SWARMFORGE)/scripts/tongs.py" || { echo '$(SWARMFORGE)/scripts/tongs.py: not found; SWARMFORGE names a whole Swarmforge checkout' >&2; exit 2; }
	$(GO) build -o bin/tongref ./cmd/tongref
	bin/tongref conform --adapter "python3 adapters/python/swarmforge_adapter.py --module '$(abspath $(SWARMFORGE))/scripts/tongs.py'" --cases $(SF_CASES) --seed $(SF_SEED) $(if $(EXPECT),--expect '$(EXPECT)')

# Mutation testing of impl with its unit tables: gremlins mutates impl's
# code one change at a time and runs impl's tests on each mutant, then
# impl's TestMutationSurvivors fails on any mutant that lived unless
# impl/testdata/mutation-equivalent.txt lists it, with the reason it is
# equivalent. gremlins leaves a switch's case expressions as "not covered"
# (Go's cover profile has no block for them), so internal/uncovered runs
# those mutants the same way before the check. One build and test run per
# mutant (about 1,100 of them): long, so not in make test; spec/TESTING.md
# has measured times.
GREMLINS ?= github.com/go-gremlins/gremlins/cmd/gremlins@v0.6.0
MUTATION_REPORT ?= mutation.json
UNCOVERED_REPORT ?= mutation-uncovered.json
RECHECK_REPORT ?= mutation-recheck.json
# A mutant that appends without end would fill the machine's memory long
# before its timeout (one reached 23 GiB in a minute): every process of a
# mutation run gets at most this much address space, and a test binary that
# runs out fails, which kills the mutant.
MUTANT_MEMORY_KB ?= 8388608
IMPL_CODE = $(filter-out %_test.go,$(wildcard impl/*.go))
mutation:
	sha256sum $(IMPL_CODE) > $(abspath $(MUTATION_REPORT)).sha256
	ulimit -v $(MUTANT_MEMORY_KB) && $(GO) run $(GREMLINS) unleash --tags mutation --timeout-coefficient 60 --output $(abspath $(MUTATION_REPORT)) ./impl
	ulimit -v $(MUTANT_MEMORY_KB) && $(GO) run ./internal/uncovered -report $(abspath $(MUTATION_REPORT)) -out $(abspath $(UNCOVERED_REPORT)) -tags mutation -timeout-coefficient 60 impl
	$(GO) test ./impl -count=1 -run '^TestMutationSurvivors$$' -v -mutation-report $(abspath $(MUTATION_REPORT)),$(abspath $(UNCOVERED_REPORT))

# After rows were added for make mutation's survivors: reruns the mutants
# that lived (and those gremlins could not run) under the tests as they are
# now, and checks the survivors again. Valid only while impl's own code is
# the code gremlins mutated, which the checksum make mutation wrote checks;
# otherwise run make mutation again.
mutation-recheck:
	@sha256sum --quiet -c $(abspath $(MUTATION_REPORT)).sha256 || { echo "impl's code changed since make mutation's run; run make mutation again" >&2; exit 1; }
	ulimit -v $(MUTANT_MEMORY_KB) && $(GO) run ./internal/uncovered -report $(abspath $(MUTATION_REPORT)) -out $(abspath $(RECHECK_REPORT)) -statuses 'LIVED,NOT COVERED' -tags mutation -timeout-coefficient 60 impl
	$(GO) test ./impl -count=1 -run '^TestMutationSurvivors$$' -v -mutation-report $(abspath $(MUTATION_REPORT)),$(abspath $(RECHECK_REPORT))

# gofmt, go vet, staticcheck and go mod tidy -diff, on both modules (the
# main one and props/dockercli); actionlint on .github/workflows, which also
# checks action.yml's metadata where ci.yml uses it (uses: ./). Part of make
# test.
lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt -l: these files need gofmt -w:"; gofmt -l $$(git ls-files '*.go'); exit 1; }
	$(GO) vet ./...
	cd props/dockercli && $(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
	cd props/dockercli && $(GO) run $(STATICCHECK) ./...
	$(GO) mod tidy -diff
	cd props/dockercli && $(GO) mod tidy -diff
	$(GO) run $(ACTIONLINT)
	$(GO) vet .clusterfuzzlite/prepare.go

# Every native fuzz target built as ClusterFuzzLite builds it
# (.clusterfuzzlite/build.sh: go-118-fuzz-build and clang), into
# bin/libfuzzer, then each run for LIBFUZZER_RUNS inputs from its seed
# corpus with its dictionary. Needs clang (Debian: apt-get install clang).
# Not part of make test.
LIBFUZZER_RUNS ?= 100000
fuzz-libfuzzer:
	rm -rf bin/libfuzzer
	OUT=$(CURDIR)/bin/libfuzzer CXX=$${CXX:-clang++} LIB_FUZZING_ENGINE=-fsanitize=fuzzer .clusterfuzzlite/build.sh
	@set -e; cd bin/libfuzzer; for t in Fuzz*; do \
		case $$t in *.*) continue;; esac; \
		mkdir -p corpus/$$t; \
		if [ -f $${t}_seed_corpus.zip ]; then unzip -q -o $${t}_seed_corpus.zip -d corpus/$$t; fi; \
		dict=; if [ -f $$t.dict ]; then dict=-dict=$$t.dict; fi; \
		echo "== $$t: $(LIBFUZZER_RUNS) runs"; \
		./$$t -runs=$(LIBFUZZER_RUNS) $$dict corpus/$$t > $$t.log 2>&1 || { tail -40 $$t.log; exit 1; }; \
		grep -E '^(Done|INFO: seed corpus)' $$t.log; \
	done
