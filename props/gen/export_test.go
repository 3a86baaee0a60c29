package gen

// BreakTong is breakTong, for the external tests.
var BreakTong = breakTong
