package props

import (
	"testing"

	"pgregory.net/rapid"
)

// Each test runs one property of props.go with rapid's check count
// (-rapid.checks, 100 by default; `make props` runs 100,000). The rule
// ids are those of spec/SPEC.md.

// INJ-1
func TestInjectWithNothingIsIdentity(t *testing.T) { rapid.Check(t, injectIdentity) }

// INJ, OPT, RUN, DM: inputs are never mutated.
func TestNoOperationMutatesItsInput(t *testing.T) { rapid.Check(t, noMutation) }

// INJ-3 to INJ-7
func TestInjectMatchesTheArgvModel(t *testing.T) { rapid.Check(t, injectMatchesModel) }

// INJ-3, INJ-6, INJ-7, ARGV-6
func TestInjectKeepsImageAndLaterTokensAndPlacesPreAndPost(t *testing.T) {
	rapid.Check(t, injectKeepsImageAndTail)
}

// INJ-4, INJ-5
func TestInjectLeavesExactlyOneNetworkTheNewOne(t *testing.T) { rapid.Check(t, injectSetsOneNetwork) }

// INJ-3
func TestInjectRefusesPreImageArgsThatSetTheNetworkOrAreNotWholeOptions(t *testing.T) {
	rapid.Check(t, injectRefusesBadPre)
}

// INJ-2, §3
func TestInjectIsTotal(t *testing.T) { rapid.Check(t, injectIsTotal) }

// INJ-1 to INJ-7, OPT-3: successive injections against a model.
func TestSuccessiveInjectionsMatchTheModel(t *testing.T) { rapid.Check(t, injectMachine) }

// OPT-1, OPT-3, OPT-4
func TestOptionValueIsTheLastOccurrenceInAnySpelling(t *testing.T) {
	rapid.Check(t, optionValueMatchesModel)
}

// OPT-2, ARGV-6
func TestOptionValueNeverReadsAtOrAfterTheImage(t *testing.T) {
	rapid.Check(t, optionValueNeverReadsAfterImage)
}

// OPT-1, ARGV-1 to ARGV-5
func TestOptionValueIsTotal(t *testing.T) { rapid.Check(t, optionValueIsTotal) }

// DUR-1 to DUR-5
func TestParseDurationIsPositiveAndFiniteOrAnError(t *testing.T) {
	rapid.Check(t, durationIsPositiveFinite)
}

// DUR-1 to DUR-4
func TestParseDurationMatchesTheModel(t *testing.T) { rapid.Check(t, durationModel) }

// DUR-3
func TestFormattedDurationParsesBackToTheSameFloat(t *testing.T) { rapid.Check(t, durationRoundTrip) }

// RDY-8, DUR-4
func TestReadinessTimeoutIsPositiveAndFinite(t *testing.T) { rapid.Check(t, readinessTimeoutPositive) }

// NAME-1 to NAME-5
func TestContainerNamesMatchTheModel(t *testing.T) { rapid.Check(t, namesMatchModel) }

// NAME-6
func TestContainerNamesNeverCollideAndAreValid(t *testing.T) { rapid.Check(t, namesNeverCollide) }

// §5, DM-6
func TestValidateTongIsTotalAndIgnoresMapOrder(t *testing.T) {
	rapid.Check(t, validateIsTotalAndDeterministic)
}

// RUN-1 to RUN-9
func TestEveryValidTongBuildsTheRunArgv(t *testing.T) { rapid.Check(t, validTongBuilds) }

// RUN-1
func TestInvalidTongBuildsNoArgv(t *testing.T) { rapid.Check(t, invalidTongDoesNotBuild) }

// ALIAS-1 to ALIAS-4
func TestAliasCollisionsMatchTheNaiveModel(t *testing.T) { rapid.Check(t, aliasCollisionsMatchModel) }

// HASH-1, DM-2, DM-6
func TestConfigHashIgnoresKeyOrderAndIntegerTypes(t *testing.T) {
	rapid.Check(t, hashIgnoresHowTheTreeWasBuilt)
}

// HASH-1
func TestConfigHashChangesWhenAnyValueChanges(t *testing.T) { rapid.Check(t, hashChangesWithAnyValue) }

// RUN-4, RUN-9
func TestAliasWithoutNetworkIsRefusedForNetworkFacingTongs(t *testing.T) {
	rapid.Check(t, aliasNeedsNetwork)
}
