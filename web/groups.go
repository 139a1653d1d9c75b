package web

// OfficeOwner is what a task led by the leading group's office, not a
// working group, has as its owner in the plan.
const OfficeOwner = "office"

// groupName is a working group's name for a page (road_water →
// 道路（水上）运输工作专班): the plan's name for a group key, 领导组办公室 for
// the office, "—" for none, and the text itself for anything else (a
// name already).
func (d *Dashboard) groupName(key string) string {
	for _, g := range d.plan.Groups {
		if g.Key == key {
			return g.Name
		}
	}
	switch key {
	case OfficeOwner:
		return "领导组办公室"
	case "":
		return "—"
	}
	return key
}
