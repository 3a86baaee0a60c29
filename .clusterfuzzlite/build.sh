#!/bin/bash -eu
# Builds every native Go fuzz target of tongref into a libFuzzer binary in
# $OUT, with its committed corpus (PACKAGE/testdata/fuzz/TARGET/) as
# TARGET_seed_corpus.zip, and TARGET.dict for the duration and argv targets
# (their tokens, and the option names of impl's docker flag tables).
#
# ClusterFuzzLite runs it in its builder image (Dockerfile), where SRC, OUT,
# CXX, CXXFLAGS and LIB_FUZZING_ENGINE are set; `make fuzz-libfuzzer` runs
# it on this machine with OUT=bin/libfuzzer, CXX=clang++ and
# LIB_FUZZING_ENGINE=-fsanitize=fuzzer. The targets are found, not listed:
# prepare.go finds every func FuzzX(f *testing.F) and readies a scratch
# copy of the module for go-118-fuzz-build, which rewrites the sources it
# builds (the checkout is never touched).

: "${OUT:?set OUT to the directory for the fuzzer binaries}"
CXX="${CXX:-clang++}"
CXXFLAGS="${CXXFLAGS:-}"
LIB_FUZZING_ENGINE="${LIB_FUZZING_ENGINE:--fsanitize=fuzzer}"
if [[ "${SANITIZER:-}" == coverage ]]; then
	echo "build.sh: coverage builds are not supported; the libFuzzer builds are" >&2
	exit 1
fi
# go-118-fuzz-build, at the version checked with `make fuzz-libfuzzer`
G118=github.com/AdamKorcz/go-118-fuzz-build
G118_VERSION=v0.0.0-20250520111509-a70c2aa677fa

# The repository: this script's parent directory, or, where the Dockerfile
# copied the script to $SRC, $SRC/tongref.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ -f "$here/prepare.go" ]]; then
	repo="$(dirname "$here")"
else
	repo="$SRC/tongref"
fi
mkdir -p "$OUT"
scratch="$(mktemp -d)"
trap 'chmod -R u+w "$scratch" 2>/dev/null; rm -rf "$scratch"' EXIT

# The tool itself, outside any module.
(cd "$scratch" && GOBIN="$scratch/bin" GOFLAGS= go install "$G118@$G118_VERSION")

# A copy of the module to rewrite: no VCS data, no nested module.
mkdir "$scratch/src"
tar -C "$repo" --exclude=./.git --exclude=./props/dockercli --exclude=./bin -cf - . | tar -C "$scratch/src" -xf -
mkdir "$scratch/seeds"
(cd "$repo" && go run ./.clusterfuzzlite/prepare.go -root "$scratch/src" -seeds "$scratch/seeds" -dicts "$OUT") > "$scratch/targets"
cd "$scratch/src"
GOFLAGS=-mod=mod go get "$G118/testing@$G118_VERSION"

built=0
while read -r dir target skip; do
	if [[ -n "$skip" ]]; then
		echo "== $dir $target: $skip"
		continue
	fi
	echo "== $dir $target"
	"$scratch/bin/go-118-fuzz-build" -o "$scratch/$target.a" -func "$target" "./$dir"
	# shellcheck disable=SC2086 # the flags are lists of words
	$CXX $CXXFLAGS $LIB_FUZZING_ENGINE "$scratch/$target.a" -o "$OUT/$target"
	rm -f "$OUT/${target}_seed_corpus.zip"
	if [[ -n "$(ls -A "$scratch/seeds/$target")" ]]; then
		(cd "$scratch/seeds/$target" && zip -q -r "$OUT/${target}_seed_corpus.zip" .)
	fi
	built=$((built + 1))
done < "$scratch/targets"
if [[ $built -eq 0 ]]; then
	echo "build.sh: no fuzz target built" >&2
	exit 1
fi
echo "build.sh: $built fuzz targets in $OUT"
