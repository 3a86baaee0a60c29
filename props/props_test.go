package props

import (
	"testing"

	"pgregory.net/rapid"
)

// Each test runs one property of props.go with rapid's check count
// (-rapid.checks, 100 by default; `make props` runs 100,000). The rule
// ids are those of spec/SPEC.md.

// INJ-1
func TestInjectWithNothingIsIdentity(t *testing.T) { rapid.Check(t, InjectIdentity) }

// INJ, OPT, RUN, DM: inputs are never mutated.
func TestNoOperationMutatesItsInput(t *testing.T) { rapid.Check(t, NoMutation) }

// INJ-3 to INJ-7
func TestInjectMatchesTheArgvModel(t *testing.T) { rapid.Check(t, InjectMatchesModel) }

// INJ-3, INJ-6, INJ-7, ARGV-6
func TestInjectKeepsImageAndLaterTokensAndPlacesPreAndPost(t *testing.T) {
	rapid.Check(t, InjectKeepsImageAndTail)
}

// INJ-4, INJ-5
func TestInjectLeavesExactlyOneNetworkTheNewOne(t *testing.T) { rapid.Check(t, InjectSetsOneNetwork) }

// INJ-3
func TestInjectRefusesPreImageArgsThatSetTheNetworkOrAreNotWholeOptions(t *testing.T) {
	rapid.Check(t, InjectRefusesBadPre)
}

// INJ-2, §3
func TestInjectIsTotal(t *testing.T) { rapid.Check(t, InjectIsTotal) }

// INJ-1 to INJ-7, OPT-3: successive injections against a model.
func TestSuccessiveInjectionsMatchTheModel(t *testing.T) { rapid.Check(t, InjectMachine) }

// OPT-1, OPT-3, OPT-4
func TestOptionValueIsTheLastOccurrenceInAnySpelling(t *testing.T) {
	rapid.Check(t, OptionValueMatchesModel)
}

// OPT-2, ARGV-6
func TestOptionValueNeverReadsAtOrAfterTheImage(t *testing.T) {
	rapid.Check(t, OptionValueNeverReadsAfterImage)
}

// OPT-1, ARGV-1 to ARGV-5
func TestOptionValueIsTotal(t *testing.T) { rapid.Check(t, OptionValueIsTotal) }

// DUR-1 to DUR-5
func TestParseDurationIsPositiveAndFiniteOrAnError(t *testing.T) {
	rapid.Check(t, DurationIsPositiveFinite)
}

// DUR-1 to DUR-4
func TestParseDurationMatchesTheModel(t *testing.T) { rapid.Check(t, DurationModel) }

// DUR-3
func TestFormattedDurationParsesBackToTheSameFloat(t *testing.T) { rapid.Check(t, DurationRoundTrip) }

// RDY-8, DUR-4
func TestReadinessTimeoutIsPositiveAndFinite(t *testing.T) { rapid.Check(t, ReadinessTimeoutPositive) }

// NAME-1 to NAME-5
func TestContainerNamesMatchTheModel(t *testing.T) { rapid.Check(t, NamesMatchModel) }

// NAME-6
func TestContainerNamesNeverCollideAndAreValid(t *testing.T) { rapid.Check(t, NamesNeverCollide) }

// §5, DM-6
func TestValidateTongIsTotalAndIgnoresMapOrder(t *testing.T) {
	rapid.Check(t, ValidateIsTotalAndDeterministic)
}

// RUN-1 to RUN-9
func TestEveryValidTongBuildsTheRunArgv(t *testing.T) { rapid.Check(t, ValidTongBuilds) }

// RUN-1
func TestInvalidTongBuildsNoArgv(t *testing.T) { rapid.Check(t, InvalidTongDoesNotBuild) }

// ALIAS-1 to ALIAS-4
func TestAliasCollisionsMatchTheNaiveModel(t *testing.T) { rapid.Check(t, AliasCollisionsMatchModel) }

// HASH-1, DM-2, DM-6
func TestConfigHashIgnoresKeyOrderAndIntegerTypes(t *testing.T) {
	rapid.Check(t, HashIgnoresHowTheTreeWasBuilt)
}

// HASH-1
func TestConfigHashChangesWhenAnyValueChanges(t *testing.T) { rapid.Check(t, HashChangesWithAnyValue) }

// RUN-4, RUN-9
func TestAliasWithoutNetworkIsRefusedForNetworkFacingTongs(t *testing.T) {
	rapid.Check(t, AliasNeedsNetwork)
}
