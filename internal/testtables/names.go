package testtables

// Name is a row of the container names' table (NAME-1 to NAME-5).
type Name struct {
	Rule    string
	Session string // "shared" for SharedContainerName
	Name    string
	Want    string // "" when the row is an error
}

// Names is the container names' table; FuzzContainerNames is seeded with
// its session ids and names.
var Names = []Name{
	// NAME-1, NAME-2: clean names keep the Swarmforge launcher's form.
	{"NAME-1", "shared", "github", "swarmforge-shared-github"},
	{"NAME-1", "shared", "", "swarmforge-shared"},
	{"NAME-2", "shared", "a-b", "swarmforge-shared-a-b"},
	{"NAME-2", "shared", "Pg_16.x", "swarmforge-shared-Pg_16.x"},
	{"NAME-2", "s1", "github", "s1-tong-github"},
	// NAME-3: every other name is escaped, after "_".
	{"NAME-3", "shared", "a b", "swarmforge-shared-_a_20b"},
	{"NAME-3", "shared", "@@@", "swarmforge-shared-__40_40_40"},
	{"NAME-3", "shared", "!!!", "swarmforge-shared-__21_21_21"},
	{"NAME-3", "shared", "my_tong ", "swarmforge-shared-_my_5ftong_20"},
	{"NAME-3", "shared", "é", "swarmforge-shared-__c3_a9"},
	{"NAME-3", "shared", ".hidden", "swarmforge-shared-_.hidden"},
	{"NAME-3", "shared", "a/b", "swarmforge-shared-_a_2fb"},
	{"NAME-3", "shared", "_", "swarmforge-shared-__5f"},
	{"NAME-3", "s1", "a b", "s1-tong-_a_20b"},
	{"NAME-2", "s1", "azAZ09", "s1-tong-azAZ09"},              // the edges of [A-Za-z0-9]
	{"NAME-3", "s1", "`{@[/:", "s1-tong-__60_7b_40_5b_2f_3a"}, // the bytes just outside them
	{"NAME-3", "shared", "@@@@@@@@", "swarmforge-shared-__40_40_40_40_40_40_40_40"},
	{"NAME-3", "shared", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa ", "swarmforge-shared-_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_20"},
	// NAME-4: the session id.
	{"NAME-4", "sess-01.a_b", "x", "sess-01.a_b-tong-x"},
	{"NAME-4", "s", "x", ""},
	{"NAME-4", "-s1", "x", ""},
	{"NAME-4", "s 1", "x", ""},
	{"NAME-4", "", "x", ""},
	{"NAME-4", "s1/", "x", ""},
	{"NAME-4", "swarmforge-shared", "x", ""},
	{"NAME-4", "swarmforge-shared-1", "x", ""},
	{"NAME-4", "swarmforge-share", "x", "swarmforge-share-tong-x"},
	{"NAME-4", "a0", "x", "a0-tong-x"}, // a session id begins with [a-zA-Z0-9], edges included
	{"NAME-4", "z0", "x", "z0-tong-x"},
	{"NAME-4", "A0", "x", "A0-tong-x"},
	{"NAME-4", "Z0", "x", "Z0-tong-x"},
	{"NAME-4", "00", "x", "00-tong-x"},
	{"NAME-4", "90", "x", "90-tong-x"},
	{"NAME-4", "`0", "x", ""},
	{"NAME-4", "{0", "x", ""},
	{"NAME-4", "@0", "x", ""},
	{"NAME-4", "[0", "x", ""},
	{"NAME-4", "/0", "x", ""},
	{"NAME-4", ":0", "x", ""},
	// NAME-5: the session form.
	{"NAME-5", "s1", "", "s1-tong"},
	{"NAME-5", "s1", "@@@", "s1-tong-__40_40_40"},
}
